"""Sending a quotation by e-mail, behind a small interface.

The "Send" button must work on a fresh installation without a mail server (the chatter
records the sending) and send real e-mail where an administrator configured one. The
server is described by system parameters (Settings › Technical › System Parameters)::

    mail.smtp.host       smtp.example.com       (no host: no e-mail is sent)
    mail.smtp.port       587                    (default 25)
    mail.smtp.encryption starttls | ssl | none  (default none)
    mail.smtp.user       / mail.smtp.password   (optional login)
    mail.default.from    sales@example.com      (default: the company's e-mail)

:func:`transport_for` answers a :class:`MailTransport` or ``None``; the sale models only
call ``transport.send(message)``. Tests point the parameters at a local stand-in server.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from typing import Any, Protocol

from core.exceptions import UserError
from core.i18n import Domain, format_decimal

_ = Domain("sale")
TIMEOUT = 30


class MailTransport(Protocol):
    """Something that delivers an e-mail message (or raises UserError)."""

    def send(self, message: EmailMessage) -> None: ...


@dataclass(frozen=True)
class SmtpTransport:
    host: str
    port: int = 25
    encryption: str = "none"
    user: str | None = None
    password: str | None = None

    def send(self, message: EmailMessage) -> None:
        try:
            with self._connect() as smtp:
                if self.user:
                    smtp.login(self.user, self.password or "")
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise UserError(_("The e-mail could not be sent through %(host)s: %(error)s",
                              host=self.host, error=str(exc))) from None

    def _connect(self) -> smtplib.SMTP:
        if self.encryption == "ssl":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT,
                                    context=ssl.create_default_context())
        smtp = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT)
        if self.encryption == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        return smtp


def transport_for(env: Any) -> MailTransport | None:
    """The configured outgoing mail server, or None when there is none."""
    params = env["ir.config_parameter"].sudo()
    host = (params.get_param("mail.smtp.host") or "").strip()
    if not host:
        return None
    try:
        port = int(params.get_param("mail.smtp.port") or 25)
    except ValueError:
        raise UserError(_("The system parameter mail.smtp.port must be a number.")) from None
    return SmtpTransport(host, port, params.get_param("mail.smtp.encryption") or "none",
                         params.get_param("mail.smtp.user") or None,
                         params.get_param("mail.smtp.password") or None)


def sender_of(order: Any) -> str:
    params = order.env["ir.config_parameter"].sudo()
    company = order.company_id.sudo()
    address = params.get_param("mail.default.from") or company.email or \
        order.user_id.sudo().email
    if not address:
        raise UserError(_("Set an e-mail address on your company (or the system parameter "
                          "mail.default.from) to send quotations."))
    return formataddr((company.name or "", address))


def quotation_message(order: Any, recipient: str) -> EmailMessage:
    """The e-mail of a quotation: a short text, the quotation as HTML."""
    from addons.sale.printing import render_document
    lang = order.partner_id.lang or order.env.lang
    document = order.with_context(lang=lang)
    message = EmailMessage()
    message["Subject"] = _("%(company)s %(document)s (Ref %(name)s)",
                           company=order.company_id.sudo().name or "",
                           document=document.type_name, name=order.name).translate(lang)
    message["From"] = sender_of(order)
    message["To"] = formataddr((order.partner_id.name or "", recipient))
    message["Message-ID"] = make_msgid(domain="erp.local")
    total = format_decimal(order.amount_total, lang, order.currency_id.decimal_places)
    text = _("Hello,\n\nPlease find your %(document)s %(name)s below (total: %(total)s "
             "%(currency)s).\n\nDo not hesitate to contact us if you have any questions.",
             document=document.type_name, name=order.name,
             total=total, currency=order.currency_id.name or "")
    message.set_content(text.translate(lang))
    message.add_alternative(str(render_document(document, lang, embed_css=True)),
                            subtype="html")
    return message
