"""Install, uninstall, upgrade and extras glue on a real database (SQLite or PostgreSQL)."""

import pytest
import sqlalchemy as sa

from core.orm.environment import Environment
from core.registry import modules
from core.registry.data import DataError
from core.registry.loader import AddonError, Catalog
from core.testing import rollback_env


def columns(registry, table):
    with registry.engine.connect() as conn:
        return {c["name"] for c in sa.inspect(conn).get_columns(table)}


def tables(registry):
    with registry.engine.connect() as conn:
        return set(sa.inspect(conn).get_table_names())


def run(registry, fn):
    with registry.transaction() as tx:
        return fn(Environment(tx, 1, {}))


def state(registry, name):
    return run(registry, lambda env: env["ir.module.module"].search([("name", "=", name)]).state)


def test_extension_stacks_with_super(databases):
    registry = databases.fresh_registry(["test_stack_b"])
    assert registry.addon_names[:1] == ["base"]
    assert registry.addon_names.index("test_stack_a") < registry.addon_names.index("test_stack_b")
    with rollback_env(registry) as env:
        record = env["test.stack"].create({"name": "s", "extra": "e"})
        assert record.describe() == "A+B"
        assert env["res.currency"].search([], limit=1).stack_note is False


def test_uninstall_removes_columns_tables_and_data_of_the_addon_only(databases):
    registry = databases.fresh_registry(["test_stack_b", "test_orm"])
    run(registry, lambda env: env["test.stack"].create({"name": "kept", "extra": "x"}))
    run(registry, lambda env: env["test.lead"].create({"name": "other addon's data"}))
    assert "extra" in columns(registry, "test_stack")
    assert "stack_note" in columns(registry, "res_currency")
    new, plan = modules.uninstall(registry, ["test_stack_b"])
    assert plan.addons == ["test_stack_b"]
    assert "test_stack_child" in plan.tables
    assert "test_stack.extra" in plan.columns and "res_currency.stack_note" in plan.columns
    assert "extra" not in columns(new, "test_stack")
    assert "country_id" not in columns(new, "test_stack")
    assert "stack_note" not in columns(new, "res_currency")
    assert "test_stack_child" not in tables(new)
    assert not any(t.startswith("res_country_test_stack_child") for t in tables(new))
    assert run(new, lambda env: env["test.stack"].search([]).mapped("name")) == ["kept"]
    assert run(new, lambda env: env["test.stack"].search([]).describe()) == "A"
    assert run(new, lambda env: env["test.lead"].search_count([])) == 1
    assert state(new, "test_stack_b") == "uninstalled"
    reinstalled = modules.install(new, ["test_stack_b"])
    assert "extra" in columns(reinstalled, "test_stack")
    assert run(reinstalled, lambda env: env["test.stack"].search([]).describe()) == "A+B"
    assert state(reinstalled, "test_stack_b") == "installed"


def test_uninstall_takes_dependent_addons_along(databases):
    registry = databases.fresh_registry(["test_stack_b"])
    _new, plan = modules.uninstall(registry, ["test_stack_a"], dry_run=True)
    assert sorted(plan.addons) == ["test_stack_a", "test_stack_b"]
    assert "test_stack" in plan.tables
    assert state(registry, "test_stack_a") == "installed"  # dry run changed nothing
    new, _plan = modules.uninstall(registry, ["test_stack_a"])
    assert "test_stack" not in tables(new)
    assert state(new, "test_stack_b") == "uninstalled"


@pytest.mark.parametrize("order", [("test_glue_main", "test_glue_other"),
                                   ("test_glue_other", "test_glue_main")])
def test_extras_glue_appears_and_disappears_in_both_orders(databases, order):
    registry = databases.fresh_registry([order[0]])
    if order[0] == "test_glue_main":
        run(registry, lambda env: env["test.glue.main"].create({"name": "m"}))
        assert "other_id" not in columns(registry, "test_glue_main")
    assert "test_glue_main_test_glue_other" not in registry.addon_names
    registry = modules.install(registry, [order[1]])
    assert "test_glue_main_test_glue_other" in registry.addon_names
    assert {"other_id", "other_name"} <= columns(registry, "test_glue_main")
    glue = run(registry, lambda env: env.ref("test_glue_main_test_glue_other.glue_other").name)
    assert glue == "From the glue"

    def link(env):
        main = env["test.glue.main"].search([], limit=1) or env["test.glue.main"].create(
            {"name": "m"})
        main.other_id = env.ref("test_glue_main_test_glue_other.glue_other")
        return main.other_name
    assert run(registry, link) == "From the glue"
    registry, plan = modules.uninstall(registry, ["test_glue_other"])
    assert "test_glue_main_test_glue_other" in plan.addons
    assert "other_id" not in columns(registry, "test_glue_main")
    assert run(registry, lambda env: env["test.glue.main"].search_count([])) == 1


