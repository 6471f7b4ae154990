"""Computed, related and editable computed fields; in-memory records and onchange."""

from core.orm import Command


def test_stored_compute_follows_dependencies(orm):
    lead = orm["test.lead"].create({"name": "x", "revenue": 1000, "probability": 25})
    assert lead.prorated == 250
    lead.probability = 50
    assert lead.prorated == 500
    orm.invalidate_all()
    assert lead.read(["prorated"])[0]["prorated"] == 500  # stored in the database


def test_dotted_dependency_through_many2one(orm):
    partner = orm["test.partner"].create({"name": "Old"})
    lead = orm["test.lead"].create({"name": "x", "partner_id": partner.id})
    assert lead.display_label == "x (Old)"
    partner.name = "New"
    assert lead.display_label == "x (New)"  # non-stored: invalidated and recomputed
    category = orm["test.category"].create({"name": "Cat"})
    lead.category_id = category
    assert lead.category_label == "Cat"
    category.name = "Renamed"
    orm.invalidate_all()
    assert lead.category_label == "Renamed"  # stored: recomputed through the path


def test_one2many_dependencies_and_reparenting(orm):
    partner = orm["test.partner"].create({"name": "P"})
    first = orm["test.lead"].create({"name": "a", "partner_id": partner.id, "revenue": 10})
    second = orm["test.lead"].create({"name": "b", "partner_id": partner.id, "revenue": 5})
    assert (partner.lead_count, partner.total_revenue) == (2, 15)
    other = orm["test.partner"].create({"name": "Q"})
    second.partner_id = other
    assert (partner.lead_count, partner.total_revenue) == (1, 10)
    assert (other.lead_count, other.total_revenue) == (1, 5)
    first.unlink()
    assert (partner.lead_count, partner.total_revenue) == (0, 0)


def test_editable_computed_keeps_the_written_value(orm):
    category = orm["test.category"].create({"name": "Cat"})
    lead = orm["test.lead"].create({"name": "x", "category_id": category.id,
                                    "category_label": "Mine"})
    assert lead.category_label == "Mine"
    lead.write({"category_id": False, "category_label": "Still mine"})
    assert lead.category_label == "Still mine"
    lead.write({"category_id": category.id})
    assert lead.category_label == "Cat"


def test_related_fields(orm):
    partner = orm["test.partner"].create({"name": "P", "email": "p@x.test",
                                          "country_id": orm.ref("base.fr").id})
    lead = orm["test.lead"].create({"name": "x", "partner_id": partner.id})
    assert lead.partner_name == "P" and lead.country_id == orm.ref("base.fr")
    lead.partner_email = "new@x.test"  # readonly=False related: writes through
    assert partner.email == "new@x.test"
    partner.country_id = orm.ref("base.de")
    orm.invalidate_all()
    assert lead.country_id == orm.ref("base.de")  # stored related recomputed
    desc = orm["test.lead"].fields_get(["partner_name", "country_id"])
    assert desc["partner_name"]["type"] == "char" and desc["partner_name"]["related"]
    assert desc["country_id"]["relation"] == "res.country"


def test_new_records_and_onchange(orm):
    partner = orm["test.partner"].create({"name": "P"})
    record = orm["test.lead"].new({"name": "draft", "revenue": 200, "probability": 10})
    assert not record.id and record.prorated == 20
    record.probability = 50
    assert record.prorated == 100
    assert orm["test.lead"].search_count([("name", "=", "draft")]) == 0
    result = orm["test.lead"].onchange(
        {"name": "draft", "revenue": 200, "probability": 30, "partner_id": partner.id},
        ["probability"], ["prorated", "partner_name", "display_label"])
    assert result["value"]["prorated"] == 60
    assert result["value"]["partner_name"] == "P"
    lead = orm["test.lead"].create({"name": "real", "revenue": 10, "probability": 10})
    result = lead.onchange({"probability": 20}, ["probability"], ["prorated", "name"])
    assert result["value"]["prorated"] == 2
    assert lead.probability == 10  # nothing written


def test_defaults_of_a_new_record_are_not_recomputed(orm):
    """A default given for an editable computed field (a link with default_...) is kept;
    the fields not given are computed."""
    category = orm["test.category"].create({"name": "Cat"})
    values = {"name": "new", "category_id": category.id, "category_label": "Chosen",
              "revenue": 100, "probability": 50}
    result = orm["test.lead"].onchange(values, [], ["category_label", "prorated"])
    assert "category_label" not in result["value"] and result["value"]["prorated"] == 50
    changed = orm["test.lead"].onchange(values, ["category_id"], ["category_label"])
    assert changed["value"]["category_label"] == "Cat"


def test_computed_values_are_batched(orm):
    from core.testing import count_queries
    partners = orm["test.partner"].create([{"name": f"P{i}"} for i in range(20)])
    orm["test.lead"].create([{"name": f"L{i}", "partner_id": p.id}
                             for i, p in enumerate(partners)])
    orm.invalidate_all()
    leads = orm["test.lead"].search([("name", "like", "L")])
    counter = count_queries(orm)
    labels = leads.mapped("display_label")
    assert len(labels) == 20
    assert counter() <= 2  # leads' columns (with partner names joined), nothing per record


def test_line_total_with_commands(orm):
    lead = orm["test.lead"].create({"name": "x"})
    lead.write({"line_ids": [Command.create({"amount": 4}), Command.create({"amount": 6})]})
    assert lead.line_total == 10
    lead.line_ids[0].amount = 1
    assert lead.line_total == 7


def test_values_depending_on_the_language_are_kept_per_language(orm):
    cat = orm["test.category"].create({"name": "Shoes"})
    cat.with_context(lang="de_DE").name = "Schuhe"
    german = cat.with_context(lang="de_DE")
    assert cat.display_name == "Shoes"
    assert german.display_name == "Schuhe"
    assert cat.display_name == "Shoes"
    assert german.read(["display_name"])[0]["display_name"] == "Schuhe"
    cat.name = "Boots"
    assert cat.display_name == "Boots" and german.display_name == "Schuhe"


def test_assigning_x2many_commands(orm):
    tags = orm["test.tag"].create([{"name": "x1"}, {"name": "x2"}])
    lead = orm["test.lead"].create({"name": "x", "tag_ids": tags.ids})
    lead.tag_ids = [(3, tags[0].id)]
    assert lead.tag_ids == tags[1]
    lead.tag_ids = tags
    assert lead.tag_ids == tags
