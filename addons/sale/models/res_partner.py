"""The sales of a customer, seen from the customer (smart button on the contact form)."""

from __future__ import annotations

from typing import Any

from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("sale")


class Partner(models.Model):
    _inherit = "res.partner"

    sale_order_ids = fields.One2many("sale.order", "partner_id", string="Sales Order")
    sale_order_count = fields.Integer(string="Sale Order Count",
                                      compute="_compute_sale_order_count", compute_sudo=False)

    @api.depends_context("uid")
    def _compute_sale_order_count(self) -> None:
        """Orders of each contact; a company counts those of its contacts too (one query)."""
        own: dict[int, int] = {}
        of_company: dict[int, int] = {}
        orders = self.env["sale.order"]
        if self.ids and orders.check_access_rights("read", raise_exception=False):
            groups = orders.read_group(
                [("partner_id.commercial_partner_id", "in",
                  self.mapped("commercial_partner_id").ids)], ["partner_id"], ["partner_id"])
            counts = {g["partner_id"][0]: g["partner_id_count"] for g in groups
                      if g["partner_id"]}
            for customer in self.browse(list(counts)):
                own[customer.id] = counts[customer.id]
                company = customer.commercial_partner_id.id
                of_company[company] = of_company.get(company, 0) + counts[customer.id]
        for partner in self:
            partner.sale_order_count = of_company.get(partner.id, 0) if partner.is_company \
                else own.get(partner.id, 0)

    def action_view_sale_order(self) -> dict[str, Any]:
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": "sale.order",
                "name": self.env._(_("Sales Orders")), "view_mode": "list,form",
                "domain": [("partner_id", "child_of", self.commercial_partner_id.id
                            if self.is_company else self.id)]}


MODELS = [Partner]
