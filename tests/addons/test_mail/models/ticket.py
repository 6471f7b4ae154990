"""A ticket: the smallest document with a chatter, tracked fields and activities."""

from core.orm import fields, models


class Ticket(models.Model):
    _name = "test_mail.ticket"
    _description = "Ticket"
    _inherit = ["mail.thread", "mail.activity.mixin"]

    name = fields.Char(required=True, tracking=True)
    user_id = fields.Many2one("res.users", string="Responsible", tracking=True)
    state = fields.Selection([("new", "New"), ("done", "Done")], default="new", tracking=2)
    amount = fields.Float(tracking=1)
    deadline = fields.Date(tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    note = fields.Text()


MODELS = [Ticket]
