from core.registry.hookspecs import hookimpl


@hookimpl
def erp_modles():
    return []
