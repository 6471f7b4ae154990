"""Outgoing e-mail of the platform: an SMTP server described by system parameters.

Sending must work on a fresh installation without a mail server (nothing is sent, the
chatter keeps the message) and send real e-mail where an administrator configured one.
The server is described by system parameters (Settings › Technical › System Parameters)::

    mail.smtp.host       smtp.example.com       (no host: no e-mail is sent)
    mail.smtp.port       587                    (default 25)
    mail.smtp.encryption starttls | ssl | none  (default none)
    mail.smtp.user       / mail.smtp.password   (optional login)
    mail.default.from    noreply@example.com    (default: the company's e-mail)

:func:`transport_for` answers a :class:`MailTransport` or ``None``; callers only call
``transport.send(message)``, which raises a translated :class:`UserError` when the server
refuses or cannot be reached. Tests point the parameters at a local stand-in server
(``tests/smtp_stub.py``).
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr
from typing import Any, Protocol

from core.exceptions import UserError
from core.i18n import Domain

_ = Domain("mail")
TIMEOUT = 30


class MailTransport(Protocol):
    """Something that delivers e-mail messages (or raises UserError)."""

    def send(self, message: EmailMessage) -> None: ...


@dataclass(frozen=True)
class SmtpTransport:
    host: str
    port: int = 25
    encryption: str = "none"
    user: str | None = None
    password: str | None = None

    def send(self, message: EmailMessage) -> None:
        self.send_all([message])

    def send_all(self, messages: list[EmailMessage]) -> None:
        """Deliver ``messages`` through one connection (all or a UserError)."""
        try:
            with self._connect() as smtp:
                if self.user:
                    smtp.login(self.user, self.password or "")
                for message in messages:
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


def default_from(env: Any) -> str | None:
    """The platform's sender address: ``mail.default.from``, else the company's e-mail."""
    params = env["ir.config_parameter"].sudo()
    return params.get_param("mail.default.from") or env.company.sudo().email or None


def send_all(transport: MailTransport, messages: list[EmailMessage]) -> None:
    """Deliver ``messages`` (one connection when the transport can)."""
    batch = getattr(transport, "send_all", None)
    if batch is not None:
        batch(messages)
        return
    for message in messages:
        transport.send(message)


def address(name: Any, email: str) -> str:
    """``"Name" <email>`` as a header value."""
    return formataddr((str(name or ""), email))
