from core.orm import fields, models
from core.registry.hookspecs import hookimpl


def _default_priority(model):
    return 3 if model._name == "test.stack" else 0


class StackDefaults(models.Model):
    _inherit = "test.stack"

    status = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")
    flagged = fields.Boolean(default=True)
    priority = fields.Integer(default=_default_priority)
    label = fields.Char(default="imported")
    note = fields.Char()
    country_id = fields.Many2one("res.country", default=lambda self: self.env.ref("base.de"))


@hookimpl
def erp_models():
    return [StackDefaults]
