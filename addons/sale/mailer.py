"""Sending a quotation by e-mail: the message itself; the transport is the platform's.

The "Send" button must work on a fresh installation without a mail server (the chatter
records the sending) and send real e-mail where an administrator configured one — through
the SMTP server of :mod:`core.mail.mailer` (system parameters ``mail.smtp.*`` and
``mail.default.from``). This module only builds the quotation's e-mail: the values of
its ``mail.mail``, queued by "Send" and delivered once the sending transaction commits.
"""

from __future__ import annotations

from email.utils import formataddr, make_msgid
from typing import Any

from core.exceptions import UserError
from core.i18n import Domain, format_decimal
from core.mail.mailer import MailTransport, SmtpTransport, transport_for

_ = Domain("sale")
__all__ = ["MailTransport", "SmtpTransport", "quotation_mail_values", "sender_of",
           "transport_for"]


def sender_of(order: Any) -> str:
    params = order.env["ir.config_parameter"].sudo()
    company = order.company_id.sudo()
    address = params.get_param("mail.default.from") or company.email or \
        order.user_id.sudo().email
    if not address:
        raise UserError(_("Set an e-mail address on your company (or the system parameter "
                          "mail.default.from) to send quotations."))
    return formataddr((company.name or "", address))


def quotation_mail_values(order: Any, recipient: str) -> dict[str, Any]:
    """The ``mail.mail`` of a quotation: a short text, the quotation as HTML."""
    from addons.sale.printing import render_document
    lang = order.partner_id.lang or order.env.lang
    document = order.with_context(lang=lang)
    subject = _("%(company)s %(document)s (Ref %(name)s)",
                company=order.company_id.sudo().name or "",
                document=document.type_name, name=order.name).translate(lang)
    total = format_decimal(order.amount_total, lang, order.currency_id.decimal_places)
    text = _("Hello,\n\nPlease find your %(document)s %(name)s below (total: %(total)s "
             "%(currency)s).\n\nDo not hesitate to contact us if you have any questions.",
             document=document.type_name, name=order.name,
             total=total, currency=order.currency_id.name or "")
    return {"subject": subject, "email_from": sender_of(order),
            "email_to": formataddr((order.partner_id.name or "", recipient)),
            "message_id": make_msgid(domain="erp.local"), "model": order._name,
            "res_id": order.id, "body_text": text.translate(lang),
            "body_html": str(render_document(document, lang, embed_css=True)),
            "recipient_ids": [(6, 0, order.partner_id.ids)], "auto_delete": True}
