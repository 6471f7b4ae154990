"""The lines of rental orders: products that can be rented, priced for the order's period.

A product added to a rental order costs its best rental price for the period (see
:mod:`addons.rental.pricing`), and its description says which period and units were
billed. Changing the period of a quotation reprices its lines. A product that cannot be
rented is refused on a rental order, with its name in the message.
"""

from __future__ import annotations

from typing import Any

from addons.rental.pricing import best_price, duration_hours
from core.exceptions import ValidationError
from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("rental")
UNIT_LABELS = {"hour": _("Hours"), "day": _("Days"), "week": _("Weeks")}


class RentalOrderLine(models.Model):
    _inherit = "sale.order.line"

    is_rental = fields.Boolean(string="Is a rental", related="order_id.is_rental_order")

    def _product_defaults(self, vals: dict, order: Any) -> dict[str, Any]:
        values = super()._product_defaults(vals, order)
        if order and order.is_rental_order:
            product = self.env["product.product"].browse(vals["product_id"])
            self._check_products_rentable(product)
            price = self._rental_price(product, order)
            if price is not None:
                values["price_unit"] = price.amount
                values["name"] = f"{values['name']}\n{self._period_text(order, price)}"
        return values

    @api.model
    def _rental_price(self, product: Any, order: Any) -> Any:
        hours = duration_hours(order.rental_start_date, order.rental_return_date)
        if not hours:
            return None
        return best_price(hours, product._rental_tiers(), product._rental_minimum_hours())

    @api.model
    def _period_text(self, order: Any, price: Any) -> str:
        units = self.env._(UNIT_LABELS[price.unit])
        return self.env._(_("%(period)s (%(count)s × %(unit)s)", period=order.rental_period,
                             count=price.units, unit=units))

    def _update_rental_prices(self) -> None:
        """Reprice the lines after their order's period changed."""
        for line in self.filtered(lambda line: line.product_id):
            price = self._rental_price(line.product_id, line.order_id)
            if price is not None:
                name = line.product_id._sale_description()
                line.write({"price_unit": price.amount,
                            "name": f"{name}\n{self._period_text(line.order_id, price)}"})

    # -- checks ------------------------------------------------------------------------------
    @api.model
    def _check_products_rentable(self, products: Any) -> None:
        refused = products.filtered(lambda p: not p.rent_ok)
        if refused:
            raise ValidationError(_("%(products)s cannot be rented: only products marked "
                                    "\"Can be Rented\" go on a rental order.",
                                    products=", ".join(refused.mapped("display_name"))))

    def _check_rentable(self, force: bool = False) -> None:
        lines = self if force else self.filtered(lambda line: line.order_id.is_rental_order)
        self._check_products_rentable(lines.mapped("product_id"))

    @api.model
    def create(self, vals_list: Any) -> Any:
        items = [vals_list] if isinstance(vals_list, dict) else list(vals_list)
        orders = self.env["sale.order"].browse(sorted({v["order_id"] for v in items
                                                       if v.get("order_id")}))
        rental = set(orders.filtered("is_rental_order").ids)
        self._check_products_rentable(self.env["product.product"].browse(sorted(
            {v["product_id"] for v in items if v.get("product_id")
             and v.get("order_id") in rental})))
        return super().create(vals_list)

    def write(self, vals: dict) -> bool:
        if vals.get("product_id"):
            rental = self.filtered(lambda line: line.order_id.is_rental_order)
            if rental:
                self._check_products_rentable(
                    self.env["product.product"].browse(vals["product_id"]))
        return super().write(vals)


MODELS = [RentalOrderLine]
