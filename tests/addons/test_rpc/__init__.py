from core.registry.hookspecs import hookimpl


@hookimpl
def erp_models():
    from test_rpc.models import test_lead

    return test_lead.MODELS
