"""The base addon: the platform's own models, registered like any other addon's."""

from core.registry.hookspecs import hookimpl


@hookimpl
def erp_models() -> list[type]:
    from core.base.models import (
        ir_config,
        ir_model,
        ir_module,
        ir_ui,
        res_company,
        res_users,
    )

    return [
        *res_users.MODELS, *res_company.MODELS, *ir_model.MODELS, *ir_module.MODELS,
        *ir_config.MODELS, *ir_ui.MODELS,
    ]


@hookimpl
def erp_pre_install(env) -> None:  # noqa: ANN001 - pluggy passes the environment
    from core.base import bootstrap

    bootstrap.bootstrap(env)
