"""``mail.tracking.value``: one changed field of a tracked write ("Stage: New → Won").

Values are kept twice: as the text shown to people — written in the language of the user
who made the change, at the time of the change, so history reads the way it was seen — and
as raw numbers, ids and dates for reports that compare them.

Access is the message's, so the document's: a user reads the tracked changes of the
documents they may read (searches are filtered in SQL, see :mod:`core.mail.access`), and
only trusted code writes them (the access rights give users no more than reading).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from core.mail import access
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

    # -- access: the document's, through the message ----------------------------------------
    def _search(self, domain: Any, offset: int = 0, limit: int | None = None,
                order: str | None = None) -> Any:
        query = super()._search(domain, offset, limit, order)
        if not self.env.su:
            message = query.alias(self.env["mail.message"]._table_obj)
            readable = access.readable_clause(self.env, query, message, "model", "res_id")
            query.where.append(sa.exists(sa.select(sa.literal(1)).select_from(message).where(
                message.c.id == query.table.c.message_id, readable)))
        return query

    def read(self, fields: Any = None, load: str | None = "_classic_read") -> list[dict]:
        if not self.env.su and self.ids:
            self.check_access_rights("read")
            messages = self.sudo().mapped("message_id")
            access.check_documents(self.env, zip(messages.mapped("model"),
                                                 messages.mapped("res_id")), "read")
        return super().read(fields, load)


MODELS = [TrackingValue]
