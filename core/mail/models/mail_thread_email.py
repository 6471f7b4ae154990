"""E-mail delivery of the chatter: "Send message" reaches the followers outside by e-mail.

When a message is *sent* on a record (``message_type="comment"`` with a public subtype such
as ``mail.mt_comment`` — not a log note, not a tracking message), every e-mail recipient
the record names gets it through the configured SMTP server (:mod:`core.mail.mailer`):

* recipients come from ``record._notify_email_recipients(message)`` — none here: internal
  users are notified in the application (``recipient_ids``); the contacts addon adds the
  partner followers that have an e-mail address, but the author's own address;
* From: the author (their e-mail), else ``mail.default.from`` / the company's e-mail;
  Subject: the message's subject or the record's name; the body as (sanitized) HTML with
  a plain-text alternative; one ``Message-ID`` for the message, kept in ``message_id``.

Without a mail server nothing is queued. The e-mails are ``mail.mail`` rows written with
the message and delivered after the posting transaction commits (:mod:`core.mail.outbox`):
a post that rolls back sends nothing, and a server that fails marks the mail
``exception`` with its answer, which the chatter shows on the message.
The context key ``mail_notify_noemail`` posts without e-mail (a caller that mailed
the content itself, like the sale addon's "Send").
"""

from __future__ import annotations

from email.utils import make_msgid
from typing import Any

from markupsafe import Markup

from core.exceptions import UserError
from core.i18n import Domain
from core.mail import mailer
from core.orm import models

_ = Domain("mail")


class MailThreadEmail(models.AbstractModel):
    _inherit = "mail.thread"

    def _notify_email_recipients(self, message: Any) -> list[tuple]:
        """``[(name, e-mail[, partner id])]`` who get ``message`` by e-mail (addons add
        to it)."""
        return []

    def _notify_by_email(self, message: Any) -> None:
        """Queue a sent message's e-mails to its recipients outside (see the module)."""
        message = message.sudo()
        if self.env.context.get("mail_notify_noemail") or not _is_sent(message):
            return
        recipients = self._notify_email_recipients(message)
        if not recipients or mailer.transport_for(self.env) is None:
            return
        message_id = make_msgid(domain="erp.local")
        sender = _sender(self.env, message)
        message.write({"message_id": message_id})
        self.env["mail.mail"]._queue([
            self._notify_mail_values(message, sender, recipient, message_id)
            for recipient in recipients])

    def _notify_mail_values(self, message: Any, sender: str, recipient: tuple,
                            message_id: str) -> dict[str, Any]:
        """The ``mail.mail`` of one recipient ``(name, e-mail, ...)`` (the contacts addon
        links the partner)."""
        return {"mail_message_id": message.id, "model": message.model,
                "res_id": message.res_id, "message_id": message_id,
                "subject": message.subject or message.record_name or "",
                "email_from": sender, "email_to": mailer.address(recipient[0], recipient[1]),
                "body_html": Markup(message.body or ""), "auto_delete": True}


def _is_sent(message: Any) -> bool:
    subtype = message.subtype_id
    return message.message_type == "comment" and bool(subtype) and not subtype.internal


def _sender(env: Any, message: Any) -> str:
    author = message.author_id.sudo()
    if author.email:
        return mailer.address(author.name, author.email)
    fallback = mailer.default_from(env)
    if not fallback:
        raise UserError(_("Set an e-mail address on your user, on your company or in the "
                          "system parameter mail.default.from to send messages by e-mail."))
    return mailer.address(author.name or env.company.sudo().name, fallback)


MODELS = [MailThreadEmail]
