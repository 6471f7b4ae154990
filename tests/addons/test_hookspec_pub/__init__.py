from core.registry.hookspecs import hookimpl


@hookimpl
def erp_addhooks(plugin_manager):
    from test_hookspec_pub import specs

    plugin_manager.add_hookspecs(specs)


@hookimpl
def erp_test_greeting(name):
    return f"hello {name}"
