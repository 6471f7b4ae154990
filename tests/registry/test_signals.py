"""Several worker processes: an install made by one is noticed by the others."""

from core.registry import modules
from core.web.app import RegistryManager


def test_other_workers_reload_after_an_install(databases):
    registry = databases.fresh_registry(["test_stack_a"])
    first = RegistryManager(registry.url, databases.catalog)
    second = RegistryManager(registry.url, databases.catalog)
    assert "test_stack_b" not in second.registry.addon_names
    new = modules.install(first.registry, ["test_stack_b"])
    first.registry.replaced(new)
    assert first.registry is new
    old = second.registry
    with old.transaction() as tx:
        current = second.check_signals(old, tx)
    assert current is not old and "test_stack_b" in current.addon_names
    with current.transaction() as tx:
        assert second.check_signals(current, tx) is current  # no second reload
    with new.transaction() as tx:
        assert first.check_signals(new, tx) is new  # the installing worker is up to date


def test_cache_signal_clears_other_workers_caches(databases):
    registry = databases.fresh_registry([])
    first = RegistryManager(registry.url, databases.catalog)
    second = RegistryManager(registry.url, databases.catalog)
    second.registry.cached("answer", lambda: 42)
    with first.registry.transaction() as tx:
        first.registry.bump_cache_signal(tx)
    with second.registry.transaction() as tx:
        assert second.check_signals(second.registry, tx) is second.registry
    assert "answer" not in second.registry.caches


def _tables_and_states(registry):
    import sqlalchemy as sa
    with registry.engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        columns = {c["name"] for c in sa.inspect(conn).get_columns("res_currency")}
        states = dict(conn.exec_driver_sql(
            "SELECT name, state FROM ir_module_module WHERE name IN ('test_stack_a', "
            "'test_stack_b')").all())
    return tables, columns, states


def test_an_uninstall_from_a_stale_registry_runs_on_the_current_one(databases):
    """Another process installed test_stack_b (a table, columns on base's res.currency):
    uninstalling its dependency from a registry built before removes it too — no orphan
    table, column or 'installed' addon whose dependency is gone."""
    registry = databases.fresh_registry(["test_stack_a"])
    stale = RegistryManager(registry.url, databases.catalog).registry
    modules.install(registry, ["test_stack_b"])
    assert "test_stack_b" not in stale.addon_names
    new, plan = modules.uninstall(stale, ["test_stack_a"])
    assert sorted(plan.addons) == ["test_stack_a", "test_stack_b"]
    assert "test_stack_b" not in new.addon_names
    tables, columns, states = _tables_and_states(registry)
    assert not {"test_stack", "test_stack_child"} & tables
    assert "stack_note" not in columns
    assert states == {"test_stack_a": "uninstalled", "test_stack_b": "uninstalled"}


def test_install_and_upgrade_from_a_stale_registry_keep_what_others_installed(databases):
    registry = databases.fresh_registry(["test_stack_a"])
    stale = RegistryManager(registry.url, databases.catalog).registry
    modules.install(registry, ["test_stack_b"])
    upgraded = modules.upgrade(stale, ["test_stack_a"])
    assert "test_stack_b" in upgraded.addon_names   # not dropped by the stale view
    stale_again = RegistryManager(registry.url, databases.catalog).registry
    modules.uninstall(registry, ["test_stack_b"])
    with_glue = modules.install(stale_again, ["test_glue_main"])
    assert "test_stack_b" not in with_glue.addon_names
    _tables, columns, states = _tables_and_states(registry)
    assert states["test_stack_b"] == "uninstalled" and "stack_note" not in columns
