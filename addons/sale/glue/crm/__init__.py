"""Sales and CRM together (loaded only while both are installed, in either order).

Opportunities get the "New Quotation" button and their Quotations / Orders smart buttons,
quotations remember their opportunity, and CRM's sales team overview shows the teams'
quotations and invoicing through CRM's ``erp_crm_team_dashboard`` hook.
"""

from typing import Any

from core.registry.hookspecs import hookimpl


@hookimpl
def erp_models() -> list[type]:
    from addons.sale.glue.crm.models import crm_lead, crm_quotation_partner, sale_order

    return [*sale_order.MODELS, *crm_lead.MODELS, *crm_quotation_partner.MODELS]


@hookimpl
def erp_crm_team_dashboard(env: Any, teams: Any) -> dict[int, list[dict[str, Any]]]:
    from addons.sale.glue.crm import dashboard

    return dashboard.team_figures(env, teams)
