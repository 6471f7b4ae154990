"""Sales teams in Sales: quotations, orders to invoice and the month's invoicing.

The figures of all teams come from three ``read_group`` calls made as the current user (a
salesperson limited to their own documents sees their own numbers). They are shown on the
Sales app's team cards and, with CRM installed, on CRM's team overview through its
dashboard hook (see the sale/crm glue). ``invoiced_target`` is what the team should invoice
in a month; the card shows the invoiced amount against it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.orm import api, fields, models


def month_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first day of ``today``'s month and of the next one."""
    first = today.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following


class Team(models.Model):
    _inherit = "crm.team"

    invoiced_target = fields.Monetary(string="Invoicing Target", currency_field="currency_id",
                                      help="Revenue target for the current month (untaxed "
                                           "total of confirmed invoices).")
    invoiced = fields.Monetary(string="Invoiced This Month", currency_field="currency_id",
                               compute="_compute_quotations_count", compute_sudo=False,
                               help="Invoice revenue for the current month. This is the "
                                    "amount the sales team has invoiced this month.")
    quotations_count = fields.Integer(string="Number of quotations to review",
                                      compute="_compute_quotations_count", compute_sudo=False)
    quotations_amount = fields.Monetary(string="Amount of quotations to invoice",
                                        currency_field="currency_id",
                                        compute="_compute_quotations_count",
                                        compute_sudo=False)
    sales_to_invoice_count = fields.Integer(string="Number of sales to invoice",
                                            compute="_compute_quotations_count",
                                            compute_sudo=False)
    sale_order_count = fields.Integer(string="# Sale Orders",
                                      compute="_compute_quotations_count", compute_sudo=False)

    @api.depends_context("uid")
    def _compute_quotations_count(self) -> None:
        orders = self.env["sale.order"]
        team_domain = [("team_id", "in", self.ids)]
        quotations = _by_team(orders.read_group(
            team_domain + [("state", "in", ["draft", "sent"])], ["amount_total:sum"],
            ["team_id"]), "amount_total")
        confirmed = _by_team(orders.read_group(
            team_domain + [("state", "in", ["sale", "done"])], ["amount_total:sum"],
            ["team_id"]), "amount_total")
        to_invoice = _by_team(orders.read_group(
            team_domain + [("invoice_status", "=", "to invoice")], ["amount_total:sum"],
            ["team_id"]), "amount_total")
        first, following = month_bounds(fields.Date.context_today(self))
        invoiced = _by_team(self.env["account.move"].read_group(
            team_domain + [("state", "=", "posted"), ("move_type", "=", "out_invoice"),
                           ("invoice_date", ">=", first), ("invoice_date", "<", following)],
            ["amount_untaxed:sum"], ["team_id"]), "amount_untaxed")
        for team in self:
            team.quotations_count, team.quotations_amount = quotations.get(team.id, (0, 0.0))
            team.sale_order_count = confirmed.get(team.id, (0, 0.0))[0]
            team.sales_to_invoice_count = to_invoice.get(team.id, (0, 0.0))[0]
            team.invoiced = invoiced.get(team.id, (0, 0.0))[1]

    def _sale_action(self, xmlid: str, domain: list) -> dict[str, Any]:
        action = self.env.ref(xmlid).sudo()
        return {"type": "ir.actions.act_window", "res_model": action.res_model,
                "name": self.env._(action.name), "view_mode": action.view_mode,
                "domain": domain}

    def action_view_quotations(self) -> dict[str, Any]:
        self.ensure_one()
        return self._sale_action("sale.action_quotations", [
            ("team_id", "=", self.id), ("state", "in", ["draft", "sent"])])

    def action_view_to_invoice(self) -> dict[str, Any]:
        self.ensure_one()
        return self._sale_action("sale.action_orders_to_invoice", [
            ("team_id", "=", self.id), ("invoice_status", "=", "to invoice")])

    def action_view_invoices(self) -> dict[str, Any]:
        self.ensure_one()
        first, following = month_bounds(fields.Date.context_today(self))
        return self._sale_action("sale.action_invoices", [
            ("team_id", "=", self.id), ("state", "=", "posted"),
            ("invoice_date", ">=", first.isoformat()),
            ("invoice_date", "<", following.isoformat())])


def _by_team(groups: list[dict[str, Any]], amount: str) -> dict[int, tuple[int, float]]:
    return {g["team_id"][0]: (g["team_id_count"], g.get(amount) or 0.0)
            for g in groups if g.get("team_id")}


MODELS = [Team]
