"""What is sold: ``product.product`` and its unit of measure (``uom.uom``).

A product carries what a quotation line needs by default — its description, sales price,
unit and customer taxes — and whether it may be sold or rented ("Can be Rented" is used
by the rental addon; it lives here so that products keep the flag whether or not rental
is installed). Units are a small list of names (Units, Hours, Days ...): the ERP does not
convert between units.
"""

from __future__ import annotations

from typing import Any

from core.orm import api, fields, models

PRODUCT_TYPES = [("consu", "Goods"), ("service", "Service")]


class Uom(models.Model):
    _name = "uom.uom"
    _description = "Product Unit of Measure"
    _order = "sequence, id"

    name = fields.Char(string="Unit of Measure", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)


class Product(models.Model):
    _name = "product.product"
    _description = "Product"
    _inherit = ["mail.thread"]
    _order = "default_code, name, id"
    _rec_names_search = ["name", "default_code"]

    name = fields.Char(string="Name", required=True, index=True, tracking=True)
    default_code = fields.Char(string="Internal Reference", index=True)
    type = fields.Selection(PRODUCT_TYPES, string="Product Type", required=True,
                            default="consu",
                            help="Goods are tangible materials and merchandise; services "
                                 "are non-material products you provide.")
    list_price = fields.Float(string="Sales Price", digits=(16, 2), default=1.0,
                              tracking=True, help="Price at which the product is sold to "
                                                  "customers.")
    currency_id = fields.Many2one("res.currency", string="Currency",
                                  compute="_compute_currency_id")
    uom_id = fields.Many2one("uom.uom", string="Unit of Measure", required=True,
                             ondelete="restrict", default=lambda self: self._default_uom())
    taxes_id = fields.Many2many("account.tax", "product_taxes_rel", "product_id", "tax_id",
                                string="Customer Taxes",
                                default=lambda self: self._default_taxes(),
                                help="Default taxes used when selling the product.")
    description_sale = fields.Text(string="Sales Description",
                                   help="A description of the product that you want to "
                                        "communicate to your customers. It is copied to "
                                        "quotation lines.")
    sale_ok = fields.Boolean(string="Can be Sold", default=True)
    rent_ok = fields.Boolean(string="Can be Rented", default=False,
                             help="Allow renting of this product.")
    active = fields.Boolean(default=True,
                            help="Archived products stay on existing orders but can no "
                                 "longer be chosen.")
    company_id = fields.Many2one("res.company", string="Company", index=True)
    color = fields.Integer(string="Color Index")

    def _default_uom(self) -> Any:
        return self.env.ref("sale.uom_unit", raise_if_not_found=False) or \
            self.env["uom.uom"].search([], limit=1)

    def _default_taxes(self) -> Any:
        tax = self.env.ref("sale.tax_vat_19", raise_if_not_found=False)
        return tax.filtered("active") if tax else self.env["account.tax"]

    @api.depends("company_id")
    def _compute_currency_id(self) -> None:
        fallback = self.env.company.currency_id
        for product in self:
            product.currency_id = product.company_id.currency_id or fallback

    @api.depends("name", "default_code")
    def _compute_display_name(self) -> None:
        for product in self:
            code = product.default_code
            product.display_name = f"[{code}] {product.name}" if code else (product.name or "")

    def _sale_description(self) -> str:
        """The text of a new quotation line for this product."""
        self.ensure_one()
        return "\n".join(p for p in (self.display_name, self.description_sale) if p)


MODELS = [Uom, Product]
