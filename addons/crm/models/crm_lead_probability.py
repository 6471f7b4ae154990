"""Probability of an opportunity: automated by predictive lead scoring, or manual.

``automated_probability`` is computed from the scoring counts of the opportunity's team
(:mod:`addons.crm.scoring`) whenever its stage, team, tags or a scored field changes; it
is 100 % when won and 0 % when lost. Until the counts hold at least one won and one lost
opportunity, the stage's default probability is used instead of 0 %.

``probability`` follows it while ``is_automated_probability`` is set. Typing another
probability switches the opportunity to manual (the value stays, whatever happens to the
stage) until "back to automatic" (``action_set_automated_probability``); reopening a won or
lost opportunity makes it automatic again. ``probability_explanation`` tells which values
raised or lowered the probability.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from markupsafe import Markup, escape

from addons.crm import scoring
from addons.crm.models.crm_lead_scoring_frequency import EMPTY_COUNTS
from addons.crm.models.crm_lead_status import CLOSED_PROBABILITY
from core.exceptions import AccessError
from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("crm")

PLS_FIELDS_PARAM = "crm.pls_fields"
PLS_START_PARAM = "crm.pls_start_date"
DEFAULT_PLS_FIELDS = "state_id,country_id,phone_state,email_state,source_id"
SCORED_DEPENDS = ("stage_id", "stage_id.default_probability", "team_id", "tag_ids",
                  "won_status", "state_id", "country_id", "phone_state", "email_state",
                  "source_id", "lang_id")


class LeadProbability(models.Model):
    _inherit = "crm.lead"

    # -- configuration ------------------------------------------------------------------------
    @api.model
    def _pls_fields(self) -> list[str]:
        """The scored fields besides the stage (``crm.pls_fields``), valid names only."""
        value = self.env["ir.config_parameter"].sudo().get_param(PLS_FIELDS_PARAM,
                                                                 DEFAULT_PLS_FIELDS)
        names = [n.strip() for n in (value or "").split(",") if n.strip()]
        return [n for n in names if n in self._fields and n != "stage_id"]

    @api.model
    def _pls_start_date(self) -> dt.datetime:
        """Opportunities created before this moment are not counted."""
        value = self.env["ir.config_parameter"].sudo().get_param(PLS_START_PARAM)
        try:
            day = fields.Date.to_date(value)
        except ValueError:
            day = None
        day = day or fields.Date.today() - dt.timedelta(days=8)
        return dt.datetime(day.year, day.month, day.day)

    @api.model
    def _pls_stages(self) -> list[tuple[int, int]]:
        """``[(stage id, sequence)]`` of all stages, in order."""
        return [(stage.id, stage.sequence) for stage in self.env["crm.stage"].sudo().search([])]

    @api.model
    def _pls_first_stage(self) -> int | None:
        """The first stage shared by all teams: every closed opportunity counts in it."""
        stage = self.env["crm.stage"].sudo().search([("team_id", "=", False)], limit=1)
        return stage.id or None

    # -- the values that are scored --------------------------------------------------------
    def _pls_facts(self) -> dict[int, dict[str, Any]]:
        """Per record: team, stage, scored (variable, value) pairs, counted or not."""
        names = self._pls_fields()
        start = self._pls_start_date()
        records = self.sudo().with_context(active_test=False)
        return {lead.id: {"team": lead.team_id.id or None, "stage": lead.stage_id.id or None,
                          "pairs": lead._pls_pairs(names),
                          "counted": bool(lead.create_date and lead.create_date >= start)}
                for lead in records}

    def _pls_pairs(self, names: list[str]) -> list[scoring.Key]:
        pairs: list[scoring.Key] = []
        for name in names:
            if name == "tag_ids":
                pairs.extend(("tag_id", str(tag_id)) for tag_id in self.tag_ids.ids)
                continue
            value = self[name]
            if hasattr(value, "_ids"):
                value = value.id
            if value:
                pairs.append((name, str(value)))
            elif name in EMPTY_COUNTS:
                pairs.append((name, "False"))
        return pairs

    # -- computes ----------------------------------------------------------------------------
    @api.depends(*SCORED_DEPENDS)
    def _compute_automated_probability(self) -> None:
        frequencies = self.env["crm.lead.scoring.frequency"]
        first_stage = self._pls_first_stage()
        names = self._pls_fields()
        for lead in self:
            if lead.won_status in CLOSED_PROBABILITY:
                lead.automated_probability = CLOSED_PROBABILITY[lead.won_status]
                continue
            table = frequencies._table_of(lead.team_id.id or None)
            lead.automated_probability = lead._pls_probability(table, first_stage, names)[0]

    def _pls_probability(self, table: scoring.Table, first_stage: int | None,
                         names: list[str]) -> tuple[float, list[scoring.Factor]]:
        """(probability, factors) of one open record; the stage default without data."""
        if not self.stage_id:
            return 0.0, []
        if not scoring.has_enough_data(table, first_stage):
            return self.stage_id.default_probability or 0.0, []
        pairs = [(scoring.STAGE, str(self.stage_id.id)), *self._pls_pairs(names)]
        value, factors = scoring.probability(table, first_stage, pairs)
        return (self.stage_id.default_probability if value is None else value), factors

    @api.depends("automated_probability", "is_automated_probability", "won_status")
    def _compute_probability(self) -> None:
        manual = self.filtered(lambda lead: lead.won_status == "open" and
                               not lead.is_automated_probability)
        previous = manual._previous_values(("probability",)) if manual else {}
        for lead in self:
            if lead.won_status in CLOSED_PROBABILITY:
                lead.probability = CLOSED_PROBABILITY[lead.won_status]
            elif lead.is_automated_probability:
                lead.probability = lead.automated_probability
            else:
                kept = previous.get(lead._ids[0], {}).get("probability")
                lead.probability = lead.automated_probability if kept is None else kept

    def _update_automated_flag(self) -> None:
        """After a probability was typed: manual unless it equals the automated one."""
        for lead in self.sudo():
            automatic = round(lead.probability, 2) == round(lead.automated_probability, 2)
            if lead.is_automated_probability != automatic:
                lead.is_automated_probability = automatic

    def action_set_automated_probability(self) -> bool:
        """Back to automatic: the probability follows the computed one again."""
        self.write({"is_automated_probability": True})
        return True

    @api.onchange("probability")
    def _onchange_probability(self) -> None:
        self.is_automated_probability = round(self.probability or 0.0, 2) == round(
            self.automated_probability or 0.0, 2)

    @api.depends(*SCORED_DEPENDS)
    def _compute_probability_explanation(self) -> None:
        frequencies = self.env["crm.lead.scoring.frequency"]
        first_stage = self._pls_first_stage()
        names = self._pls_fields()
        lang = self.env.lang
        for lead in self:
            if lead.won_status != "open":
                lead.probability_explanation = False
                continue
            table = frequencies._table_of(lead.team_id.id or None)
            _value, factors = lead._pls_probability(table, first_stage, names)
            lead.probability_explanation = lead._explain(factors, lang)

    def _explain(self, factors: list[scoring.Factor], lang: str) -> Any:
        if not factors:
            if not self.stage_id:
                return False
            return Markup("<p>%s</p>") % _(
                "Not enough won and lost opportunities yet: the default probability of the "
                "stage %(stage)s is used.", stage=self.stage_id.name).translate(lang)
        items = []
        for factor in sorted(factors, key=lambda f: -abs(math.log(f.weight or 1e-9))):
            label, value = self._factor_label(factor, lang)
            direction = _("raises") if factor.weight >= 1 else _("lowers")
            items.append(Markup("<li>%s: %s — %s (×%s)</li>") % (
                label, value, direction.translate(lang), f"{factor.weight:.2f}"))
        return Markup("<ul>%s</ul>") % Markup("").join(items)

    def _factor_label(self, factor: scoring.Factor, lang: str) -> tuple[str, str]:
        name = "tag_ids" if factor.variable == "tag_id" else factor.variable
        field = self._fields[name]
        label = field.string.translate(lang) if hasattr(field.string, "translate") \
            else str(field.string)
        if field.type in ("many2one", "many2many"):
            record = self.env[field.comodel_name].sudo().with_context(lang=lang).browse(
                int(factor.value))
            return label, escape(record.display_name)
        if field.type == "selection":
            if factor.value == "False":
                return label, _("empty").translate(lang)
            option = dict(field._options(self)).get(factor.value, factor.value)
            return label, option.translate(lang) if hasattr(option, "translate") else option
        return label, factor.value

    # -- statistics -------------------------------------------------------------------------
    def _pls_count_transitions(self, changed: list[tuple[Any, Any, Any]],
                               before: dict[int, Any]) -> None:
        """Update the scoring counts for records that closed or reopened."""
        stages = self._pls_stages()
        after = self.browse([lead.id for lead, _o, new in changed
                             if new in scoring_closed()])._pls_facts()
        deltas: dict[tuple[int | None, str, str], list[float]] = {}
        for lead, old, new in changed:
            if old in scoring_closed() and (before.get(lead.id) or {}).get("facts"):
                _add_facts(deltas, before[lead.id]["facts"], old, -1, stages)
            if new in scoring_closed():
                _add_facts(deltas, after[lead.id], new, 1, stages)
        self.env["crm.lead.scoring.frequency"].sudo()._apply_deltas(deltas)

    @api.model
    def action_update_probabilities(self) -> int:
        """Rebuild the scoring statistics and rescore every open record (managers only).

        The full rebuild Odoo runs as a daily scheduled action; here an operator schedules
        ``erp call crm.lead action_update_probabilities`` (or calls it over RPC). Returns
        the number of frequency rows written.
        """
        if not self.env.su and not self.env.user_has_groups("sales_team.group_sale_manager"):
            raise AccessError(_("Only sales administrators can update the probabilities."))
        return self._pls_rebuild()

    @api.model
    def _pls_rebuild(self) -> int:
        """Recount the statistics from scratch (SQL GROUP BY), then rescore open records."""
        count = self.env["crm.lead.scoring.frequency"].sudo()._rebuild(
            self._pls_fields(), self._pls_start_date())
        self._pls_update_open_leads()
        return count

    @api.model
    def _pls_update_open_leads(self, batch: int = 5000) -> None:
        """Recompute the automated probability of every open record, in batches."""
        leads = self.sudo().with_context(active_test=False).search([("won_status", "=", "open")])
        for start in range(0, len(leads), batch):
            leads[start:start + batch]._recompute_fields(["automated_probability"])


def scoring_closed() -> tuple[str, str]:
    return ("won", "lost")


def _add_facts(deltas: dict, facts: dict[str, Any], status: str, sign: int,
               stages: list[tuple[int, int]]) -> None:
    if not facts["counted"]:
        return
    won = status == "won"
    keys = scoring.stage_keys(facts["stage"], stages, won=won) + list(facts["pairs"])
    for variable, value in keys:
        entry = deltas.setdefault((facts["team"], variable, value), [0.0, 0.0])
        entry[0 if won else 1] += sign


MODELS = [LeadProbability]
