"""``crm.team``: sales teams, with a leader and members through ``crm.team.member``.

A salesperson may belong to several teams (a known pain point of Odoo 14, fixed in 15 with
the membership model). ``member_ids`` shows the active members and writes through to the
memberships, so that forms and scripts can keep using a plain many2many::

    team.member_ids = [(4, user.id)]       # creates (or reactivates) the membership
    team.member_ids = [(3, user.id)]       # archives it; history stays
"""

from __future__ import annotations

from typing import Any

from core.exceptions import UserError
from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("sales_team")

DEFAULT_TEAMS = ("sales_team.team_sales_department",)


class Team(models.Model):
    _name = "crm.team"
    _description = "Sales Team"
    _order = "sequence, name, id"
    _rec_name = "name"

    name = fields.Char(string="Sales Team", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, help="If the active field is set to false, it will "
                            "allow you to hide the Sales Team without removing it.")
    company_id = fields.Many2one("res.company", string="Company", index=True,
                                 default=lambda self: self.env.company)
    currency_id = fields.Many2one("res.currency", string="Currency",
                                  related="company_id.currency_id", readonly=True)
    user_id = fields.Many2one("res.users", string="Team Leader", domain=[("share", "=", False)])
    color = fields.Integer(string="Color Index", help="The color of the channel")
    crm_team_member_ids = fields.One2many("crm.team.member", "crm_team_id",
                                          string="Sales Team Members")
    member_ids = fields.Many2many("res.users", string="Salespersons",
                                 compute="_compute_member_ids", inverse="_inverse_member_ids",
                                 search="_search_member_ids",
                                 help="Users assigned to this team.")
    member_count = fields.Integer(string="Number of Members", compute="_compute_member_ids")

    @api.depends("crm_team_member_ids.user_id", "crm_team_member_ids.active")
    def _compute_member_ids(self) -> None:
        for team in self:
            users = team.crm_team_member_ids.filtered("active").mapped("user_id")
            team.member_ids = users
            team.member_count = len(users)

    def _inverse_member_ids(self) -> None:
        members = self.env["crm.team.member"].with_context(active_test=False)
        for team in self:
            wanted = team.member_ids
            existing = members.search([("crm_team_id", "=", team.id)])
            for membership in existing:
                active = membership.user_id in wanted
                if membership.active != active:
                    membership.active = active
            missing = wanted - existing.mapped("user_id")
            if missing:
                members.create([{"crm_team_id": team.id, "user_id": user.id}
                                for user in missing])

    def _search_member_ids(self, operator: str, value: Any) -> list:
        return [("crm_team_member_ids.user_id", operator, value)]

    def unlink(self) -> bool:
        self.check_access("unlink")
        for xmlid in DEFAULT_TEAMS:
            team = self.env.ref(xmlid, raise_if_not_found=False)
            if team is not None and team.id in self.ids:
                raise UserError(_("Cannot delete default team \"%(name)s\"",
                                  name=team.sudo().name))
        return super().unlink()


MODELS = [Team]
