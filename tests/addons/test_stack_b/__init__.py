from core.orm import fields, models
from core.registry.hookspecs import hookimpl


class StackB(models.Model):
    _inherit = "test.stack"

    extra = fields.Char()
    country_id = fields.Many2one("res.country", index=True)

    def describe(self):
        return super().describe() + "+B"


class StackChild(models.Model):
    _name = "test.stack.child"
    _description = "Stack child"

    stack_id = fields.Many2one("test.stack", ondelete="cascade")
    tag_ids = fields.Many2many("res.country")


class CurrencyB(models.Model):
    _inherit = "res.currency"

    stack_note = fields.Char()


@hookimpl
def erp_models():
    return [StackB, StackChild, CurrencyB]
