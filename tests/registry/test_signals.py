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
