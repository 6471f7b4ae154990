"""``mail.tracking.value``: one changed field of a tracked write ("Stage: New → Won").

Values are kept twice: as the text shown to people — written in the language of the user
who made the change, at the time of the change, so history reads the way it was seen — and
as raw numbers, ids and dates for reports that compare them.
"""

from __future__ import annotations

from core.orm import fields, models


class TrackingValue(models.Model):
    _name = "mail.tracking.value"
    _description = "Mail Tracking Value"
    _order = "tracking_sequence, id"

    message_id = fields.Many2one("mail.message", string="Message", required=True,
                                 index=True, ondelete="cascade")
    field_name = fields.Char(string="Field", required=True)
    field_desc = fields.Char(string="Field Description", required=True)
    field_type = fields.Char(string="Field Type")
    tracking_sequence = fields.Integer(default=100)
    old_value_char = fields.Char(string="Old Value")
    new_value_char = fields.Char(string="New Value")
    old_value_integer = fields.Integer(string="Old Value Integer")
    new_value_integer = fields.Integer(string="New Value Integer")
    old_value_float = fields.Float(string="Old Value Float")
    new_value_float = fields.Float(string="New Value Float")
    old_value_datetime = fields.Datetime(string="Old Value DateTime")
    new_value_datetime = fields.Datetime(string="New Value DateTime")


MODELS = [TrackingValue]
