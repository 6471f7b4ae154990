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

Without a mail server nothing is sent. A server that fails raises a translated
:class:`UserError` in the posting transaction, so that nothing of the post is kept.
The context key ``mail_notify_noemail`` posts without e-mail (a caller that mailed
the content itself, like the sale addon's "Send").
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from markupsafe import Markup, escape

from core.exceptions import UserError
from core.i18n import Domain
from core.mail import mailer
from core.mail.html import html_to_text
from core.orm import models

_ = Domain("mail")


class MailThreadEmail(models.AbstractModel):
    _inherit = "mail.thread"

    def _notify_email_recipients(self, message: Any) -> list[tuple[str, str]]:
        """``[(name, e-mail)]`` who get ``message`` by e-mail (addons add to it)."""
        return []

    def _notify_by_email(self, message: Any) -> None:
        """E-mail a sent message to its recipients outside (see the module)."""
        message = message.sudo()
        if self.env.context.get("mail_notify_noemail") or not _is_sent(message):
            return
        recipients = self._notify_email_recipients(message)
        transport = mailer.transport_for(self.env) if recipients else None
        if transport is None:
            return
        message_id = make_msgid(domain="erp.local")
        sender = _sender(self.env, message)
        emails = [_email(message, sender, mailer.address(name, email), message_id)
                  for name, email in recipients]
        message.write({"message_id": message_id})
        mailer.send_all(transport, emails)


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


def _email(message: Any, sender: str, recipient: str, message_id: str) -> EmailMessage:
    email = EmailMessage()
    email["Subject"] = message.subject or message.record_name or ""
    email["From"] = sender
    email["To"] = recipient
    email["Message-ID"] = message_id
    body = Markup(message.body or "")
    email.set_content(html_to_text(body) + "\n")
    email.add_alternative(str(Markup(
        '<!doctype html><html><head><meta charset="utf-8"><title>%s</title></head>'
        "<body>%s</body></html>") % (escape(email["Subject"]), body)), subtype="html")
    return email


MODELS = [MailThreadEmail]
