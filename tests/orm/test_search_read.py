"""search, ordering, read, read_group, name_search, fields_get."""

import pytest


def test_order_limit_offset(data):
    lead = data["env"]["test.lead"]
    assert lead.search([]).mapped("name") == ["Deal A", "Deal C", "Deal B"]  # priority desc, id desc
    assert lead.search([], order="name desc").mapped("name") == ["Deal C", "Deal B", "Deal A"]
    assert lead.search([], order="revenue", limit=2).mapped("name") == ["Deal A", "Deal B"]
    assert lead.search([], order="revenue", offset=1, limit=5).mapped("name") == [
        "Deal B", "Deal C"]
    assert lead.search([], order="partner_id, id").mapped("name") == ["Deal A", "Deal B", "Deal C"]
    assert lead.search([], order="date_deadline desc nulls last").mapped("name") == [
        "Deal B", "Deal C", "Deal A"]
    assert lead.search_count([]) == 3
    assert lead.search_count([], limit=2) == 2
    assert lead.search([], count=True) == 3
    for bad in ("name; drop table x", "nope", "name sideways"):
        with pytest.raises(ValueError):
            lead.search([], order=bad)


def test_read_formats(data):
    a = data["leads"][0]
    row = a.read(["name", "partner_id", "tag_ids", "revenue", "date_deadline", "priority",
                  "description"])[0]
    assert row["id"] == a.id and row["partner_id"] == [data["acme"].id, "Acme"]
    assert row["tag_ids"] == data["tags"][:2].ids
    assert row["date_deadline"] == "2025-01-15" and row["description"] is False
    assert a.read(["partner_id"], load="_classic_write")[0]["partner_id"] == data["acme"].id
    assert "name" in a.read()[0] and "display_name" in a.read()[0]


def test_search_read(data):
    rows = data["env"]["test.lead"].search_read([("revenue", ">", 100)], ["name", "partner_id"],
                                                order="revenue")
    assert rows == [
        {"id": data["leads"][1].id, "name": "Deal B", "partner_id": [data["bolt"].id, "Bolt Ltd"]},
        {"id": data["leads"][2].id, "name": "Deal C", "partner_id": False},
    ]


def test_name_search_and_display_name(data):
    lead = data["env"]["test.lead"]
    a = data["leads"][0]
    assert lead.name_search("deal a") == [[a.id, "Deal A"]]
    assert lead.name_search("Deal", limit=2) == [[r.id, r.name] for r in lead.search([], limit=2)]
    assert a.display_name == "Deal A" and a.name_get() == [[a.id, "Deal A"]]
    assert len(lead.name_search("deal", args=[("revenue", ">", 150)])) == 2


def test_read_group_lazy(data):
    lead = data["env"]["test.lead"]
    groups = lead.read_group([], ["revenue"], ["partner_id"])
    by_partner = {g["partner_id"][1] if g["partner_id"] else False: g for g in groups}
    assert by_partner["Acme"]["revenue"] == 100
    assert by_partner["Acme"]["partner_id_count"] == 1
    assert by_partner[False]["revenue"] == 300
    for group in groups:
        assert lead.search_count(group["__domain"]) == group["partner_id_count"]


def test_read_group_non_lazy_and_aggregates(data):
    lead = data["env"]["test.lead"]
    groups = lead.read_group([], ["revenue:sum", "avg_prob:avg(probability)", "revenue:max"],
                             ["priority", "partner_id"], lazy=False)
    assert all("__count" in g for g in groups)
    assert sum(g["__count"] for g in groups) == 3
    total = lead.read_group([], ["revenue:sum"], [])
    assert total[0]["revenue"] == 600 and total[0]["__count"] == 3


def test_read_group_dates(data):
    lead = data["env"]["test.lead"]
    groups = lead.read_group([], ["revenue"], ["date_deadline:month"])
    assert [g["date_deadline:month"] for g in groups] == ["January 2025", "February 2025"]
    assert groups[1]["date_deadline_count"] == 2
    assert groups[1]["__range"] == {"date_deadline:month": {"from": "2025-02-01",
                                                           "to": "2025-03-01"}}
    for group in groups:
        assert lead.search_count(group["__domain"]) == group["date_deadline_count"]
    german = lead.with_context(lang="de_DE").read_group([], ["revenue"], ["date_deadline:month"])
    assert german[1]["date_deadline:month"] == "Februar 2025"
    quarters = lead.read_group([], [], ["date_deadline:quarter"])
    assert [g["date_deadline:quarter"] for g in quarters] == ["Q1 2025"]
    weeks = lead.read_group([], [], ["date_deadline:week"], lazy=False)
    assert sum(g["__count"] for g in weeks) == 3


def test_read_group_datetime_buckets_follow_the_timezone(orm):
    orm["test.lead"].create({"name": "late", "date_closed": "2025-03-01 23:30:00"})
    utc = orm["test.lead"].read_group([("name", "=", "late")], [], ["date_closed:day"])
    berlin = orm["test.lead"].with_context(tz="Europe/Berlin").read_group(
        [("name", "=", "late")], [], ["date_closed:day"])
    assert utc[0]["__range"]["date_closed:day"]["from"] == "2025-03-01"
    assert berlin[0]["__range"]["date_closed:day"]["from"] == "2025-03-02"
    assert orm["test.lead"].search_count(berlin[0]["__domain"]) == 1


def test_read_group_order_offset_limit(data):
    lead = data["env"]["test.lead"]
    groups = lead.read_group([], ["revenue:sum"], ["priority"], orderby="revenue desc")
    assert [g["revenue"] for g in groups] == [500, 100]
    assert len(lead.read_group([], ["revenue"], ["priority"], limit=1)) == 1
    assert lead.read_group([], ["revenue"], ["priority"], offset=1, limit=1)[0]["priority"] == "2"
    lazy = lead.read_group([], ["revenue"], ["priority", "partner_id"])
    assert lazy[0]["__context"] == {"group_by": ["partner_id"]}


def test_fields_get(data):
    desc = data["env"]["test.lead"].fields_get()
    assert desc["priority"]["type"] == "selection"
    assert desc["priority"]["selection"] == [["0", "Low"], ["1", "Medium"], ["2", "High"]]
    assert desc["partner_id"]["relation"] == "test.partner"
    assert desc["line_ids"]["relation_field"] == "lead_id"
    assert all("type" in d for d in desc.values())
    only = data["env"]["test.lead"].fields_get(["name"], ["string", "type"])
    assert only == {"name": {"string": "Name", "type": "char"}}


def test_translated_fields(orm):
    cat = orm["test.category"].create({"name": "Shoes"})
    cat.with_context(lang="de_DE").name = "Schuhe"
    assert cat.name == "Shoes"
    assert cat.with_context(lang="de_DE").name == "Schuhe"
    german = orm["test.category"].with_context(lang="de_DE")
    assert german.search([("name", "=", "Schuhe")]) == cat
    assert orm["test.category"].search([("name", "=", "Schuhe")]) == orm["test.category"]
    assert german.search([("name", "ilike", "schu")]) == cat
