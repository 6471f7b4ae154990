"""The base addon: the platform's own models, registered like any other addon's."""

from core.registry.hookspecs import hookimpl


@hookimpl
def erp_models() -> list[type]:
    from core.base.models import (
        ir_actions_report,
        ir_config,
        ir_model,
        ir_model_access,
        ir_module,
        ir_rule,
        ir_ui,
        res_company,
        res_users,
        res_users_apikeys,
        res_users_auth,
        res_users_session,
        res_users_throttle,
    )

    return [
        *res_users.MODELS, *res_company.MODELS, *ir_model.MODELS, *ir_module.MODELS,
        *ir_config.MODELS, *ir_ui.MODELS, *ir_model_access.MODELS, *ir_rule.MODELS,
        *res_users_auth.MODELS, *res_users_apikeys.MODELS, *res_users_session.MODELS,
        *res_users_throttle.MODELS, *ir_actions_report.MODELS,
    ]


@hookimpl
def erp_pre_install(env) -> None:  # noqa: ANN001 - pluggy passes the environment
    from core.base import bootstrap

    bootstrap.bootstrap(env)


@hookimpl
def erp_post_install(env) -> None:  # noqa: ANN001 - pluggy passes the environment
    from core.base import bootstrap

    bootstrap.ensure_database_secret(env)
