"""Companies, currencies, languages and countries."""

from __future__ import annotations

import math
from typing import Any

from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("base")


class Currency(models.Model):
    _name = "res.currency"
    _description = "Currency"
    _order = "active desc, name"
    _sql_constraints = [("unique_name", "unique(name)", "The currency code must be unique!")]

    name = fields.Char(string="Currency", required=True, size=3, help="ISO 4217 code")
    full_name = fields.Char(string="Name")
    symbol = fields.Char(required=True)
    rounding = fields.Float(string="Rounding Factor", default=0.01)
    decimal_places = fields.Integer(compute="_compute_decimal_places")
    position = fields.Selection([("after", "After Amount"), ("before", "Before Amount")],
                                default="after", string="Symbol Position")
    active = fields.Boolean(default=True)

    @api.depends("rounding")
    def _compute_decimal_places(self) -> None:
        for currency in self:
            rounding = currency.rounding
            currency.decimal_places = max(0, int(math.ceil(math.log10(1 / rounding)))) \
                if 0 < rounding < 1 else 0

    def round(self, amount: float) -> float:
        self.ensure_one()
        rounding = self.rounding or 0.01
        return round(round(amount / rounding) * rounding, self.decimal_places)

    def is_zero(self, amount: float) -> bool:
        return self.round(amount) == 0


class Company(models.Model):
    _name = "res.company"
    _description = "Companies"
    _order = "sequence, name"
    _sql_constraints = [("name_uniq", "unique(name)", "The company name must be unique!")]

    name = fields.Char(string="Company Name", required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    currency_id = fields.Many2one("res.currency", string="Currency", required=True,
                                  default=lambda self: self.env.ref("base.EUR"))
    email = fields.Char()
    phone = fields.Char()
    website = fields.Char()
    street = fields.Char()
    street2 = fields.Char()
    zip = fields.Char()
    city = fields.Char()
    country_id = fields.Many2one("res.country", string="Country")
    vat = fields.Char(string="Tax ID")
    logo = fields.Binary()


class Lang(models.Model):
    _name = "res.lang"
    _description = "Languages"
    _order = "active desc, name"
    _sql_constraints = [("code_uniq", "unique(code)", "The code of the language must be unique!")]

    name = fields.Char(required=True)
    code = fields.Char(string="Locale Code", required=True)
    iso_code = fields.Char(string="ISO code")
    active = fields.Boolean()
    direction = fields.Selection([("ltr", "Left-to-Right"), ("rtl", "Right-to-Left")],
                                 default="ltr")
    date_format = fields.Char(default="%m/%d/%Y")
    time_format = fields.Char(default="%H:%M:%S")
    decimal_point = fields.Char(default=".")
    thousands_sep = fields.Char(default=",")

    @api.model
    def get_installed(self) -> list[tuple[str, str]]:
        return [(lang.code, lang.name) for lang in self.search([("active", "=", True)])]


class Country(models.Model):
    _name = "res.country"
    _description = "Country"
    _order = "name"
    _sql_constraints = [("code_uniq", "unique(code)", "The country code must be unique!")]

    name = fields.Char(string="Country Name", required=True, translate=True)
    code = fields.Char(string="Country Code", size=2, required=True)
    phone_code = fields.Integer(string="Country Calling Code")
    state_ids = fields.One2many("res.country.state", "country_id", string="States")

    def _search_display_name(self, operator: str, value: Any) -> Any:
        from core.orm.domain import Domain as OrmDomain
        domain = super()._search_display_name(operator, value)
        if isinstance(value, str) and len(value) == 2 and operator in ("ilike", "=", "=ilike"):
            domain = domain | OrmDomain("code", "=ilike", value)
        return domain


class CountryState(models.Model):
    _name = "res.country.state"
    _description = "Country state"
    _order = "code"

    country_id = fields.Many2one("res.country", string="Country", required=True,
                                 ondelete="cascade")
    name = fields.Char(string="State Name", required=True)
    code = fields.Char(string="State Code", required=True)


MODELS = [Currency, Company, Lang, Country, CountryState]
