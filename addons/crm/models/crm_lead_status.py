"""Won, lost or open: an explicit, stored status, and the actions that change it.

Odoo derives "won" and "lost" from the probability, the stage and ``active``, which makes
reports and rules ambiguous. Here ``won_status`` is stored and follows one rule:

    lost  = archived (losing an opportunity archives it; archiving one loses it)
    won   = active and in a won stage
    open  = everything else

and the rest follows the status: the probability (100 % won, 0 % lost, else computed —
:data:`CLOSED_PROBABILITY`, checked by :meth:`LeadStatus._check_closed_probability`: a
probability written or created with a won or lost record must be that one, or nothing is
stored; a reopened record keeps a probability written with it), the
closed date (set when won or lost, cleared when reopened), the lost reason (cleared on
restore) and the statistics of predictive lead scoring (counted when an opportunity
closes, uncounted when it reopens). "Mark Won" moves to the nearest won stage; dragging a
card into a won column is the same write. "Mark Lost" archives with an optional reason —
or a required one, see the settings — and refuses an opportunity that is already lost.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.exceptions import UserError, ValidationError
from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("crm")

CLOSED = ("won", "lost")
#: The probability of a closed record: the one rule the computes and the checks share.
CLOSED_PROBABILITY = {"won": 100.0, "lost": 0.0}


class LeadStatus(models.Model):
    _inherit = "crm.lead"

    @api.depends("active", "stage_id", "stage_id.is_won")
    def _compute_won_status(self) -> None:
        for lead in self:
            if not lead.active:
                lead.won_status = "lost"
            elif lead.stage_id.is_won:
                lead.won_status = "won"
            else:
                lead.won_status = "open"

    # -- follow-ups of a change of status ----------------------------------------------------------
    def _status_snapshot(self) -> dict[int, dict[str, Any]]:
        """Status and scoring facts of the records, before a change."""
        records = self.sudo().with_context(active_test=False)
        facts = records._pls_facts()
        return {lead.id: {"status": lead.won_status, "facts": facts[lead.id]}
                for lead in records}

    def _after_status_change(self, before: dict[int, Any], vals: dict | None = None,
                             creating: bool = False) -> None:
        """Closed date, automatic probability and scoring counts of records whose status
        changed since ``before`` (``None`` for a record just created; one created closed
        keeps a closed date it was given, as imported history does)."""
        vals = vals or {}
        records = self.sudo().with_context(active_test=False)
        changed = [(lead, (before.get(lead.id) or {}).get("status"), lead.won_status)
                   for lead in records]
        changed = [(lead, old, new) for lead, old, new in changed if old != new]
        if not changed:
            return
        now = fields.Datetime.now()
        closing = records.browse([lead.id for lead, _old, new in changed if new in CLOSED])
        reopening = records.browse([lead.id for lead, old, new in changed
                                    if old in CLOSED and new == "open"])
        if creating:
            closing = closing.filtered(lambda lead: not lead.date_closed)
        if "date_closed" not in vals:
            closing.write({"date_closed": now})
            reopening.write({"date_closed": False})
        if "is_automated_probability" not in vals and "probability" not in vals:
            reopening.filtered(lambda lead: not lead.is_automated_probability).write(
                {"is_automated_probability": True})
        records._pls_count_transitions(changed, before)

    def _check_closed_probability(self, probabilities: list[object]) -> None:
        """ValidationError if a probability given with a record (``None``: not given,
        one per record of ``self``) contradicts the status the record ended up in."""
        records = self.sudo().with_context(active_test=False)
        for lead, asked in zip(records, probabilities):
            required = CLOSED_PROBABILITY.get(lead.won_status)
            if asked is None or required is None:
                continue
            value = round(float(asked or 0.0), 2)
            if value == required:
                continue
            shown = f"{value:g}"
            if lead.won_status == "won":
                raise ValidationError(_(
                    "%(lead)s is a won opportunity: its probability is 100%%, it cannot be "
                    "%(value)s%%. Move it to another stage to change its probability.",
                    lead=lead.name, value=shown))
            raise ValidationError(_(
                "%(lead)s is a lost opportunity: its probability is 0%%, it cannot be "
                "%(value)s%%. Restore it to change its probability.",
                lead=lead.name, value=shown))

    # -- actions ---------------------------------------------------------------------------
    def action_set_won(self) -> bool:
        """Mark Won: reactivate if needed and move each to its nearest won stage."""
        self.check_access("write")
        stages = self.env["crm.stage"].sudo().search([("is_won", "=", True)])
        if not stages:
            raise UserError(_("There is no won stage: flag a stage as won first "
                              "(Configuration › Stages)."))
        targets: dict[int, list[int]] = {}
        for lead in self.with_context(active_test=False):
            stage = lead._won_stage_for(stages)
            if stage is None:
                raise UserError(_("No won stage is available for the sales team of "
                                  "%(lead)s.", lead=lead.name))
            targets.setdefault(stage.id, []).append(lead.id)
        for stage_id, ids in targets.items():
            leads = self.browse(ids).with_context(active_test=False)
            values: dict[str, Any] = {"stage_id": stage_id}
            if any(not lead.active for lead in leads):
                values["active"] = True
            leads.write(values)
        return True

    def _won_stage_for(self, won_stages: Any) -> Any:
        """The first won stage after the current one, else the last one before it (among
        the stages shared by all teams and those of the lead's team)."""
        team = self.sudo().team_id.id
        usable = won_stages.filtered(lambda s: s.team_id.id in (False, team))
        if not usable:
            return None
        current = self.sudo().stage_id.sequence if self.stage_id else -1
        after = usable.filtered(lambda s: s.sequence > current)
        return after[:1] if after else usable[-1:]

    def action_set_won_rainbowman(self) -> Any:
        """Mark Won, with the client's congratulation effect when it is a record."""
        self.action_set_won()
        message = self._rainbowman_message() if len(self) == 1 else False
        if message:
            return {"effect": {"fadeout": "slow", "message": message, "type": "rainbow_man"}}
        return True

    def action_set_lost(self, **values: Any) -> bool:
        """Mark Lost: archive, with ``lost_reason_id`` (optional unless the settings say
        otherwise) and any other field value."""
        already = self.with_context(active_test=False).filtered(
            lambda lead: lead.won_status == "lost")
        if already:
            raise UserError(_("%(lead)s is already lost.", lead=already[0].name))
        if not values.get("lost_reason_id") and self._lost_reason_required():
            raise UserError(_("Please give a lost reason: your company requires one."))
        self.write({"active": False, **values})
        return True

    @api.model
    def _lost_reason_required(self) -> bool:
        param = self.env["ir.config_parameter"].sudo().get_param("crm.lost_reason_required")
        return param in ("1", "True", "true")

    def action_restore(self) -> bool:
        """Restore a lost opportunity: active again, reason cleared, probability recomputed."""
        self.with_context(active_test=False).filtered(lambda lead: not lead.active).write(
            {"active": True})
        return True

    def action_archive(self) -> bool:
        """Archiving an opportunity loses it (without a reason)."""
        return self.filtered("active").action_set_lost()

    def action_unarchive(self) -> bool:
        return self.action_restore()

    # -- chatter ---------------------------------------------------------------------------
    def _track_subtype(self, changes: dict[str, tuple[Any, Any]]) -> Any:
        if "active" in changes:
            xmlid = "crm.mt_lead_restored" if changes["active"][1] else "crm.mt_lead_lost"
        elif "stage_id" in changes:
            xmlid = "crm.mt_lead_won" if self.won_status == "won" else "crm.mt_lead_stage"
        elif changes.get("lost_reason_id", (None, None))[1]:
            xmlid = "crm.mt_lead_lost"
        else:
            return super()._track_subtype(changes)
        return xmlid

    def _creation_subtype(self) -> Any:
        return self.env.ref("crm.mt_lead_create", raise_if_not_found=False) or \
            super()._creation_subtype()

    def _creation_message(self, lang: str) -> str:
        kinds = {rec.type for rec in self}
        text = _("Opportunity created") if kinds == {"opportunity"} else _("Lead created")
        return text.translate(lang)

    def _rainbowman_message(self) -> Any:
        """A congratulation when this won opportunity beats a record, else False (a few
        indexed queries, whatever the number of won deals)."""
        self.ensure_one()
        if not (self.user_id and self.team_id and self.expected_revenue):
            return False
        won = self.env["crm.lead"].sudo().with_context(active_test=False)
        base = [("won_status", "=", "won"), ("id", "!=", self.id)]
        now = fields.Datetime.now()
        year_start = now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
        if not won.search(base + [("user_id", "=", self.user_id.id),
                                  ("date_closed", ">=", year_start)], limit=1):
            return self.env._(_("Go, go, go! Congrats for your first deal."))
        checks = [(30, "team_id", _("Boom! Team record for the past 30 days.")),
                  (7, "team_id", _("Yeah! Deal of the last 7 days for the team.")),
                  (30, "user_id", _("You just beat your personal record for the past 30 days.")),
                  (7, "user_id", _("You just beat your personal record for the past 7 days."))]
        for days, key, text in checks:
            best = won.search(base + [(key, "=", self[key].id),
                                      ("date_closed", ">", now - dt.timedelta(days=days))],
                              order="expected_revenue desc", limit=1)
            if best and self.expected_revenue > best.expected_revenue:
                return self.env._(text)
        return False


MODELS = [LeadStatus]
