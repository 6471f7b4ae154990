"""``mail.message``: one entry of a record's history — a message, a note or a change.

Messages hang on any document through ``model`` + ``res_id`` rather than a foreign key, so
that one table serves every model with a chatter. Their access is the document's: a user
reads the messages of the records they may read (searches are filtered in SQL, see
:mod:`core.mail.access`), and only the author of a discussion message or an administrator
may edit it, or delete it from a document they may write. Posting goes through ``message_post`` on the document
(:mod:`core.mail.models.mail_thread`), which checks the right to post there.

Creating a message directly (``mail.message.create`` over RPC) follows the same rule:
the user must have the right to post on its document (``_mail_post_access``), and the
author is the user — only trusted code (``sudo``) writes messages in another's name or on
no document. Nobody but trusted code changes the author of a message or moves it to
another document they may not post on. Bodies are limited in size (:mod:`core.mail.limits`).
"""

from __future__ import annotations

from typing import Any

from core.exceptions import AccessError
from core.i18n import Domain
from core.mail import access, limits
from core.orm import api, fields, models

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

    @api.model
    def create(self, vals_list: Any) -> Any:
        items = [vals_list] if isinstance(vals_list, dict) else list(vals_list)
        limits.check_body_sizes(self.env, (vals.get("body") for vals in items))
        if not self.env.su:
            defaults = self.env.context
            given = [{key: vals.get(key, defaults.get(f"default_{key}"))
                      for key in ("author_id", "model", "res_id")} for vals in items]
            if any(v["author_id"] not in (None, False, self.env.uid) for v in given):
                raise AccessError(_("You can only post messages in your own name."))
            access.check_post(self.env, [(v["model"], v["res_id"]) for v in given])
        return super().create(vals_list)

    def write(self, vals: dict) -> bool:
        if "body" in vals:
            limits.check_body_sizes(self.env, [vals["body"]])
        self._check_edit_rights()
        if not self.env.su and self.ids:
            self._check_moves(vals)
        return super().write(vals)

    def _check_moves(self, vals: dict) -> None:
        """Untrusted writes keep the author, and move messages only where one may post."""
        records = self.sudo()
        if "author_id" in vals and any(message.author_id.id != (vals["author_id"] or False)
                                       for message in records):
            raise AccessError(_("The author of a message cannot be changed."))
        if "model" in vals or "res_id" in vals:
            access.check_post(self.env, [(vals.get("model", message.model),
                                          vals.get("res_id", message.res_id))
                                         for message in records])

    def unlink(self) -> bool:
        self._check_edit_rights()
        self._check_documents("write")  # as Odoo: deleting needs the right to write there
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
