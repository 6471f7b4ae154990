"""A document protected like CRM leads: own or unassigned for salespeople, all for the
"All Documents" level, deletion for Sales administrators only."""

from core.orm import fields, models


class Document(models.Model):
    _name = "test.access.document"
    _description = "Access Test Document"
    _order = "id"

    name = fields.Char(required=True)
    user_id = fields.Many2one("res.users", string="Salesperson")
    company_id = fields.Many2one("res.company", string="Company")
    amount = fields.Integer()
    margin = fields.Integer(groups="sales_team.group_sale_manager")
    active = fields.Boolean(default=True)


class Secret(models.Model):
    """A model without any access line: the superuser only."""

    _name = "test.access.secret"
    _description = "Access Test Secret"

    name = fields.Char()


MODELS = [Document, Secret]
