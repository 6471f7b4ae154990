"""``utm.medium``: the channel a lead or an order came through (e-mail, phone, banner...)."""

from __future__ import annotations

from core.orm import fields, models


class Medium(models.Model):
    _name = "utm.medium"
    _description = "UTM Medium"
    _order = "name, id"

    name = fields.Char(string="Medium Name", required=True, translate=True)
    active = fields.Boolean(default=True)


MODELS = [Medium]
