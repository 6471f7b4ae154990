"""CRM: opportunities, their pipeline, won/lost, predictive probability and activities."""

from core.registry.hookspecs import hookimpl


@hookimpl
def erp_addhooks(plugin_manager) -> None:  # noqa: ANN001 - pluggy passes the manager
    from addons.crm import hookspecs

    plugin_manager.add_hookspecs(hookspecs)


@hookimpl
def erp_models() -> list[type]:
    from addons.crm.models import (
        crm_config_settings,
        crm_lead,
        crm_lead_contact,
        crm_lead_customer,
        crm_lead_probability,
        crm_lead_scoring_frequency,
        crm_lead_status,
        crm_lead_team,
        crm_lost_reason,
        crm_stage,
        crm_team,
        res_partner,
    )
    from addons.crm.wizard import crm_lead_lost

    return [
        *crm_stage.MODELS, *crm_lost_reason.MODELS, *crm_lead_scoring_frequency.MODELS,
        *crm_lead.MODELS, *crm_lead_contact.MODELS, *crm_lead_customer.MODELS,
        *crm_lead_team.MODELS,
        *crm_lead_status.MODELS, *crm_lead_probability.MODELS, *crm_team.MODELS,
        *res_partner.MODELS, *crm_lead_lost.MODELS, *crm_config_settings.MODELS,
    ]


@hookimpl
def erp_post_install(env) -> None:  # noqa: ANN001 - pluggy passes the environment
    from addons.crm.models import crm_config_settings

    crm_config_settings.set_default_parameters(env)
