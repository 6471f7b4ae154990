"""The sales teams of a user, seen from the user."""

from __future__ import annotations

from typing import Any

from core.orm import api, fields, models


class Users(models.Model):
    _inherit = "res.users"

    crm_team_member_ids = fields.One2many("crm.team.member", "user_id",
                                          string="Sales Team Members")
    crm_team_ids = fields.Many2many("crm.team", string="Sales Teams",
                                    compute="_compute_crm_team_ids",
                                    search="_search_crm_team_ids")
    sale_team_id = fields.Many2one("crm.team", string="User Sales Team",
                                   compute="_compute_sale_team_id", store=True,
                                   help="Main user sales team. Used notably for pipeline, or "
                                        "to set sales team in invoicing or subscription.")

    @api.depends("crm_team_member_ids.active", "crm_team_member_ids.crm_team_id")
    def _compute_crm_team_ids(self) -> None:
        for user in self:
            user.crm_team_ids = user.crm_team_member_ids.filtered("active").mapped(
                "crm_team_id")

    def _search_crm_team_ids(self, operator: str, value: Any) -> list:
        return [("crm_team_member_ids.crm_team_id", operator, value)]

    @api.depends("crm_team_member_ids.active", "crm_team_member_ids.crm_team_id")
    def _compute_sale_team_id(self) -> None:
        for user in self:
            memberships = user.crm_team_member_ids.filtered("active").sorted("id")
            user.sale_team_id = memberships[:1].crm_team_id   # the oldest membership


MODELS = [Users]
