from core.orm import fields, models
from core.registry.hookspecs import hookimpl


class MainWithOther(models.Model):
    _inherit = "test.glue.main"

    other_id = fields.Many2one("test.glue.other")
    other_name = fields.Char(related="other_id.name", store=True)


@hookimpl
def erp_models():
    return [MainWithOther]
