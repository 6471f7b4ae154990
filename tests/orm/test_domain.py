"""Domains: parsing, every operator and NULL semantics, identical on SQLite and PostgreSQL."""

import pytest

from core.orm.domain import FALSE, TRUE, And, Condition, Domain, Not, Or


def names(records):
    return sorted(records.mapped("name"))


class TestParse:
    def test_implicit_and_and_prefix_operators(self):
        tree = Domain.parse(["|", ("a", "=", 1), ("b", "=", 2), ("c", "=", 3)])
        assert isinstance(tree, And)
        assert isinstance(tree.children[0], Or)
        assert tree.to_list() == ["&", "|", ("a", "=", 1), ("b", "=", 2), ("c", "=", 3)]

    def test_not_and_constants(self):
        assert isinstance(Domain.parse(["!", ("x", "=", 1)]), Not)
        assert Domain.parse([]) is TRUE
        assert Domain.parse([(1, "=", 1)]) is TRUE
        assert Domain.parse([(0, "=", 1)]) is FALSE
        assert (Domain("a", "=", 1) & FALSE) is FALSE
        assert (Domain("a", "=", 1) | TRUE) is TRUE

    def test_operators_are_normalised(self):
        assert Domain.parse([("a", "<>", 1)]).operator == "!="
        assert Domain.parse([("a", "ILIKE", "x")]).operator == "ilike"
        assert Domain.parse([("a", "in", 3)]).value == (3,)

    def test_immutable_and_hashable(self):
        cond = Domain.parse([("tag_ids", "in", [1, 2])])
        assert isinstance(cond, Condition)
        assert hash(cond) == hash(Domain.parse([("tag_ids", "in", (1, 2))]))
        with pytest.raises(AttributeError):
            cond.operator = "="

    @pytest.mark.parametrize("bad", [
        ["|", ("a", "=", 1)],
        ["!"],
        [("a", "=")],
        [("a", "like like", 1)],
        ["&", "x"],
        "name = 1",
        [(None, "=", 1)],
    ])
    def test_malformed_domains_raise_value_error(self, bad):
        with pytest.raises(ValueError):
            Domain.parse(bad)


