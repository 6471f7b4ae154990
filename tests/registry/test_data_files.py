"""Data files: XML records, eval limited to literals/ref/Command, CSV, noupdate, deletes."""

import pytest

from core.registry import modules
from core.registry.data import DataError
from core.testing import rollback_env


def test_xml_and_csv_records(databases):
    registry = databases.registry(["test_data"])
    with rollback_env(registry) as env:
        one = env.ref("test_data.tag_csv_one")
        assert (one.name, one.color) == ("CSV One", 1)
        lead = env.ref("test_data.lead_full")
        assert lead.revenue == 1250.5 and lead.priority == "2"
        assert lead.tag_ids == one | env.ref("test_orm.tag_vip")
        assert lead.category_id == env.ref("test_orm.category_child")
        assert lead.notes == "<p>Hello <b>world</b></p>"
        assert lead.state == "won" and lead.probability == 100  # <function> ran
        assert lead.date_deadline is not False
        assert env.ref("test_data.cat_shoes").parent_id == env.ref("test_orm.category_root")
        assert env.ref("test_data.lead_lines", raise_if_not_found=False) is None
        assert env["test.line"].search_count([("name", "in", ["first", "second"])]) == 0
        meta = lead.get_metadata()[0]
        assert meta["xmlid"] == "test_data.lead_full" and meta["noupdate"] is False


def test_eval_cannot_run_code(databases):
    registry = databases.fresh_registry(["test_orm"])
    with pytest.raises(DataError, match="cannot evaluate"):
        modules.install(registry, ["test_data_evil"])


def test_uninstall_removes_the_records_of_the_addon(databases):
    registry = databases.fresh_registry(["test_data"])
    with registry.transaction() as tx:
        from core.orm.environment import Environment
        env = Environment(tx, 1, {})
        env["test.tag"].create({"name": "user tag"})
    new, plan = modules.uninstall(registry, ["test_data"])
    assert plan.records["test.tag"] == 2 and plan.records["test.lead"] == 1
    with rollback_env(new) as env:
        assert sorted(env["test.tag"].search([]).mapped("name")) == ["VIP", "user tag"]
        assert env.ref("test_orm.category_root").name == "Root"
        assert not env["test.category"].search([("name", "=", "Shoes")])
