"""Quotations from an opportunity: "New Quotation" and the Quotations / Orders buttons.

"New Quotation" opens a new quotation prefilled from the opportunity — customer,
salesperson, sales team, tags, campaign / medium / source, the opportunity's name as source
document and the link back (``opportunity_id``). An opportunity without a customer first
asks for one (:mod:`.crm_quotation_partner`), and the answer is written on the opportunity.
The button is offered on opportunities only, never on leads or lost records.

The smart buttons count the opportunity's quotations (draft or sent) and sum the untaxed
amounts of its confirmed orders; each opens the list, or the record itself when there is
exactly one. Every kind of order counts (rental orders are sales orders too).
"""

from __future__ import annotations

from typing import Any

from core.exceptions import UserError
from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("sale")

QUOTATION_STATES = ("draft", "sent")
ORDER_STATES = ("sale", "done")


class Lead(models.Model):
    _inherit = "crm.lead"

    order_ids = fields.One2many("sale.order", "opportunity_id", string="Orders")
    quotation_count = fields.Integer(string="Number of Quotations",
                                     compute="_compute_sale_amount_total", compute_sudo=False)
    sale_order_count = fields.Integer(string="Number of Sale Orders",
                                      compute="_compute_sale_amount_total", compute_sudo=False)
    sale_amount_total = fields.Monetary(string="Sum of Orders",
                                        compute="_compute_sale_amount_total",
                                        compute_sudo=False, currency_field="company_currency",
                                        help="Untaxed Total of Confirmed Orders")

    @api.depends("order_ids.state", "order_ids.amount_untaxed")
    @api.depends_context("uid")
    def _compute_sale_amount_total(self) -> None:
        """Counts and sums of all the opportunities at once (one grouped query)."""
        stats: dict[tuple[int, str], tuple[int, float]] = {}
        orders = self.env["sale.order"]
        ids = [lead_id for lead_id in self.ids if isinstance(lead_id, int)]
        if ids and orders.check_access_rights("read", raise_exception=False):
            for group in orders.read_group(
                    [("opportunity_id", "in", ids), ("state", "!=", "cancel")],
                    ["amount_untaxed:sum"], ["opportunity_id", "state"], lazy=False):
                key = (group["opportunity_id"][0], group["state"])
                stats[key] = (group["__count"], group.get("amount_untaxed") or 0.0)
        for lead in self:
            lead_id = lead.id if isinstance(lead.id, int) else None
            lead.quotation_count = sum(stats.get((lead_id, s), (0, 0.0))[0]
                                       for s in QUOTATION_STATES)
            lead.sale_order_count = sum(stats.get((lead_id, s), (0, 0.0))[0]
                                        for s in ORDER_STATES)
            lead.sale_amount_total = sum(stats.get((lead_id, s), (0, 0.0))[1]
                                         for s in ORDER_STATES)

    # -- New Quotation ---------------------------------------------------------------------
    def _check_can_quote(self) -> None:
        self.ensure_one()
        if self.type == "lead":
            raise UserError(_("Convert the lead to an opportunity before making a quotation."))
        if not self.active or self.won_status == "lost":
            raise UserError(_("This opportunity is lost: restore it before making a "
                              "quotation."))

    def action_sale_quotations_new(self) -> dict[str, Any]:
        """The New Quotation button: ask for a customer first when there is none."""
        self._check_can_quote()
        if not self.partner_id:
            return self._ask_customer("sale", _("New Quotation"))
        return self.action_new_quotation()

    def _ask_customer(self, kind: str, title: Any) -> dict[str, Any]:
        """The customer question (``kind`` says where it continues to)."""
        wizard = self.env["crm.quotation.partner"].create(
            {"lead_id": self.id, "quotation_kind": kind})
        return {"type": "ir.actions.act_window", "res_model": "crm.quotation.partner",
                "name": self.env._(title), "view_mode": "form",
                "res_id": wizard.id, "target": "new"}

    def _prepare_opportunity_quotation_context(self) -> dict[str, Any]:
        """The defaults of a quotation made from this opportunity."""
        self.ensure_one()
        context: dict[str, Any] = {
            "default_opportunity_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_origin": self.name,
            "default_tag_ids": [(6, 0, self.tag_ids.ids)],
            "search_default_opportunity_id": self.id,
        }
        for name in ("campaign_id", "medium_id", "source_id", "team_id", "user_id",
                     "company_id"):
            if self[name]:
                context[f"default_{name}"] = self[name].id
        return context

    def action_new_quotation(self) -> dict[str, Any]:
        """A new quotation form, prefilled from the opportunity."""
        self._check_can_quote()
        if not self.partner_id:
            raise UserError(_("Choose a customer for this opportunity first."))
        action = self.env.ref("sale.action_quotations").sudo()
        return {"type": "ir.actions.act_window", "id": action.id, "res_model": "sale.order",
                "name": self.env._(action.name), "view_mode": "form",
                "context": self._prepare_opportunity_quotation_context()}

    def _new_quotation_action(self, kind: str) -> dict[str, Any]:
        """Where the customer question continues to (other kinds come with other addons)."""
        if kind == "sale":
            return self.action_new_quotation()
        raise UserError(_("Unknown kind of quotation: %(kind)s", kind=kind))

    # -- smart buttons ---------------------------------------------------------------------
    def action_view_sale_quotation(self) -> dict[str, Any]:
        self.ensure_one()
        quotations = self.order_ids.filtered(lambda o: o.state in QUOTATION_STATES)
        return self._orders_action(quotations, _("Quotations"))

    def action_view_sale_order(self) -> dict[str, Any]:
        self.ensure_one()
        orders = self.order_ids.filtered(lambda o: o.state in ORDER_STATES)
        return self._orders_action(orders, _("Sales Orders"))

    def _orders_action(self, orders: Any, title: Any) -> dict[str, Any]:
        action: dict[str, Any] = {"type": "ir.actions.act_window", "res_model": "sale.order",
                                  "name": self.env._(title),
                                  "context": {"default_opportunity_id": self.id}}
        if len(orders) == 1:
            return {**action, "view_mode": "form", "res_id": orders.id}
        return {**action, "view_mode": "list,form", "domain": [("id", "in", orders.ids)]}


MODELS = [Lead]
