"""Money arithmetic of order and invoice lines, as pure functions.

Quotations, orders and invoices must show the same amounts for the same lines, and a
customer must be able to check them by hand. Every line is rounded on its own ("round per
line", Odoo's default) in the currency's rounding, commercially (half up, not the banker's
rounding of :func:`round`), and a document's totals are the sums of its rounded lines::

    >>> taxes = [TaxRate(1, 19.0)]
    >>> line = line_amounts(3, 19.99, 10.0, taxes, 0.01)
    >>> line.subtotal, line.tax, line.total          # 3 × 19.99 − 10 % = 53.973
    (53.97, 10.25, 64.22)

Taxes are percentages of the line's untaxed amount; a tax flagged "included in price"
is first taken out of the price (``price_include``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class TaxRate:
    """What the arithmetic needs of one ``account.tax``."""

    id: int
    amount: float               # percent
    price_include: bool = False


@dataclass(frozen=True)
class LineAmounts:
    subtotal: float             # untaxed, after discount
    tax: float
    total: float
    taxes: dict[int, float] = field(default_factory=dict)   # tax id → amount


def round_money(amount: float, rounding: float = 0.01) -> float:
    """``amount`` rounded half up to a multiple of ``rounding`` (0.01, 0.05, 1.0 ...)."""
    if not rounding or rounding <= 0:
        rounding = 0.01
    step = Decimal(repr(rounding))
    units = (Decimal(repr(amount)) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return float(units * step)


def line_amounts(quantity: float, price_unit: float, discount: float,
                 taxes: Sequence[TaxRate], rounding: float = 0.01) -> LineAmounts:
    """Subtotal, taxes and total of one line, each rounded in the currency."""
    gross = round_money(quantity * price_unit * (1 - (discount or 0.0) / 100.0), rounding)
    included = [t for t in taxes if t.price_include]
    amounts: dict[int, float] = {}
    base = gross
    if included:
        untaxed = gross / (1 + sum(t.amount for t in included) / 100.0)
        for tax in included:
            amounts[tax.id] = round_money(untaxed * tax.amount / 100.0, rounding)
        base = round_money(gross - sum(amounts.values()), rounding)
    for tax in taxes:
        if not tax.price_include:
            amounts[tax.id] = round_money(base * tax.amount / 100.0, rounding)
    tax_total = round_money(sum(amounts.values()), rounding)
    return LineAmounts(base, tax_total, round_money(base + tax_total, rounding), amounts)


def document_totals(lines: Iterable[LineAmounts], rounding: float = 0.01
                    ) -> tuple[float, float, float]:
    """(untaxed, taxes, total) of a document: the sums of its rounded lines."""
    untaxed = tax = 0.0
    for line in lines:
        untaxed += line.subtotal
        tax += line.tax
    untaxed, tax = round_money(untaxed, rounding), round_money(tax, rounding)
    return untaxed, tax, round_money(untaxed + tax, rounding)


def tax_groups(lines: Iterable[LineAmounts], rounding: float = 0.01) -> dict[int, float]:
    """Tax id → the sum of that tax over the lines (for printed totals)."""
    result: dict[int, float] = {}
    for line in lines:
        for tax_id, amount in line.taxes.items():
            result[tax_id] = result.get(tax_id, 0.0) + amount
    return {tax_id: round_money(amount, rounding) for tax_id, amount in result.items()}
