"""``mail.message``: one entry of a record's history — a message, a note or a change.

Messages hang on any document through ``model`` + ``res_id`` rather than a foreign key, so
that one table serves every model with a chatter. Their access is the document's: a user
reads the messages of the records they may read (searches are filtered in SQL, see
:mod:`core.mail.access`), and only the author of a discussion message or an administrator
may edit or delete it. Posting goes through ``message_post`` on the document
(:mod:`core.mail.models.mail_thread`), which checks the right to write there.
"""

from __future__ import annotations

from typing import Any

from core.exceptions import AccessError
from core.i18n import Domain
from core.mail import access
from core.orm import fields, models

_ = Domain("mail")

MESSAGE_TYPES = [("comment", "Comment"), ("notification", "System notification")]


class Message(models.Model):
    _name = "mail.message"
    _description = "Message"
    _order = "id desc"
    _rec_name = "record_name"
    _indexes = {"document": "model, res_id, id desc"}

    subject = fields.Char()
    body = fields.Html(string="Contents", default="")
    date = fields.Datetime(default=lambda self: fields.Datetime.now(), index=True)
    author_id = fields.Many2one("res.users", string="Author", index=True, ondelete="set null",
                                default=lambda self: self.env.user)
    model = fields.Char(string="Related Document Model")
    res_id = fields.Integer(string="Related Document ID")
    record_name = fields.Char(string="Message Record Name",
                              help="Name of the document the message belongs to")
    message_type = fields.Selection(MESSAGE_TYPES, string="Type", required=True,
                                    default="notification")
    subtype_id = fields.Many2one("mail.message.subtype", string="Subtype",
                                 ondelete="set null", index=True)
    is_internal = fields.Boolean(string="Employee Only",
                                 help="Hide to public / portal users, independently from "
                                      "the subtype configuration.")
    tracking_value_ids = fields.One2many("mail.tracking.value", "message_id",
                                         string="Tracking values")
    recipient_ids = fields.Many2many("res.users", "mail_message_res_users_rel", "message_id",
                                     "user_id", string="Recipients",
                                     help="Users notified of this message")
    mail_activity_type_id = fields.Many2one("mail.activity.type", string="Mail Activity Type",
                                            ondelete="set null", index=True)
    message_id = fields.Char(string="Message-Id", readonly=True, copy=False,
                             help="Message unique identifier of the e-mail it was sent as")

    # -- access: the document's ------------------------------------------------------------
    def _search(self, domain: Any, offset: int = 0, limit: int | None = None,
                order: str | None = None) -> Any:
        query = super()._search(domain, offset, limit, order)
        if not self.env.su:
            query.where.append(access.readable_clause(self.env, query, query.table,
                                                      "model", "res_id"))
        return query

    def read(self, fields: Any = None, load: str | None = "_classic_read") -> list[dict]:
        self._check_documents("read")
        return super().read(fields, load)

    def write(self, vals: dict) -> bool:
        self._check_edit_rights()
        return super().write(vals)

    def unlink(self) -> bool:
        self._check_edit_rights()
        return super().unlink()

    def _check_documents(self, operation: str) -> None:
        if self.env.su or not self.ids:
            return
        records = self.sudo()
        access.check_documents(self.env, zip(records.mapped("model"), records.mapped("res_id")),
                               operation)

    def _check_edit_rights(self) -> None:
        """Authors edit their own discussion messages; administrators edit any."""
        if self.env.su or self.env.is_admin() or not self.ids:
            return
        for message in self.sudo():
            if message.author_id.id != self.env.uid or message.message_type != "comment":
                raise AccessError(_("Only the author of a message or an administrator may "
                                    "change or delete it."))
        self._check_documents("read")


MODELS = [Message]
