from core.orm import fields, models
from core.registry.hookspecs import hookimpl


class Other(models.Model):
    _name = "test.glue.other"
    _description = "Glue other"

    name = fields.Char()


@hookimpl
def erp_models():
    return [Other]
