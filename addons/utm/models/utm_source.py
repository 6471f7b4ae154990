"""``utm.source``: who or what sent a lead or an order (a search engine, a newsletter...)."""

from __future__ import annotations

from core.orm import fields, models


class Source(models.Model):
    _name = "utm.source"
    _description = "UTM Source"
    _order = "name, id"

    name = fields.Char(string="Source Name", required=True, translate=True)
    active = fields.Boolean(default=True)


MODELS = [Source]
