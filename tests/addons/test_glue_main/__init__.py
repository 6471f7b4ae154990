from core.orm import fields, models
from core.registry.hookspecs import hookimpl


class Main(models.Model):
    _name = "test.glue.main"
    _description = "Glue main"

    name = fields.Char()


@hookimpl
def erp_models():
    return [Main]
