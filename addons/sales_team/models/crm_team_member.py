"""``crm.team.member``: one user's membership of one sales team.

A user may be a member of several teams, but only once of each; leaving a team archives
the membership instead of deleting it, so the history stays readable.
"""

from __future__ import annotations

from core.exceptions import ValidationError
from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("sales_team")


class TeamMember(models.Model):
    _name = "crm.team.member"
    _description = "Sales Team Member"
    _order = "create_date, id"
    _rec_name = "user_id"

    crm_team_id = fields.Many2one("crm.team", string="Sales Team", required=True, index=True,
                                  ondelete="cascade")
    user_id = fields.Many2one("res.users", string="Salesperson", required=True, index=True,
                              ondelete="cascade", domain=[("share", "=", False)])
    active = fields.Boolean(default=True)
    name = fields.Char(related="user_id.name", readonly=True)
    email = fields.Char(related="user_id.email", readonly=True)
    company_id = fields.Many2one("res.company", related="crm_team_id.company_id",
                                 readonly=True)

    @api.constrains("crm_team_id", "user_id", "active")
    def _check_membership(self) -> None:
        for member in self.filtered("active"):
            twins = self.sudo().search([("crm_team_id", "=", member.crm_team_id.id),
                                        ("user_id", "=", member.user_id.id),
                                        ("id", "!=", member.id)])
            if twins:
                raise ValidationError(_(
                    "User %(user)s is already a member of the sales team %(team)s.",
                    user=member.user_id.sudo().name, team=member.crm_team_id.sudo().name))
            if member.user_id.sudo().share:
                raise ValidationError(_("Only internal users can be members of a sales team."))


MODELS = [TeamMember]
