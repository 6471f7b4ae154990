from core.orm import fields, models
from core.registry.hookspecs import hookimpl


class Stack(models.Model):
    _name = "test.stack"
    _description = "Stack"

    name = fields.Char(required=True)

    def describe(self):
        return "A"


@hookimpl
def erp_models():
    return [Stack]
