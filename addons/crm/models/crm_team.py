"""Sales teams in CRM: pipeline figures for the teams' overview (Sales › Sales Teams).

Each card shows the team's open opportunities (count and amount), the overdue ones, the
opportunities nobody is assigned to, and a small chart of the opportunities created per
week over the last four weeks. All figures of all cards come from a few ``read_group``
calls made as the current user, so a salesperson limited to their own documents sees
their own numbers. Other addons add figures through the ``erp_crm_team_dashboard`` hook
(:mod:`addons.crm.hookspecs`): ``dashboard_data`` merges them.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from markupsafe import Markup

from core.i18n import Domain, locale_of
from core.orm import api, fields, models

_ = Domain("crm")

WEEKS = 4


class Team(models.Model):
    _inherit = "crm.team"

    use_leads = fields.Boolean(string="Leads", default=False,
                               help="Check this box to filter and qualify incoming requests as "
                                    "leads before converting them into opportunities and "
                                    "assigning them to a salesperson.")
    use_opportunities = fields.Boolean(string="Pipeline", default=True,
                                       help="Check this box to manage a presales process with "
                                            "opportunities.")
    stage_ids = fields.One2many("crm.stage", "team_id", string="Own Stages")
    opportunities_count = fields.Integer(string="# Opportunities",
                                         compute="_compute_opportunities_count",
                                         compute_sudo=False)
    opportunities_amount = fields.Monetary(string="Opportunities Revenues",
                                           compute="_compute_opportunities_count",
                                           compute_sudo=False, currency_field="currency_id")
    opportunities_overdue_count = fields.Integer(string="# Overdue Opportunities",
                                                 compute="_compute_opportunities_count",
                                                 compute_sudo=False)
    opportunities_overdue_amount = fields.Monetary(string="Overdue Opportunities Revenues",
                                                   compute="_compute_opportunities_count",
                                                   compute_sudo=False,
                                                   currency_field="currency_id")
    lead_unassigned_count = fields.Integer(string="# Unassigned Leads",
                                           compute="_compute_opportunities_count",
                                           compute_sudo=False)
    dashboard_graph_data = fields.Text(string="New Opportunities per Week",
                                       compute="_compute_opportunities_count",
                                       compute_sudo=False)
    dashboard_graph = fields.Html(string="New Opportunities", sanitize=False,
                                  compute="_compute_opportunities_count", compute_sudo=False)

    @api.depends_context("uid")
    def _compute_opportunities_count(self) -> None:
        """Every figure of the dashboard cards, for all teams at once."""
        leads = self.env["crm.lead"]
        base = [("team_id", "in", self.ids), ("won_status", "=", "open")]
        today = fields.Date.context_today(self)
        open_ = _by_team(leads.read_group(base + [("type", "=", "opportunity")],
                                          ["expected_revenue:sum"], ["team_id"]))
        overdue = _by_team(leads.read_group(
            base + [("type", "=", "opportunity"), ("date_deadline", "<", today)],
            ["expected_revenue:sum"], ["team_id"]))
        unassigned = _by_team(leads.read_group(base + [("user_id", "=", False)],
                                               ["expected_revenue:sum"], ["team_id"]))
        weekly = self._new_per_week(today)
        for team in self:
            count, amount = open_.get(team.id, (0, 0.0))
            team.opportunities_count, team.opportunities_amount = count, amount
            count, amount = overdue.get(team.id, (0, 0.0))
            team.opportunities_overdue_count, team.opportunities_overdue_amount = count, amount
            team.lead_unassigned_count = unassigned.get(team.id, (0, 0.0))[0]
            team.dashboard_graph_data = json.dumps(weekly.get(team.id, []))
            team.dashboard_graph = bar_chart(weekly.get(team.id, []),
                                             self.env._(_("New Opportunities")))

    def _new_per_week(self, today: dt.date) -> dict[int, list[dict[str, Any]]]:
        """``{team: [{"week": "2024-05-06", "label": "May 6", "count": 3}, ...]}`` (the
        label as the user's language writes a day and month: "May 6", "6. Mai")."""
        monday = today - dt.timedelta(days=today.weekday())
        weeks = [monday - dt.timedelta(weeks=WEEKS - 1 - i) for i in range(WEEKS)]
        tz = ZoneInfo(self.env.context.get("tz") or "UTC")    # the weeks are the user's
        start = dt.datetime.combine(weeks[0], dt.time(), tz).astimezone(dt.UTC).replace(
            tzinfo=None)
        groups = self.env["crm.lead"].with_context(active_test=False).read_group(
            [("team_id", "in", self.ids), ("type", "=", "opportunity"),
             ("create_date", ">=", start)], ["team_id"], ["team_id", "create_date:week"],
            lazy=False)
        counts: dict[tuple[int, str], int] = {}
        for group in groups:
            bucket = group.get("__range", {}).get("create_date:week", {}).get("from", "")
            counts[(group["team_id"][0], bucket[:10])] = group["__count"]
        locale = locale_of(self.env.lang)
        return {team.id: [{"week": week.isoformat(),
                           "label": babel_dates.format_skeleton("MMMd", week, locale=locale),
                           "count": counts.get((team.id, week.isoformat()), 0)}
                          for week in weeks] for team in self}

    def dashboard_data(self) -> dict[int, list[dict[str, Any]]]:
        """Every figure of every card, CRM's and those of the addons' hooks, in order."""
        result = {team.id: self._crm_figures(team) for team in self}
        hook = self.env.registry.plugin_manager.hook.erp_crm_team_dashboard
        for extra in hook(env=self.env, teams=self):
            for team_id, figures in (extra or {}).items():
                result.setdefault(team_id, []).extend(figures)
        for figures in result.values():
            figures.sort(key=lambda f: f.get("sequence", 50))
        return result

    def _crm_figures(self, team: Any) -> list[dict[str, Any]]:
        pipeline = {"type": "ir.actions.act_window", "res_model": "crm.lead",
                    "domain": [("team_id", "=", team.id)]}
        return [
            {"key": "crm.unassigned", "label": self.env._(_("Unassigned Leads")),
             "value": team.lead_unassigned_count, "sequence": 10,
             "action": {**pipeline, "context": {"search_default_unassigned": 1}}},
            {"key": "crm.open", "label": self.env._(_("Open Opportunities")),
             "value": team.opportunities_count, "amount": team.opportunities_amount,
             "sequence": 20, "action": pipeline},
            {"key": "crm.overdue", "label": self.env._(_("Overdue Opportunities")),
             "value": team.opportunities_overdue_count,
             "amount": team.opportunities_overdue_amount, "sequence": 30,
             "action": {**pipeline, "context": {"search_default_overdue_opp": 1}}},
        ]

    def action_open_pipeline(self) -> dict[str, Any]:
        """The team's pipeline: its opportunities, new ones created in this team."""
        self.ensure_one()
        self.check_access("read")
        action = self.env.ref("crm.crm_lead_action_pipeline").sudo()
        return {
            "type": "ir.actions.act_window", "id": action.id,
            "name": self.env._(action.name) if action else self.name,
            "res_model": "crm.lead",
            "view_mode": action.view_mode,
            "domain": [("type", "=", "opportunity")],
            "context": {"default_team_id": self.id, "search_default_team_id": self.id,
                        "default_type": "opportunity"},
        }


def bar_chart(weeks: list[dict[str, Any]], title: str) -> Markup:
    """A small SVG bar chart of the weekly counts, readable at the size of a kanban card.

    Each week is a slot with its bar, its count above the bar and its label (centred)
    below a baseline. Sizes, colours and alignment are presentation attributes, not inline
    styles (which the Content Security Policy forbids); the bars also carry the graph
    view's ``series-0`` class, so the stylesheet's theme colour wins where it is loaded.
    """
    top = max([week["count"] for week in weeks] + [1])
    slot, bar_width, bar_height, font = 48, 32, 36, 10
    base = font + 4 + bar_height  # room for the counts above the tallest bar
    width, height = len(weeks) * slot, base + font + 6
    text = f'text-anchor="middle" font-size="{font}" fill="#4b5563"'
    parts = [Markup('<title>%s</title><line x1="0" y1="%s" x2="%s" y2="%s" class="baseline" '
                    'stroke="#d1d5db" stroke-width="1"/>') % (title, base, width, base)]
    for index, week in enumerate(weeks):
        bar = round(week["count"] / top * bar_height)
        x, center = index * slot + (slot - bar_width) // 2, index * slot + slot // 2
        parts.append(Markup(
            '<rect x="%s" y="%s" width="%s" height="%s" class="bar series-0" fill="#714b67">'
            '<title>%s: %s</title></rect>'
            '<text x="%s" y="%s" class="bar-value" ' + text + '>%s</text>'
            '<text x="%s" y="%s" class="bar-label" ' + text + '>%s</text>') % (
            x, base - bar, bar_width, bar, week["label"], week["count"],
            center, base - bar - 3, week["count"], center, height - 3, week["label"]))
    summary = ", ".join(f"{week['label']}: {week['count']}" for week in weeks)
    return Markup('<svg class="o_dashboard_graph" viewBox="0 0 %s %s" role="img" '
                  'aria-label="%s — %s" xmlns="http://www.w3.org/2000/svg">%s</svg>') % (
        width, height, title, summary, Markup("").join(parts))


def _by_team(groups: list[dict[str, Any]]) -> dict[int, tuple[int, float]]:
    return {g["team_id"][0]: (g["team_id_count"], g.get("expected_revenue") or 0.0)
            for g in groups if g.get("team_id")}


MODELS = [Team]
