from core.registry.hookspecs import hookimpl


@hookimpl
def erp_models():
    from test_access.models import models

    return models.MODELS


@hookimpl
def erp_web_routes():
    from test_access import routes

    return routes.ROUTES
