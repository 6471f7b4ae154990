"""The buttons of a quotation's life: send, confirm, cancel, back to quotation, lock, print.

Each button checks every order first and changes nothing when one of them cannot go
where it is asked to (a clear, translated message says why). "Send" renders the printable
quotation, records it in the chatter as a message to the followers with a link to the
printable page, and queues its e-mail to the customer when an outgoing mail server is
configured (:mod:`addons.sale.mailer`, ``mail.mail``: sent once the transaction commits);
without one the chatter message is the record that it was sent, as in Odoo's "mark as
sent".
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from addons.sale.models.sale_order import QUOTATION_STATES
from core.exceptions import UserError
from core.i18n import Domain, format_decimal
from core.orm import fields, models

_ = Domain("sale")


class SaleOrderActions(models.Model):
    _inherit = "sale.order"

    # -- checks ----------------------------------------------------------------------------
    def _refuse_unless(self, states: tuple[str, ...], message: Any) -> None:
        wrong = self.filtered(lambda o: o.state not in states)
        if wrong:
            raise UserError(_("%(message)s (%(orders)s)", message=message,
                              orders=", ".join(wrong.mapped("name"))))

    def _check_confirmable(self) -> None:
        self._refuse_unless(QUOTATION_STATES, _("Only quotations can be confirmed."))
        empty = self.filtered(lambda o: not o.order_line)
        if empty:
            raise UserError(_("There is nothing to confirm: add at least one line to "
                              "%(orders)s.", orders=", ".join(empty.mapped("name"))))
        negative = self.mapped("order_line").filtered(lambda line: line.product_uom_qty < 0)
        if negative:
            raise UserError(_("The quantity of a line cannot be negative."))

    # -- life cycle ------------------------------------------------------------------------
    def action_confirm(self) -> bool:
        """Quotation → Sales Order; the order date becomes the confirmation date."""
        self._check_confirmable()
        self.write({"state": "sale", "date_order": fields.Datetime.now()})
        return True

    def action_cancel(self) -> bool:
        self._refuse_unless(("draft", "sent", "sale"),
                            _("A locked or cancelled order cannot be cancelled."))
        posted = self.mapped("invoice_ids").filtered(lambda m: m.state == "posted")
        if posted:
            raise UserError(_("Cancel the posted invoices of this order first: %(invoices)s.",
                              invoices=", ".join(posted.mapped("name"))))
        self.mapped("invoice_ids").filtered(lambda m: m.state == "draft").button_cancel()
        self.write({"state": "cancel"})
        return True

    def action_draft(self) -> bool:
        """Set to Quotation: a cancelled (or sent) quotation becomes a draft again."""
        self._refuse_unless(("cancel", "sent"),
                            _("Only cancelled or sent quotations can be set back to "
                              "quotation."))
        self.write({"state": "draft"})
        return True

    def action_lock(self) -> bool:
        self._refuse_unless(("sale",), _("Only confirmed sales orders can be locked."))
        self.write({"state": "done"})
        return True

    def action_unlock(self) -> bool:
        self._refuse_unless(("done",), _("Only locked orders can be unlocked."))
        self.write({"state": "sale"})
        return True

    def unlink(self) -> bool:
        confirmed = self.filtered(lambda o: o.state not in ("draft", "cancel"))
        if confirmed:
            raise UserError(_("You can not delete a sent quotation or a confirmed sales "
                              "order. You must first cancel it."))
        return super().unlink()

    # -- printing and sending --------------------------------------------------------------
    def _print_url(self) -> str:
        self.ensure_one()
        return f"/sale/order/{self.id}/print"

    def action_print(self) -> dict[str, Any]:
        """Open the printable quotation (the browser saves it as PDF)."""
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self._print_url(), "target": "new"}

    def action_quotation_send(self) -> bool:
        """Send: record the quotation in the chatter and queue its e-mail when a server is
        set up (delivered once this transaction commits)."""
        self._refuse_unless((*QUOTATION_STATES, "sale", "done"),
                            _("A cancelled quotation cannot be sent."))
        self.check_access("write")
        from addons.sale import mailer
        transport = mailer.transport_for(self.env)
        for order in self:
            recipient = order.partner_id.email_normalized or order.partner_id.email
            mail = mailer.quotation_mail_values(order, recipient) \
                if transport is not None and recipient else None
            # the quotation e-mail is the delivery: no second e-mail of the chatter message
            message = order.with_context(mail_notify_noemail=True).message_post(
                body=order._sent_message(recipient, mail is not None), body_is_html=True,
                message_type="comment", subtype_xmlid="mail.mt_comment")
            if mail is not None:
                self.env["mail.mail"]._queue([{**mail, "mail_message_id": message.id}])
        self.filtered(lambda o: o.state == "draft").write({"state": "sent"})
        return True

    def _sent_message(self, recipient: str | None, mailed: bool) -> Markup:
        """The chatter message of "Send": what was sent, to whom, and the printable link."""
        lang = self.env.user.lang or self.env.lang
        total = format_decimal(self.amount_total, lang, self.currency_id.decimal_places)
        if mailed:
            intro = _("%(document)s %(name)s was e-mailed to %(email)s.",
                      document=self.type_name, name=self.name, email=recipient)
        else:
            intro = _("%(document)s %(name)s was sent to the customer.",
                      document=self.type_name, name=self.name)
        rows = Markup("").join(
            Markup("<li>%s × %s: %s</li>") % (
                format_decimal(line.product_uom_qty, lang, 2),
                (line.name or "").splitlines()[0] if line.name else "",
                format_decimal(line.price_subtotal, lang, self.currency_id.decimal_places))
            for line in self.order_line)
        link = Markup('<a href="%s">%s</a>') % (
            self._print_url(), _("Printable version").translate(lang))
        return Markup("<p>%s</p><ul>%s</ul><p>%s %s %s</p><p>%s</p>") % (
            intro.translate(lang), rows, _("Total").translate(lang), escape(total),
            escape(self.currency_id.symbol or self.currency_id.name or ""), link)


MODELS = [SaleOrderActions]
