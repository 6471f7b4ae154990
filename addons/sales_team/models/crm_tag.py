"""``crm.tag``: free labels for leads and quotations, shared by CRM and Sales."""

from __future__ import annotations

from random import randint

from core.orm import fields, models


def _default_color(model: object) -> int:
    return randint(1, 11)


class Tag(models.Model):
    _name = "crm.tag"
    _description = "CRM Tag"
    _order = "name, id"
    _rec_name = "name"
    _sql_constraints = [("name_uniq", "unique(name)", "Tag name already exists!")]

    name = fields.Char(string="Tag Name", required=True)
    color = fields.Integer(default=_default_color, help="Tag color. No color means no display "
                           "in kanban to distinguish internal tags from public categorization "
                           "tags.")


MODELS = [Tag]
