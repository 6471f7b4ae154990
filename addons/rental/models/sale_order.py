"""Rental orders: sales orders that rent products from a pickup to a return.

A rental order is a ``sale.order`` with ``is_rental_order`` and a period; it is quoted,
sent, confirmed and invoiced like any order and appears in the Sales app too. Once
confirmed, its rental status follows the goods::

    Quotation ─Confirm─▶ Reserved ─Pickup─▶ Picked-up ─Return─▶ Returned

An order is late when it is still reserved after its pickup time or not returned after its
return time (lists show it in red). The period is checked before anything is written: the
return must come after the pickup, and only products that can be rented go on a rental
order. Changing the period of a quotation reprices its lines (:mod:`.sale_order_line`).
"""

from __future__ import annotations

from typing import Any

from core.exceptions import UserError, ValidationError
from core.i18n import Domain, format_datetime
from core.orm import api, fields, models

_ = Domain("rental")

RENTAL_STATUS = [
    ("draft", "Quotation"), ("sent", "Quotation Sent"), ("pickup", "Reserved"),
    ("return", "Picked-up"), ("returned", "Returned"), ("cancel", "Cancelled"),
]
PERIOD_FIELDS = ("rental_start_date", "rental_return_date")


class RentalOrder(models.Model):
    _inherit = "sale.order"

    is_rental_order = fields.Boolean(string="Rental Order", default=False, copy=True,
                                     index=True, help="Rents products out for a period.")
    rental_start_date = fields.Datetime(string="Pickup", index=True, tracking=True,
                                        help="When the customer picks the goods up.")
    rental_return_date = fields.Datetime(string="Return", tracking=True,
                                         help="When the customer brings the goods back.")
    rental_picked_up_date = fields.Datetime(string="Picked up on", readonly=True, copy=False)
    rental_returned_date = fields.Datetime(string="Returned on", readonly=True, copy=False)
    rental_status = fields.Selection(RENTAL_STATUS, string="Rental Status", store=True,
                                     compute="_compute_rental_status", index=True,
                                     tracking=True)
    is_late = fields.Boolean(string="Is Late", compute="_compute_is_late",
                             search="_search_is_late",
                             help="Still to pick up after the pickup time, or not returned "
                                  "after the return time.")
    rental_period = fields.Char(string="Rental Period", compute="_compute_rental_period")

    @api.depends("is_rental_order", "state", "rental_picked_up_date", "rental_returned_date")
    def _compute_rental_status(self) -> None:
        for order in self:
            if not order.is_rental_order:
                order.rental_status = False
            elif order.state in ("draft", "sent", "cancel"):
                order.rental_status = order.state
            elif order.rental_returned_date:
                order.rental_status = "returned"
            elif order.rental_picked_up_date:
                order.rental_status = "return"
            else:
                order.rental_status = "pickup"

    @api.depends("rental_status", "rental_start_date", "rental_return_date")
    def _compute_is_late(self) -> None:
        now = fields.Datetime.now()
        for order in self:
            order.is_late = bool(
                (order.rental_status == "pickup" and order.rental_start_date
                 and order.rental_start_date < now)
                or (order.rental_status == "return" and order.rental_return_date
                    and order.rental_return_date < now))

    def _search_is_late(self, operator: str, value: Any) -> list:
        now = fields.Datetime.now()
        late = ["|", "&", ("rental_status", "=", "pickup"), ("rental_start_date", "<", now),
                "&", ("rental_status", "=", "return"), ("rental_return_date", "<", now)]
        positive = (operator == "=") == bool(value)
        return late if positive else ["!", *late]

    @api.depends("rental_start_date", "rental_return_date")
    @api.depends_context("lang", "tz")
    def _compute_rental_period(self) -> None:
        lang, tz = self.env.lang, self.env.context.get("tz") or self.env.user.tz
        for order in self:
            if order.rental_start_date and order.rental_return_date:
                order.rental_period = "{} → {}".format(
                    format_datetime(order.rental_start_date, lang, tz, "short"),
                    format_datetime(order.rental_return_date, lang, tz, "short"))
            else:
                order.rental_period = False

    # -- checks before writing -------------------------------------------------------------
    @api.model
    def create(self, vals_list: Any) -> Any:
        items = [vals_list] if isinstance(vals_list, dict) else list(vals_list)
        for vals in items:
            self._check_period(vals.get("rental_start_date"), vals.get("rental_return_date"))
        orders = super().create(vals_list)
        orders.filtered("is_rental_order").mapped("order_line")._check_rentable()
        return orders

    def write(self, vals: dict) -> bool:
        if set(PERIOD_FIELDS) & set(vals):
            for order in self:
                self._check_period(vals.get("rental_start_date", order.rental_start_date),
                                   vals.get("rental_return_date", order.rental_return_date))
        if vals.get("is_rental_order"):
            self.mapped("order_line")._check_rentable(force=True)
        result = super().write(vals)
        if set(PERIOD_FIELDS) & set(vals):
            self.filtered(lambda o: o.is_rental_order and o.state in ("draft", "sent")
                          ).mapped("order_line")._update_rental_prices()
        return result

    @api.model
    def _check_period(self, start: Any, end: Any) -> None:
        start, end = fields.Datetime.to_datetime(start), fields.Datetime.to_datetime(end)
        if start and end and end <= start:
            raise ValidationError(_("The return date must be after the pickup date."))

    # -- buttons ---------------------------------------------------------------------------
    def action_confirm(self) -> bool:
        missing = self.filtered(lambda o: o.is_rental_order and not (
            o.rental_start_date and o.rental_return_date))
        if missing:
            raise UserError(_("Set the pickup and return dates of %(orders)s before "
                              "confirming.", orders=", ".join(missing.mapped("name"))))
        return super().action_confirm()

    def _refuse_rental_status(self, status: str, message: Any) -> None:
        wrong = self.filtered(lambda o: o.rental_status != status)
        if wrong:
            raise UserError(_("%(message)s (%(orders)s)", message=message,
                              orders=", ".join(wrong.mapped("name"))))

    def action_pickup(self) -> bool:
        """The customer picked the goods up."""
        self._refuse_rental_status("pickup", _("Only reserved rental orders can be picked "
                                               "up."))
        self.write({"rental_picked_up_date": fields.Datetime.now()})
        return True

    def action_return(self) -> bool:
        """The customer brought the goods back."""
        self._refuse_rental_status("return", _("Only picked-up rental orders can be "
                                               "returned."))
        self.write({"rental_returned_date": fields.Datetime.now()})
        return True


MODELS = [RentalOrder]
