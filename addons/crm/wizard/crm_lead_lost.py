"""``crm.lead.lost``: the "Mark Lost" dialog — a lost reason and a closing note.

The reason is optional unless the settings require one. The closing note ("What went
wrong?") is written into the chatter together with the change it explains: it becomes the
body of the "Opportunity Lost" tracking message.
"""

from __future__ import annotations

from typing import Any

from core.exceptions import UserError
from core.i18n import Domain
from core.mail.html import is_empty_html
from core.orm import api, fields, models

_ = Domain("crm")


class LeadLost(models.TransientModel):
    _name = "crm.lead.lost"
    _description = "Get Lost Reason"

    lead_ids = fields.Many2many("crm.lead", "crm_lead_lost_lead_rel", "wizard_id", "lead_id",
                                string="Leads", default=lambda self: self._default_lead_ids())
    lost_reason_id = fields.Many2one("crm.lost.reason", string="Lost Reason",
                                     ondelete="cascade")
    lost_feedback = fields.Html(string="Closing Note", sanitize=True)
    lost_reason_required = fields.Boolean(compute="_compute_lost_reason_required",
                                          string="Lost Reason Required")

    def _default_lead_ids(self) -> list:
        context = self.env.context
        ids = context.get("default_lead_ids") or (
            context.get("active_ids") if context.get("active_model", "crm.lead") == "crm.lead"
            else None) or []
        return [(6, 0, list(ids))]

    def _compute_lost_reason_required(self) -> None:
        required = self.env["crm.lead"]._lost_reason_required()
        for wizard in self:
            wizard.lost_reason_required = required

    def action_lost_reason_apply(self) -> dict[str, Any]:
        """Mark the leads lost with the reason; log the closing note with the change."""
        self.ensure_one()
        leads = self.lead_ids
        if not leads:
            raise UserError(_("Select the opportunities to mark as lost."))
        if self.lost_reason_required and not self.lost_reason_id:
            raise UserError(_("Please give a lost reason: your company requires one."))
        note = self.lost_feedback if not is_empty_html(self.lost_feedback) else None
        if note:
            leads._track_set_log_message(self._closing_note(note))
        leads.action_set_lost(lost_reason_id=self.lost_reason_id.id)
        if note:
            for lead_id, body in leads._track_pop_log_message().items():
                leads.browse(lead_id).with_context(active_test=False)._message_log(body=body)
        return {"type": "ir.actions.act_window_close"}

    @api.model
    def _closing_note(self, note: str) -> Any:
        from markupsafe import Markup
        lang = self.env.user.lang or self.env.lang
        return Markup('<div class="o_lost_comment"><p><b>%s</b></p>%s</div>') % (
            _("Closing Note").translate(lang), Markup(note))


MODELS = [LeadLost]
