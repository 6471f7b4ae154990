"""Customers in CRM: how many opportunities a contact (and its company's contacts) has."""

from __future__ import annotations

from typing import Any

from core.i18n import Domain
from core.orm import fields, models

_ = Domain("crm")


class Partner(models.Model):
    _inherit = "res.partner"

    opportunity_count = fields.Integer(string="Opportunity Count",
                                       compute="_compute_opportunity_count", compute_sudo=False)

    def _compute_opportunity_count(self) -> None:
        """Opportunities of each partner and of its contacts (one read_group)."""
        counts: dict[int, int] = {}
        leads = self.env["crm.lead"]
        if leads.check_access_rights("read", raise_exception=False) and self.ids:
            commercial = self.sudo().mapped("commercial_partner_id")
            groups = leads.with_context(active_test=False).read_group(
                [("partner_id.commercial_partner_id", "in", commercial.ids),
                 ("type", "=", "opportunity")], ["partner_id"], ["partner_id"])
            partners = self.env["res.partner"].sudo().browse(
                [g["partner_id"][0] for g in groups if g["partner_id"]])
            by_partner = {g["partner_id"][0]: g["partner_id_count"] for g in groups
                          if g["partner_id"]}
            for partner in partners:
                counts[partner.id] = counts.get(partner.id, 0) + by_partner[partner.id]
                if partner.commercial_partner_id != partner:
                    top = partner.commercial_partner_id.id
                    counts[top] = counts.get(top, 0) + by_partner[partner.id]
        for partner in self:
            partner.opportunity_count = counts.get(partner.id, 0)

    def action_view_opportunity(self) -> dict[str, Any]:
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(_("Opportunities")),
            "res_model": "crm.lead",
            "view_mode": "kanban,list,form",
            "domain": [("partner_id", "child_of", self.commercial_partner_id.id)],
            "context": {"default_partner_id": self.id, "default_type": "opportunity"},
        }


MODELS = [Partner]
