"""create / write / unlink / copy, x2many commands, constraints and error mapping."""

import datetime as dt

import pytest

from core.exceptions import MissingError, UserError, ValidationError
from core.orm import Command


def test_create_dict_or_list(orm):
    one = orm["test.tag"].create({"name": "one"})
    many = orm["test.tag"].create([{"name": "two"}, {"name": "three"}])
    assert len(one) == 1 and len(many) == 2
    assert many.mapped("name") == ["two", "three"]
    assert orm["test.tag"].create([]) == orm["test.tag"]


def test_defaults_and_context_defaults(orm):
    lead = orm["test.lead"].create({"name": "x"})
    assert lead.priority == "0" and lead.state == "open" and lead.active is True
    assert lead.currency_id == orm.ref("base.EUR")
    assert lead.user_id.id == orm.uid
    lead2 = orm["test.lead"].with_context(default_priority="2").create({"name": "y"})
    assert lead2.priority == "2"
    assert orm["test.lead"].default_get(["priority", "state"]) == {"priority": "0",
                                                                   "state": "open"}


def test_required_and_wrong_types(orm):
    with pytest.raises(ValidationError, match="required"):
        orm["test.lead"].create({"description": "no name"})
    with pytest.raises(ValidationError, match="probability"):
        orm["test.lead"].create({"name": "x", "probability": "lots"})
    with pytest.raises(ValidationError):
        orm["test.lead"].create({"name": "x", "priority": "9"})
    with pytest.raises(ValidationError):
        orm["test.lead"].create({"name": "x", "date_deadline": "not a date"})
    with pytest.raises(ValueError, match="nope"):
        orm["test.lead"].create({"name": "x", "nope": 1})


def test_write_updates_cache_and_database(orm):
    lead = orm["test.lead"].create({"name": "x", "revenue": 10})
    lead.write({"name": "y", "revenue": 20.5, "date_deadline": dt.date(2026, 1, 2)})
    orm.invalidate_all()
    assert (lead.name, lead.revenue, lead.date_deadline) == ("y", 20.5, dt.date(2026, 1, 2))
    lead.name = "z"
    assert lead.read(["name"])[0]["name"] == "z"


def test_datetime_is_naive_utc(orm):
    aware = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    lead = orm["test.lead"].create({"name": "x", "date_closed": aware})
    orm.invalidate_all()
    assert lead.date_closed == dt.datetime(2025, 6, 1, 10, 0)
    assert lead.read(["date_closed"])[0]["date_closed"] == "2025-06-01 10:00:00"
    lead.date_closed = "2025-06-02 08:30:00"
    assert lead.date_closed == dt.datetime(2025, 6, 2, 8, 30)


def test_html_is_sanitized(orm):
    lead = orm["test.lead"].create({"name": "x", "notes": '<p onclick="x()">Hi<script>bad()</script></p>'})
    assert lead.notes == "<p>Hi</p>"


def test_binary_roundtrip(orm):
    lead = orm["test.lead"].create({"name": "x", "attachment": "aGVsbG8="})
    orm.invalidate_all()
    assert lead.attachment == b"hello"
    assert lead.read(["attachment"])[0]["attachment"] == "aGVsbG8="
    assert lead.with_context(bin_size=True).read(["attachment"])[0]["attachment"] == "5 bytes"


def test_unlink_and_missing_records(orm):
    lead = orm["test.lead"].create({"name": "x"})
    lead_id = lead.id
    assert lead.unlink() is True
    assert orm["test.lead"].browse(lead_id).exists() == orm["test.lead"]
    assert orm["test.lead"].browse(lead_id).unlink() is True  # already gone: ignored
    assert orm["test.lead"].browse(lead_id).read(["name"]) == []
    with pytest.raises(MissingError):
        orm["test.lead"].browse(lead_id).write({"name": "y"})
    with pytest.raises(MissingError):
        orm["test.lead"].browse(lead_id).name  # noqa: B018


def test_ondelete_rules(orm):
    category = orm["test.category"].create({"name": "cat"})
    partner = orm["test.partner"].create({"name": "p"})
    lead = orm["test.lead"].create({"name": "x", "category_id": category.id,
                                    "partner_id": partner.id,
                                    "line_ids": [Command.create({"name": "l"})]})
    line = lead.line_ids
    with pytest.raises(UserError, match="refer"), orm.transaction.savepoint():
        category.unlink()  # restrict
    partner.unlink()  # set null
    assert lead.partner_id == orm["test.partner"]
    lead.unlink()  # cascade to lines
    assert not line.exists()


