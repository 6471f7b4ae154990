"""Contacts as recipients of one message: ``message_post(partner_ids=[...])``.

Odoo's scripts post to a customer without making them a follower: the partners named in
``partner_ids`` get that one sent message by e-mail (with the followers), and the message
remembers them. Log notes stay internal whatever partners they name. The queued e-mail
(``mail.mail``) of a partner remembers them too (``recipient_ids``, as in Odoo).
"""

from __future__ import annotations

from core.orm import fields, models


class MailMessagePartners(models.Model):
    _inherit = "mail.message"

    partner_ids = fields.Many2many("res.partner", "mail_message_res_partner_rel", "message_id",
                                   "partner_id", string="Recipients (Contacts)")


class MailMailPartners(models.Model):
    _inherit = "mail.mail"

    recipient_ids = fields.Many2many("res.partner", "mail_mail_res_partner_rel", "mail_id",
                                     "partner_id", string="To (Partners)")


MODELS = [MailMessagePartners, MailMailPartners]
