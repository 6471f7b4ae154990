"""Salesperson → sales team → stage, and the columns of the pipeline.

* The team follows the salesperson: kept when the salesperson is its leader or a member,
  else the salesperson's first team (membership in several teams is allowed), else the
  team of the context (a team's pipeline); clearing the salesperson keeps the team.
* The stage follows the team: an opportunity without a stage, or with a stage of another
  team, goes to the first unfolded stage shared by all teams or owned by its team.
* A stage of another team is refused with a clear message, before anything is written.
* The kanban shows the stages shared by all teams, those of the team whose pipeline is
  open, and any stage that holds records (``group_expand``).
"""

from __future__ import annotations

from typing import Any

from core.exceptions import ValidationError
from core.i18n import Domain
from core.orm import api, models

_ = Domain("crm")


class LeadTeam(models.Model):
    _inherit = "crm.lead"

    # -- team ------------------------------------------------------------------------------
    @api.depends("user_id", "type")
    def _compute_team_id(self) -> None:
        previous = self._previous_values(("team_id",))
        context_team = self.env.context.get("default_team_id")
        users = self.mapped("user_id")
        memberships = users.sudo().mapped("crm_team_member_ids").filtered("active")
        teams_of: dict[int, list[int]] = {}
        for member in memberships.sorted(lambda m: (m.crm_team_id.sequence, m.crm_team_id.id)):
            if member.crm_team_id.active:
                teams_of.setdefault(member.user_id.id, []).append(member.crm_team_id.id)
        led = self.env["crm.team"].sudo().search([("user_id", "in", users.ids)])
        for team in led:
            teams_of.setdefault(team.user_id.id, []).insert(0, team.id)
        for lead in self:
            current = previous[lead._ids[0]].get("team_id")
            lead.team_id = self._team_for(lead.user_id.id, current, teams_of, context_team)

    @staticmethod
    def _team_for(user_id: int | None, current: int | None, teams_of: dict[int, list[int]],
                  context_team: int | None) -> int | bool:
        if not user_id:
            return current or context_team or False
        teams = teams_of.get(user_id, [])
        if current and current in teams:
            return current
        if context_team and context_team in teams:
            return context_team
        return teams[0] if teams else (current or context_team or False)

    # -- stage -------------------------------------------------------------------------------
    @api.depends("team_id", "type")
    def _compute_stage_id(self) -> None:
        previous = self._previous_values(("stage_id",))
        stages = self.env["crm.stage"].sudo().search([])
        team_of_stage = {stage.id: stage.team_id.id for stage in stages}
        for lead in self:
            current = previous[lead._ids[0]].get("stage_id")
            team = lead.team_id.id
            if current and team_of_stage.get(current) in (False, None, team):
                lead.stage_id = current
            else:
                lead.stage_id = _first_open_stage(stages, team)

    def _stage_find(self, team_id: int | None = None) -> Any:
        """The first unfolded stage shared by all teams or owned by ``team_id``."""
        stages = self.env["crm.stage"].search([])
        return self.env["crm.stage"].browse(_first_open_stage(stages, team_id))

    def _check_stage_team(self, stage_id: int, teams: set[Any]) -> None:
        """ValidationError unless the stage is shared or belongs to each of ``teams``."""
        stage = self.env["crm.stage"].sudo().browse(stage_id)
        if not stage.exists():
            raise ValidationError(_("The stage does not exist any more."))
        if stage.team_id and any(team != stage.team_id.id for team in teams):
            raise ValidationError(_(
                "The stage %(stage)s belongs to the sales team %(team)s; choose a stage of "
                "the opportunity's team or a stage shared by all teams.",
                stage=stage.name, team=stage.team_id.name))

    @api.constrains("stage_id", "team_id")
    def _check_stage_id(self) -> None:
        for lead in self.sudo():
            stage_team = lead.stage_id.team_id
            if stage_team and stage_team != lead.team_id:
                raise ValidationError(_(
                    "The stage %(stage)s belongs to the sales team %(team)s; choose a stage "
                    "of the opportunity's team or a stage shared by all teams.",
                    stage=lead.stage_id.name, team=stage_team.name))

    @api.model
    def _read_group_stage_ids(self, stages: Any, domain: Any) -> Any:
        """Pipeline columns: shared stages, the context team's, and those holding records."""
        team_id = self.env.context.get("default_team_id")
        search = ["|", ("id", "in", stages.ids), ("team_id", "=", False)]
        if team_id:
            search = ["|", ("team_id", "=", team_id), *search]
        return self.env["crm.stage"].search(search)


def _first_open_stage(stages: Any, team_id: int | None) -> int | bool:
    for stage in stages:  # ordered by sequence
        if not stage.fold and stage.team_id.id in (False, team_id):
            return stage.id
    return False


MODELS = [LeadTeam]
