"""``account.tax``: a sales tax as a simple percentage of the untaxed line amount.

Not an accounting module: no tax accounts, repartition lines or fiscal positions — the
name, the rate and whether the price already includes it, which is all a quotation and
a minimal invoice need. The arithmetic is in :mod:`addons.sale.amounts`.
"""

from __future__ import annotations

from addons.sale.amounts import TaxRate
from core.i18n import Domain
from core.orm import fields, models

_ = Domain("sale")


class Tax(models.Model):
    _name = "account.tax"
    _description = "Tax"
    _order = "sequence, id"
    _sql_constraints = [
        ("check_amount", "check(amount >= 0 and amount <= 100)",
         _("A tax rate must be between 0% and 100%.")),
    ]

    name = fields.Char(string="Tax Name", required=True, translate=True)
    amount = fields.Float(string="Amount", digits=(16, 4), required=True, default=0.0,
                          help="Percentage of the untaxed amount.")
    amount_type = fields.Selection([("percent", "Percentage of Price")],
                                   string="Tax Computation", required=True,
                                   default="percent")
    type_tax_use = fields.Selection([("sale", "Sales"), ("none", "None")], string="Tax Type",
                                    required=True, default="sale")
    price_include = fields.Boolean(string="Included in Price", default=False,
                                   help="Check this if the price you use on the product "
                                        "and invoices includes this tax.")
    description = fields.Char(string="Label on Invoices")
    sequence = fields.Integer(default=1)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", string="Company",
                                 default=lambda self: self.env.company)

    def _rates(self) -> list[TaxRate]:
        return [TaxRate(tax.id, tax.amount, tax.price_include) for tax in self]


MODELS = [Tax]
