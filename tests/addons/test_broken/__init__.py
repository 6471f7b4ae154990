from core.orm import fields, models
from core.registry.hookspecs import hookimpl


class Broken(models.Model):
    _name = "test.broken"
    _description = "Broken"

    name = fields.Char()


class StackBroken(models.Model):
    _inherit = "test.stack"

    broken_note = fields.Char()


@hookimpl
def erp_models():
    return [Broken, StackBroken]
