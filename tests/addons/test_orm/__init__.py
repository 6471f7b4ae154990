from core.registry.hookspecs import hookimpl


@hookimpl
def erp_models():
    from test_orm.models import models

    return models.MODELS
