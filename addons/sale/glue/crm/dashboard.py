"""Sales figures on CRM's sales team overview (CRM's ``erp_crm_team_dashboard`` hook).

Each team card gains its open quotations (count and amount), its orders to invoice and what
it invoiced this month against its invoicing target. The numbers come from the team's
computed fields (:mod:`addons.sale.models.crm_team`): a few ``read_group`` calls for all
cards, made as the current user.
"""

from __future__ import annotations

from typing import Any

from core.i18n import Domain

_ = Domain("sale")


def team_figures(env: Any, teams: Any) -> dict[int, list[dict[str, Any]]]:
    """``{team id: [figure, ...]}`` for the cards of ``teams``."""
    if not env["sale.order"].check_access_rights("read", raise_exception=False):
        return {}
    result: dict[int, list[dict[str, Any]]] = {}
    for team in teams:
        result[team.id] = [
            {"key": "sale.quotations", "label": env._(_("Quotations")),
             "value": team.quotations_count, "amount": team.quotations_amount,
             "sequence": 40, "action": team.action_view_quotations()},
            {"key": "sale.to_invoice", "label": env._(_("Orders to Invoice")),
             "value": team.sales_to_invoice_count, "sequence": 50,
             "action": team.action_view_to_invoice()},
            {"key": "sale.invoiced", "label": env._(_("Invoiced This Month")),
             "value": team.invoiced, "amount": team.invoiced,
             "target": team.invoiced_target, "sequence": 60,
             "action": team.action_view_invoices()},
        ]
    return result