class TestOperators:
    def test_equality_and_null(self, data):
        lead = data["env"]["test.lead"]
        assert names(lead.search([("partner_id", "=", False)])) == ["Deal C"]
        assert names(lead.search([("partner_id", "!=", False)])) == ["Deal A", "Deal B"]
        # negative operators include NULL rows
        assert names(lead.search([("description", "!=", "x")])) == ["Deal A", "Deal B", "Deal C"]
        assert names(lead.search([("date_deadline", "=", "2025-02-01")])) == ["Deal C"]

    def test_comparisons(self, data):
        lead = data["env"]["test.lead"]
        assert names(lead.search([("revenue", ">", 100)])) == ["Deal B", "Deal C"]
        assert names(lead.search([("revenue", ">=", 100), ("revenue", "<", 300)])) == [
            "Deal A", "Deal B"]
        assert names(lead.search([("date_deadline", "<=", "2025-02-01")])) == ["Deal A", "Deal C"]

    def test_unset_or_equal(self, data):
        lead = data["env"]["test.lead"]
        assert len(lead.search([("partner_id", "=?", False)])) == 3
        assert names(lead.search([("partner_id", "=?", data["acme"].id)])) == ["Deal A"]

    def test_like_family(self, data):
        lead = data["env"]["test.lead"]
        assert names(lead.search([("name", "like", "Deal")])) == ["Deal A", "Deal B", "Deal C"]
        assert lead.search([("name", "like", "deal")]) == lead.browse()  # case-sensitive
        assert len(lead.search([("name", "ilike", "deal")])) == 3
        assert names(lead.search([("name", "=like", "Deal _")])) == ["Deal A", "Deal B", "Deal C"]
        assert names(lead.search([("name", "=ilike", "deal a")])) == ["Deal A"]
        assert names(lead.search([("name", "not ilike", "a")])) == []
        assert len(lead.search([("name", "ilike", "")])) == 3
        assert len(lead.search([("description", "not like", "x")])) == 3  # NULL matches

    def test_like_escapes_wildcards(self, data):
        env = data["env"]
        env["test.lead"].create({"name": "100% sure"})
        assert names(env["test.lead"].search([("name", "ilike", "0%")])) == ["100% sure"]
        assert env["test.lead"].search_count([("name", "ilike", "_")]) == 0

    def test_ilike_is_unicode_case_insensitive_on_every_backend(self, data):
        lead = data["env"]["test.lead"].with_context(active_test=False)
        assert names(lead.search([("name", "ilike", "ÄRGER")])) == ["Ärger über Öl"]
        assert names(lead.search([("name", "ilike", "öl")])) == ["Ärger über Öl"]
        assert names(lead.search([("description", "=ilike", "STRASSE")])) == []
        assert names(lead.search([("description", "=ilike", "STRAßE")])) == ["Ärger über Öl"]

    def test_in_and_not_in(self, data):
        lead = data["env"]["test.lead"]
        a, b = data["leads"][:2]
        assert names(lead.search([("id", "in", [a.id, b.id])])) == ["Deal A", "Deal B"]
        assert lead.search([("id", "in", [])]) == lead.browse()
        assert len(lead.search([("id", "not in", [])])) == 3
        assert names(lead.search([("partner_id", "in", [False, data["acme"].id])])) == [
            "Deal A", "Deal C"]
        assert names(lead.search([("partner_id", "not in", [data["acme"].id])])) == [
            "Deal B", "Deal C"]

    def test_child_of_and_parent_of(self, data):
        partner = data["env"]["test.partner"]
        acme, bolt = data["acme"], data["bolt"]
        assert names(partner.search([("id", "child_of", acme.id)])) == ["Acme", "Bolt Ltd"]
        assert names(partner.search([("id", "parent_of", bolt.id)])) == ["Acme", "Bolt Ltd"]
        lead = data["env"]["test.lead"]
        assert names(lead.search([("partner_id", "child_of", acme.id)])) == ["Deal A", "Deal B"]
        assert names(lead.search([("partner_id", "child_of", "Acme")])) == ["Deal A", "Deal B"]

    def test_any_and_not_any(self, data):
        lead = data["env"]["test.lead"]
        assert names(lead.search([("tag_ids", "any", [("name", "=", "gamma")])])) == ["Deal B"]
        assert names(lead.search([("tag_ids", "not any", [("name", "=", "alpha")])])) == [
            "Deal B", "Deal C"]
        assert names(lead.search([("partner_id", "any", [("name", "ilike", "bolt")])])) == [
            "Deal B"]

    def test_dotted_paths(self, data):
        lead = data["env"]["test.lead"]
        assert names(lead.search([("partner_id.name", "ilike", "acm")])) == ["Deal A"]
        assert names(lead.search([("partner_id.parent_id.name", "=", "Acme")])) == ["Deal B"]
        assert names(lead.search([("tag_ids.name", "in", ["gamma", "alpha"])])) == [
            "Deal A", "Deal B"]
        assert names(lead.search([("partner_id.country_id.code", "=", "DE")])) == ["Deal A"]

    def test_x2many_false_and_ids(self, data):
        lead = data["env"]["test.lead"]
        assert names(lead.search([("tag_ids", "=", False)])) == ["Deal C"]
        assert names(lead.search([("tag_ids", "!=", False)])) == ["Deal A", "Deal B"]
        assert names(lead.search([("tag_ids", "=", data["tags"][0].id)])) == ["Deal A"]
        partner = data["env"]["test.partner"]
        assert names(partner.search([("lead_ids", "=", False)])) == []

    def test_many2one_compared_to_a_name(self, data):
        lead = data["env"]["test.lead"]
        assert names(lead.search([("partner_id", "ilike", "acme")])) == ["Deal A"]
        assert names(lead.search([("partner_id", "=", "Bolt Ltd")])) == ["Deal B"]
        assert names(lead.search([("partner_id", "not ilike", "acme")])) == ["Deal B", "Deal C"]

    def test_nested_logic_and_constants(self, data):
        lead = data["env"]["test.lead"]
        domain = ["|", "&", ("revenue", ">", 150), ("priority", "=", "0"),
                  "!", ("name", "!=", "Deal A")]
        assert names(lead.search(domain)) == ["Deal A", "Deal B", "Deal C"]
        assert len(lead.search([(1, "=", 1)])) == 3
        assert lead.search([(0, "=", 1)]) == lead.browse()

    def test_booleans_treat_null_as_false(self, data):
        env = data["env"]
        lead = env["test.lead"].with_context(active_test=False)
        assert names(lead.search([("active", "=", False)])) == ["Ärger über Öl"]
        assert len(lead.search([("active", "!=", False)])) == 3

    def test_non_stored_related_and_search_method(self, data):
        lead = data["env"]["test.lead"]
        assert names(lead.search([("partner_name", "=", "Acme")])) == ["Deal A"]
        assert names(lead.search([("display_name", "ilike", "deal b")])) == ["Deal B"]

    @pytest.mark.parametrize("domain", [
        [("nope", "=", 1)],
        [("partner_id.nope", "=", 1)],
        [("name.x", "=", 1)],
        [("display_label", "=", "x")],
    ])
    def test_invalid_fields_raise(self, data, domain):
        with pytest.raises(ValueError):
            data["env"]["test.lead"].search(domain)
