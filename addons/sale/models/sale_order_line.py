"""``sale.order.line`` and the amounts of an order.

Choosing a product fills the line's description, unit, price and taxes from it, unless the
same save gives them (forms get them at once through the onchange). Amounts are
computed per line, rounded in the order's currency, and the order's totals are the sums of
the rounded lines (:mod:`addons.sale.amounts`). A quantity below zero or a discount outside
0–100 % is refused with a clear message before anything is saved; the lines of a locked or
cancelled order cannot change.
"""

from __future__ import annotations

from typing import Any

from addons.sale.amounts import document_totals, line_amounts
from core.exceptions import UserError, ValidationError
from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("sale")

FROZEN_STATES = ("done", "cancel")
LINE_AMOUNT_FIELDS = ("product_uom_qty", "price_unit", "discount", "tax_id", "product_id",
                      "name", "product_uom")


class SaleOrderLine(models.Model):
    _name = "sale.order.line"
    _description = "Sales Order Line"
    _order = "order_id, sequence, id"
    _rec_names_search = ["name", "order_id.name"]

    order_id = fields.Many2one("sale.order", string="Order Reference", required=True,
                               index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one("product.product", string="Product", index=True,
                                 ondelete="restrict", domain=[("sale_ok", "=", True)])
    name = fields.Text(string="Description", required=True)
    product_uom_qty = fields.Float(string="Quantity", digits=(16, 2), required=True,
                                   default=1.0)
    product_uom = fields.Many2one("uom.uom", string="Unit of Measure", ondelete="restrict")
    price_unit = fields.Float(string="Unit Price", digits=(16, 2), required=True,
                              default=0.0)
    discount = fields.Float(string="Discount (%)", digits=(16, 2), default=0.0)
    tax_id = fields.Many2many("account.tax", "account_tax_sale_order_line_rel",
                              "sale_order_line_id", "account_tax_id", string="Taxes",
                              domain=[("type_tax_use", "=", "sale")])
    currency_id = fields.Many2one("res.currency", related="order_id.currency_id", store=True,
                                  string="Currency", readonly=True)
    company_id = fields.Many2one("res.company", related="order_id.company_id", store=True,
                                 string="Company", readonly=True, index=True)
    order_partner_id = fields.Many2one("res.partner", related="order_id.partner_id",
                                       store=True, string="Customer", readonly=True)
    salesman_id = fields.Many2one("res.users", related="order_id.user_id", store=True,
                                  string="Salesperson", readonly=True)
    state = fields.Selection(related="order_id.state", store=True, string="Order Status",
                             readonly=True)
    price_subtotal = fields.Monetary(string="Subtotal", compute="_compute_price_subtotal",
                                     store=True)
    price_tax = fields.Monetary(string="Total Tax", compute="_compute_price_subtotal", store=True)
    price_total = fields.Monetary(string="Total", compute="_compute_price_subtotal", store=True)

    # -- values from the product --------------------------------------------------------------
    def _product_defaults(self, vals: dict, order: Any) -> dict[str, Any]:
        """What a line takes from its product when ``vals`` do not say otherwise."""
        product = self.env["product.product"].browse(vals["product_id"])
        company = order.company_id
        taxes = product.taxes_id.filtered(
            lambda t: not t.company_id or not company or t.company_id == company)
        return {"name": product._sale_description(), "product_uom": product.uom_id.id,
                "price_unit": product.list_price, "tax_id": [(6, 0, taxes.ids)]}

    def _with_product_defaults(self, vals: dict, order: Any) -> dict:
        if not vals.get("product_id"):
            return vals
        defaults = self._product_defaults(vals, order)
        return {**{k: v for k, v in defaults.items() if k not in vals}, **vals}

    @api.onchange("product_id")
    def _onchange_product_id(self) -> None:
        if not self.product_id:
            return
        values = self._product_defaults({"product_id": self.product_id.id}, self.order_id)
        self.name = values["name"]
        self.product_uom = values["product_uom"]
        self.price_unit = values["price_unit"]
        self.tax_id = values["tax_id"]

    # -- amounts ------------------------------------------------------------------------------
    @api.depends("product_uom_qty", "price_unit", "discount", "tax_id", "tax_id.amount",
                 "tax_id.price_include", "order_id.currency_id")
    def _compute_price_subtotal(self) -> None:
        for line in self:
            amounts = line._amounts()
            line.price_subtotal = amounts.subtotal
            line.price_tax = amounts.tax
            line.price_total = amounts.total

    def _amounts(self) -> Any:
        self.ensure_one()
        rounding = self.order_id.currency_id.rounding or 0.01
        return line_amounts(self.product_uom_qty, self.price_unit, self.discount,
                            self.tax_id._rates(), rounding)

    # -- checks -------------------------------------------------------------------------------
    @api.constrains("product_uom_qty", "discount")
    def _check_amount_inputs(self) -> None:
        for line in self:
            if line.product_uom_qty < 0:
                raise ValidationError(_("The quantity of a line cannot be negative "
                                        "(\"%(line)s\").", line=line._short_name()))
            if not 0 <= line.discount <= 100:
                raise ValidationError(_("A discount must be between 0 and 100%% "
                                        "(\"%(line)s\").", line=line._short_name()))

    def _short_name(self) -> str:
        return (self.name or self.product_id.display_name or "").splitlines()[0][:60] \
            if (self.name or self.product_id) else ""

    def _check_order_editable(self, orders: Any) -> None:
        frozen = orders.filtered(lambda o: o.state in FROZEN_STATES)
        if frozen:
            raise UserError(_("The lines of a locked or cancelled order cannot be changed "
                              "(%(orders)s).", orders=", ".join(frozen.mapped("name"))))

    @api.model
    def create(self, vals_list: Any) -> Any:
        items = [vals_list] if isinstance(vals_list, dict) else list(vals_list)
        order_ids = {vals.get("order_id") for vals in items if vals.get("order_id")}
        self._check_order_editable(self.env["sale.order"].browse(sorted(order_ids)))
        self._check_quantities(items)
        orders = {o.id: o for o in self.env["sale.order"].browse(sorted(order_ids))}
        return super().create([self._with_product_defaults(vals, orders.get(vals.get(
            "order_id"), self.env["sale.order"])) for vals in items])

    def write(self, vals: dict) -> bool:
        if set(vals) & set(LINE_AMOUNT_FIELDS):
            self._check_order_editable(self.mapped("order_id"))
        self._check_quantities([vals])
        if vals.get("product_id"):
            for line in self:
                line_vals = line._with_product_defaults(vals, line.order_id)
                super(SaleOrderLine, line).write(line_vals)
            return True
        return super().write(vals)

    def unlink(self) -> bool:
        self._check_order_editable(self.mapped("order_id"))
        return super().unlink()

    def _check_quantities(self, items: list[dict]) -> None:
        """Refuse a negative quantity before anything is written (translated message)."""
        for vals in items:
            quantity = vals.get("product_uom_qty")
            if quantity not in (None, False) and float(quantity) < 0:
                raise ValidationError(_("The quantity of a line cannot be negative."))


class SaleOrderAmounts(models.Model):
    _inherit = "sale.order"

    order_line = fields.One2many("sale.order.line", "order_id", string="Order Lines",
                                 copy=True)
    amount_untaxed = fields.Monetary(string="Untaxed Amount", store=True,
                                     compute="_compute_amount_total", tracking=5)
    amount_tax = fields.Monetary(string="Taxes", store=True, compute="_compute_amount_total")
    amount_total = fields.Monetary(string="Total", store=True, compute="_compute_amount_total",
                                   tracking=4)

    @api.depends("order_line.price_subtotal", "order_line.price_tax",
                 "order_line.price_total", "currency_id")
    def _compute_amount_total(self) -> None:
        for order in self:
            rounding = order.currency_id.rounding or 0.01
            untaxed, tax, total = document_totals(
                (line._amounts() for line in order.order_line), rounding)
            order.amount_untaxed, order.amount_tax, order.amount_total = untaxed, tax, total

    def _tax_totals(self) -> list[dict[str, Any]]:
        """``[{"name": "VAT 19%", "base": 100.0, "amount": 19.0}]`` for printing."""
        self.ensure_one()
        groups: dict[int, dict[str, Any]] = {}
        rounding = self.currency_id.rounding or 0.01
        for line in self.order_line:
            amounts = line._amounts()
            for tax in line.tax_id:
                slot = groups.setdefault(tax.id, {"name": tax.name, "base": 0.0,
                                                  "amount": 0.0})
                slot["base"] += amounts.subtotal
                slot["amount"] += amounts.taxes.get(tax.id, 0.0)
        from addons.sale.amounts import round_money
        return [{**g, "base": round_money(g["base"], rounding),
                 "amount": round_money(g["amount"], rounding)} for g in groups.values()]


MODELS = [SaleOrderLine, SaleOrderAmounts]