def test_cascade_deletes_drop_pending_recomputations(orm):
    """Lines deleted by the database along with their lead are not recomputed afterwards."""
    lead = orm["test.lead"].create({"name": "x", "line_ids": [Command.create({"name": "l"})]})
    line = lead.line_ids
    assert line.lead_name == "x"
    lead.unlink()  # queues line.lead_name (a related field of the lead), then cascades
    assert not line.exists()


def test_dangling_many2one_is_a_clear_error(orm):
    with pytest.raises(ValidationError, match="does not exist"), orm.transaction.savepoint():
        orm["test.lead"].create({"name": "x", "partner_id": 999999})


def test_sql_constraints(orm):
    orm["test.tag"].create({"name": "dup"})
    with pytest.raises(ValidationError, match="already exists"), orm.transaction.savepoint():
        orm["test.tag"].create({"name": "dup"})
    with pytest.raises(ValidationError, match="between 0 and 100"), orm.transaction.savepoint():
        orm["test.lead"].create({"name": "x", "probability": 150})


def test_python_constraints(orm):
    with pytest.raises(ValidationError, match="negative"):
        orm["test.lead"].create({"name": "x", "revenue": -1})
    lead = orm["test.lead"].create({"name": "x"})
    with pytest.raises(ValidationError, match="negative"):
        lead.write({"revenue": -5})


def test_x2many_commands(orm):
    t1, t2, t3 = orm["test.tag"].create([{"name": "t1"}, {"name": "t2"}, {"name": "t3"}])
    lead = orm["test.lead"].create({"name": "x", "tag_ids": [t1.id, t2.id]})
    assert lead.tag_ids == t1 | t2
    lead.write({"tag_ids": [(4, t3.id)]})             # short link
    assert lead.tag_ids == t1 | t2 | t3
    lead.write({"tag_ids": [(3, t1.id)]})             # short unlink
    assert lead.tag_ids == t2 | t3
    lead.write({"tag_ids": [(5,)]})                   # short clear
    assert not lead.tag_ids
    lead.write({"tag_ids": [(6, 0, [t1.id, t3.id])]})
    assert lead.tag_ids == t1 | t3
    lead.write({"tag_ids": [(0, 0, {"name": "t4"}), (1, t1.id, {"name": "t1b"})]})
    assert sorted(lead.tag_ids.mapped("name")) == ["t1b", "t3", "t4"]
    lead.write({"tag_ids": [(2, t3.id, 0)]})          # delete the tag itself
    assert not t3.exists()
    lead.write({"tag_ids": False})
    assert not lead.tag_ids
    with pytest.raises(ValidationError):
        lead.write({"tag_ids": [(9, 0, 0)]})
    with pytest.raises(ValidationError):
        lead.write({"tag_ids": [(4, 987654)]})


def test_one2many_commands(orm):
    lead = orm["test.lead"].create({"name": "x", "line_ids": [
        Command.create({"name": "a", "amount": 1}), Command.create({"name": "b", "amount": 2})]})
    a, b = lead.line_ids
    assert lead.line_total == 3
    lead.write({"line_ids": [Command.update(a.id, {"amount": 10}), Command.delete(b.id)]})
    assert lead.line_ids == a and lead.line_total == 10
    other = orm["test.lead"].create({"name": "y"})
    other.write({"line_ids": [Command.link(a.id)]})
    assert a.lead_id == other and not lead.line_ids
    assert lead.line_total == 0 and other.line_total == 10
    other.write({"line_ids": [Command.set([])]})
    assert not a.exists()  # required inverse: unlinked lines are deleted


def test_copy(orm):
    tag = orm["test.tag"].create({"name": "t"})
    lead = orm["test.lead"].create({"name": "x", "tag_ids": [tag.id], "revenue": 5,
                                    "line_ids": [Command.create({"name": "l", "amount": 2})]})
    dup = lead.copy({"name": "x (copy)"})
    assert dup != lead and dup.name == "x (copy)" and dup.tag_ids == tag
    assert dup.line_ids.mapped("name") == ["l"] and dup.line_ids != lead.line_ids
    assert dup.line_total == 2


def test_archive_and_active_test(orm):
    lead = orm["test.lead"].create({"name": "x"})
    lead.action_archive()
    assert not orm["test.lead"].search([("id", "=", lead.id)])
    assert orm["test.lead"].with_context(active_test=False).search([("id", "=", lead.id)])
    assert orm["test.lead"].search([("id", "=", lead.id), ("active", "=", False)])
    lead.action_unarchive()
    assert lead.active


def test_savepoint_rolls_back_everything(orm):
    lead = orm["test.lead"].create({"name": "keep"})
    with pytest.raises(ValidationError), orm.transaction.savepoint():
        lead.write({"name": "changed"})
        orm["test.lead"].create({"name": "bad", "revenue": -1})
    assert lead.name == "keep"
    assert orm["test.lead"].search_count([("name", "in", ["changed", "bad"])]) == 0
