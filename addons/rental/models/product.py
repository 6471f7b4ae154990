"""Rental prices of products: per hour, day or week, and a minimal duration.

The prices live in ``product.pricing`` (one row per unit and product), so that a product
can be rented by the hour for short jobs and by the week for long ones; the line of a
rental order takes the cheapest combination (:mod:`addons.rental.pricing`).
"""

from __future__ import annotations

from addons.rental.pricing import UNIT_HOURS, UNITS, Tier
from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("rental")


class ProductPricing(models.Model):
    _name = "product.pricing"
    _description = "Rental Pricing"
    _order = "product_id, unit_hours, id"
    _sql_constraints = [
        ("unit_uniq", "unique(product_id, unit)",
         _("A product has one rental price per unit.")),
        ("price_positive", "check(price >= 0)", _("A rental price cannot be negative.")),
    ]

    product_id = fields.Many2one("product.product", string="Product", required=True,
                                 index=True, ondelete="cascade")
    unit = fields.Selection(UNITS, string="Unit", required=True, default="day")
    unit_hours = fields.Integer(string="Hours per Unit", compute="_compute_unit_hours",
                                store=True)
    price = fields.Float(string="Price", digits=(16, 2), required=True, default=0.0)

    @api.depends("unit")
    def _compute_unit_hours(self) -> None:
        for pricing in self:
            pricing.unit_hours = UNIT_HOURS.get(pricing.unit or "", 0)


class Product(models.Model):
    _inherit = "product.product"

    product_pricing_ids = fields.One2many("product.pricing", "product_id",
                                          string="Rental Prices", copy=True)
    rental_min_duration = fields.Integer(string="Minimal Duration", default=0,
                                         help="The shortest period a customer is billed, "
                                              "in the unit below.")
    rental_min_unit = fields.Selection(UNITS, string="Minimal Duration Unit", default="hour")
    rental_price_display = fields.Char(string="Rental Price",
                                       compute="_compute_rental_price_display")

    @api.depends("product_pricing_ids.price", "product_pricing_ids.unit", "list_price")
    @api.depends_context("lang")
    def _compute_rental_price_display(self) -> None:
        labels = dict(UNITS)
        for product in self:
            tiers = product._rental_tiers()
            product.rental_price_display = " / ".join(
                f"{tier.price:.2f} ({self.env._(_(labels[tier.unit]))})" for tier in tiers)

    def _rental_tiers(self) -> list[Tier]:
        """The rental prices; without any, the sales price per day."""
        self.ensure_one()
        tiers = [Tier(p.unit, p.price) for p in self.product_pricing_ids if p.unit]
        return tiers or [Tier("day", self.list_price)]

    def _rental_minimum_hours(self) -> float:
        self.ensure_one()
        return float(self.rental_min_duration or 0) * UNIT_HOURS.get(
            self.rental_min_unit or "hour", 1)


MODELS = [ProductPricing, Product]
