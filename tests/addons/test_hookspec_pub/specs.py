from core.registry.hookspecs import hookspec


@hookspec
def erp_test_greeting(name: str) -> str:
    """A hook published by an addon."""