def test_glue_strings_are_translated_by_the_owner_catalog(databases):
    from core.i18n import LazyText, catalog_domain
    registry = databases.fresh_registry(["test_glue_main", "test_glue_other"])
    glue = "test_glue_main_test_glue_other"
    assert glue in registry.addon_names and catalog_domain(glue) == "test_glue_main"
    assert LazyText(glue, "From the glue").translate("de_DE") == "Aus dem Verbindungsstück"
    other_id = run(registry, lambda env: env["test.glue.main"]._fields["other_id"])
    assert other_id.string.domain == glue and catalog_domain(other_id.string.domain) == \
        "test_glue_main"


def test_failed_install_leaves_the_database_as_before(databases):
    registry = databases.fresh_registry(["test_stack_a"])
    run(registry, lambda env: env["test.stack"].create({"name": "before"}))
    before = tables(registry)
    with pytest.raises(DataError, match="nowhere.missing"):
        modules.install(registry, ["test_broken"])
    assert tables(registry) == before
    assert "broken_note" not in columns(registry, "test_stack")
    assert state(registry, "test_broken") == "uninstalled"
    assert run(registry, lambda env: env["ir.model.data"].search_count(
        [("module", "=", "test_broken")])) == 0
    assert run(registry, lambda env: env["test.stack"].search([]).mapped("name")) == ["before"]


def test_upgrade_keeps_noupdate_records_as_users_edited_them(databases):
    registry = databases.fresh_registry(["test_orm"])

    def edit(env):
        env.ref("test_orm.tag_vip").name = "Very Important"
        env.ref("test_orm.category_root").name = "Edited root"
    run(registry, edit)
    registry = modules.upgrade(registry, ["test_orm"])
    assert run(registry, lambda env: env.ref("test_orm.tag_vip").name) == "Very Important"
    assert run(registry, lambda env: env.ref("test_orm.category_root").name) == "Root"


def test_dependency_errors_name_the_addons(databases):
    catalog = databases.catalog
    with pytest.raises(AddonError, match="test_cycle_a.*test_cycle_b|test_cycle_b.*test_cycle_a"):
        catalog.load_order(["test_cycle_a"])
    with pytest.raises(AddonError, match="does_not_exist"):
        catalog.load_order(["test_missing_dep"])
    with pytest.raises(AddonError, match="Unknown addon: nope"):
        catalog.load_order(["nope"])


def test_misspelt_hook_fails_at_start_up(databases):
    from pluggy import PluginValidationError
    with pytest.raises(PluginValidationError, match="erp_modles"):
        databases.fresh_registry(["test_badhook"])


def test_addons_may_publish_hookspecs(databases):
    registry = databases.fresh_registry(["test_hookspec_pub"])
    assert registry.plugin_manager.hook.erp_test_greeting(name="you") == ["hello you"]


def test_registry_is_frozen_after_setup(databases):
    from core.registry.registry import RegistryFrozen
    registry = databases.registry(["test_orm"])
    with pytest.raises(RegistryFrozen):
        registry._load([])


def test_each_database_has_its_own_plugins(databases):
    first = databases.fresh_registry(["test_stack_a"])
    second = databases.fresh_registry(["test_stack_b"])
    assert "test_stack_b" not in first.plugin_manager.list_name_plugin()[0]
    assert first.plugin_manager is not second.plugin_manager
    assert first.metadata is not second.metadata
    assert first["test.stack"] is not second["test.stack"]
    assert "extra" not in first["test.stack"]._fields and "extra" in second["test.stack"]._fields


def test_catalog_reads_manifests_without_executing_them(tmp_path):
    addon = tmp_path / "evil"
    addon.mkdir()
    (addon / "__init__.py").write_text("")
    (addon / "__manifest__.py").write_text("__import__('os').system('echo pwned')")
    with pytest.raises(AddonError, match="dict literal"):
        Catalog.discover([tmp_path])


def test_upgrade_with_demo_data_keeps_demo_records_and_does_not_rerun_functions(databases):
    registry = databases.fresh_registry(["sale"], demo=True)
    registry = modules.upgrade(registry, ["contacts"])  # sale, crm... upgraded along
    assert state(registry, "sale") == "installed"


def test_new_fields_fill_their_default_on_existing_rows(databases):
    registry = databases.fresh_registry(["test_stack_a"])
    run(registry, lambda env: env["test.stack"].create([{"name": f"old {i}"} for i in range(5)]))
    new = modules.install(registry, ["test_stack_defaults"])

    def values(env):
        rows = env["test.stack"].search([])
        return {(r.status, r.flagged, r.priority, r.label, r.note, r.country_id.code)
                for r in rows}, len(rows)
    assert run(new, values) == ({("draft", True, 3, "imported", False, "DE")}, 5)
    fresh = run(new, lambda env: env["test.stack"].create({"name": "new", "flagged": False}).id)
    new = modules.upgrade(new, ["test_stack_defaults"])  # an upgrade keeps written values
    assert run(new, lambda env: env["test.stack"].browse(fresh).flagged) is False
