"""An addon with a table of its own and a column on test_stack_a's table."""

from core.orm import fields, models
from core.registry.hookspecs import hookimpl


class Late(models.Model):
    _name = "test.late"
    _description = "Late"

    name = fields.Char()


class StackLate(models.Model):
    _inherit = "test.stack"

    late_note = fields.Char()


@hookimpl
def erp_models():
    return [Late, StackLate]
