"""Extends test_web through the view inheritance of the web client."""

from core.orm import fields, models
from core.registry.hookspecs import hookimpl


class TaskExt(models.Model):
    _inherit = "test_web.task"

    ext_note = fields.Char(string="Extension Note")

    def action_ext(self):
        self.write({"ext_note": "pressed"})
        return True


@hookimpl
def erp_models():
    return [TaskExt]
