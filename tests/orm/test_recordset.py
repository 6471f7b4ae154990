"""Recordset protocol: iteration, indexing, set operations, mapped/filtered/sorted."""

import pytest


def test_set_operations_keep_order(data):
    a, b, c = data["leads"][:3]
    assert (a | b | a).ids == [a.id, b.id]
    assert ((a | b | c) & (c | a)).ids == [a.id, c.id]
    assert ((a | b | c) - b).ids == [a.id, c.id]
    assert (a + a).ids == [a.id, a.id]
    assert a | b == b | a and a != b
    assert a in (a | b) and c not in (a | b)
    with pytest.raises(TypeError):
        a | data["acme"]


def test_indexing_and_iteration(data):
    leads = data["leads"][:3]
    assert leads[0] == data["leads"][0]
    assert leads[1:].ids == data["leads"][1:3].ids
    assert [r.id for r in leads] == leads.ids
    assert len(leads) == 3 and bool(leads) and not leads.browse()
    assert leads[0]["name"] == "Deal A"
    with pytest.raises(ValueError):
        leads.ensure_one()
    with pytest.raises(ValueError):
        leads.name  # noqa: B018
    assert leads.browse().name is False


def test_mapped_filtered_sorted(data):
    leads = data["leads"][:3]
    assert leads.mapped("partner_id") == data["acme"] | data["bolt"]
    assert leads.mapped("partner_id.name") == ["Acme", "Bolt Ltd"]
    assert leads.mapped("tag_ids.name") == ["alpha", "beta", "gamma"]
    assert leads.mapped(lambda r: r.revenue * 2) == [200, 400, 600]
    assert leads.filtered(lambda r: r.revenue > 150).mapped("name") == ["Deal B", "Deal C"]
    assert leads.filtered("partner_id").mapped("name") == ["Deal A", "Deal B"]
    assert leads.sorted("revenue", reverse=True).mapped("name") == ["Deal C", "Deal B", "Deal A"]
    assert leads.sorted().mapped("name") == ["Deal A", "Deal C", "Deal B"]
    assert leads.filtered_domain([("revenue", ">=", 200)]).mapped("name") == ["Deal B", "Deal C"]


def test_environment_switching(data):
    lead = data["leads"][0]
    assert lead.with_context(lang="de_DE").env.lang == "de_DE"
    assert lead.sudo().env.su
    admin = data["env"].ref("base.user_admin")
    assert lead.with_user(admin).env.uid == admin.id
    assert not lead.with_user(admin).env.su
    assert lead.with_user(admin).sudo().env.su
