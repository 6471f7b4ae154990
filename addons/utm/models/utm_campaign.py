"""``utm.campaign``: a marketing campaign a lead or an order came from."""

from __future__ import annotations

from core.orm import fields, models


class Campaign(models.Model):
    _name = "utm.campaign"
    _description = "UTM Campaign"
    _order = "name, id"
    _sql_constraints = [("unique_name", "unique(name)", "The name must be unique")]

    name = fields.Char(string="Campaign Identifier", required=True)
    title = fields.Char(string="Campaign Name", translate=True)
    user_id = fields.Many2one("res.users", string="Responsible",
                              default=lambda self: self.env.user)
    active = fields.Boolean(default=True)
    color = fields.Integer(string="Color Index")


MODELS = [Campaign]
