"""``mail.mail``: the outgoing e-mail queue (Odoo's model of the same name).

Every e-mail the platform sends — "Send message" to the followers outside, a quotation of
the sale addon — is first a ``mail.mail`` row written in the transaction that decided to
send it, then delivered after that transaction commits (:mod:`core.mail.outbox`): a request
that rolls back, or is retried after a concurrency error, sends nothing twice and nothing
it did not keep. ``state`` tells where a mail is: ``outgoing`` (queued), ``sent``,
``exception`` (the server refused it: ``failure_reason``) or ``cancel``.

The queue holds addresses and bodies: only system administrators (``base.group_system``)
and trusted code read or send it. ``process_email_queue`` sends what is still outgoing
(a mail queued by a process that died before delivering it): the cron line is
``erp call mail.mail process_email_queue --user __system__``.
"""

from __future__ import annotations

from typing import Any

from core.exceptions import UserError
from core.i18n import Domain
from core.mail import mailer, outbox
from core.orm import api, fields, models

_ = Domain("mail")

STATES = [("outgoing", "Outgoing"), ("sent", "Sent"), ("exception", "Delivery Failed"),
          ("cancel", "Cancelled")]
QUEUE_BATCH = 10000


class MailMail(models.Model):
    _name = "mail.mail"
    _description = "Outgoing Mails"
    _order = "id desc"
    _rec_name = "subject"

    mail_message_id = fields.Many2one("mail.message", string="Message", ondelete="cascade",
                                      index=True)
    model = fields.Char(string="Related Document Model", readonly=True)
    res_id = fields.Integer(string="Related Document ID", readonly=True)
    subject = fields.Char()
    email_from = fields.Char(string="From", required=True)
    email_to = fields.Text(string="To", required=True,
                           help="Recipient address(es), comma-separated")
    body_html = fields.Html(string="Rich-text Contents", sanitize=False)
    body_text = fields.Text(string="Plain-text Contents",
                            help="The text alternative (derived from the HTML when empty)")
    message_id = fields.Char(string="Message-Id", readonly=True, copy=False, index=True)
    references = fields.Text(help="Message-Ids this e-mail answers (References header)")
    state = fields.Selection(STATES, string="Status", default="outgoing", required=True,
                             readonly=True, copy=False, index=True)
    failure_reason = fields.Text(string="Failure Reason", readonly=True, copy=False,
                                 help="The mail server's answer when the delivery failed")
    auto_delete = fields.Boolean(string="Auto Delete",
                                 help="Delete the e-mail once it is sent (the message stays)")

    # -- sending ---------------------------------------------------------------------------
    def send(self, raise_exception: bool = False) -> bool:
        """Send these mails now, in the current transaction (Odoo's ``send``); the queue
        normally sends after commit instead. ``raise_exception``: a failure raises."""
        self.check_access("write")
        transport = mailer.transport_for(self.env)
        if transport is None:
            raise UserError(_("No outgoing mail server is configured: set the system "
                              "parameter mail.smtp.host."))
        for mail in self.sudo().filtered(lambda m: m.state in ("outgoing", "exception")):
            mail.write({"state": "outgoing"})
            if not outbox.send_now(mail, transport) and raise_exception:
                raise UserError(mail.failure_reason)
        return True

    @api.model
    def process_email_queue(self, email_ids: list[int] | None = None,
                            batch_size: int = QUEUE_BATCH) -> int:
        """Send the outgoing mails (all, or ``email_ids``; Odoo's signature) once this call
        commits, each in its own transaction; returns how many will be sent."""
        self.check_access_rights("write")
        domain = [("state", "=", "outgoing")]
        if email_ids:
            domain.append(("id", "in", [int(i) for i in email_ids]))
        mails = self.search(domain, limit=max(1, int(batch_size)), order="id")
        outbox.send_after_commit(self.env, mails.ids)
        return len(mails)

    def mark_outgoing(self) -> bool:
        """Retry: failed or cancelled mails go back to the queue (Odoo's button)."""
        self.check_access("write")
        self.write({"state": "outgoing", "failure_reason": False})
        outbox.send_after_commit(self.env, self.ids)
        return True

    def cancel(self) -> bool:
        self.check_access("write")
        self.filtered(lambda m: m.state in ("outgoing", "exception")).write(
            {"state": "cancel"})
        return True

    @api.model
    def _queue(self, vals_list: list[dict[str, Any]]) -> Any:
        """Create mails (trusted code) and send them once this transaction commits."""
        mails = self.sudo().create(vals_list)
        outbox.send_after_commit(self.env, mails.ids)
        return mails


MODELS = [MailMail]
