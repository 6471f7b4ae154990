"""``crm.lost.reason``: why an opportunity was lost ("Too expensive", ...)."""

from __future__ import annotations

from typing import Any

from core.i18n import Domain
from core.orm import fields, models

_ = Domain("crm")


class LostReason(models.Model):
    _name = "crm.lost.reason"
    _description = "Opp. Lost Reason"
    _order = "name, id"

    name = fields.Char(string="Description", required=True, translate=True)
    active = fields.Boolean(default=True)
    leads_count = fields.Integer(string="Leads Count", compute="_compute_leads_count",
                                 compute_sudo=False)

    def _compute_leads_count(self) -> None:
        groups = self.env["crm.lead"].with_context(active_test=False).read_group(
            [("lost_reason_id", "in", self.ids)], ["lost_reason_id"], ["lost_reason_id"])
        counts = {g["lost_reason_id"][0]: g["lost_reason_id_count"] for g in groups}
        for reason in self:
            reason.leads_count = counts.get(reason.id, 0)

    def action_lost_leads(self) -> dict[str, Any]:
        """The lost opportunities of this reason (archived ones included)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(_("Lost Leads")),
            "res_model": "crm.lead",
            "view_mode": "list,form",
            "domain": [("lost_reason_id", "in", self.ids)],
            "context": {"active_test": False},
        }


MODELS = [LostReason]
