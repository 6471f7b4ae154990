"""Amounts of lines and orders, checked by hand: discounts, taxes, rounding, currencies."""

from __future__ import annotations

from typing import Any

import pytest

from addons.sale.amounts import TaxRate, document_totals, line_amounts, round_money
from addons.sale.tests.conftest import make_order


def test_round_money_is_commercial_half_up():
    assert round_money(5.125) == 5.13            # round() would give 5.12 (banker's)
    assert round_money(2.675) == 2.68            # 2.675 is 2.67499999... as a float
    assert round_money(-1.005) == -1.01
    assert round_money(12.34, 0.05) == 12.35     # cash rounding (CHF)
    assert round_money(1234.5, 1.0) == 1235.0    # currencies without cents (JPY)


def test_line_with_discount_and_tax_is_rounded_per_line():
    # 3 × 19.99 = 59.97, −10 % = 53.973 → 53.97; 19 % of 53.97 = 10.2543 → 10.25
    line = line_amounts(3, 19.99, 10.0, [TaxRate(1, 19.0)], 0.01)
    assert (line.subtotal, line.tax, line.total) == (53.97, 10.25, 64.22)
    assert line.taxes == {1: 10.25}


def test_two_taxes_and_a_tax_included_in_the_price():
    line = line_amounts(1, 100.0, 0.0, [TaxRate(1, 19.0), TaxRate(2, 7.0)])
    assert (line.subtotal, line.tax, line.total) == (100.0, 26.0, 126.0)
    # 119.00 including 19 %: 100.00 + 19.00
    included = line_amounts(1, 119.0, 0.0, [TaxRate(1, 19.0, price_include=True)])
    assert (included.subtotal, included.tax, included.total) == (100.0, 19.0, 119.0)


def test_document_totals_are_sums_of_rounded_lines():
    # each line: 1 × 0.333 → 0.33, tax 19 % = 0.0627 → 0.06; three lines: 0.99 + 0.18
    lines = [line_amounts(1, 0.333, 0, [TaxRate(1, 19.0)]) for _ in range(3)]
    assert document_totals(lines) == (0.99, 0.18, 1.17)
    # rounding the total instead would give 0.999 → 1.00 and 0.19
    assert round_money(3 * 0.333) == 1.0


def test_order_amounts(env: Any, customer: Any, desk: Any, chair: Any) -> None:
    order = make_order(env, customer, (desk, 4), (chair, 4, 189.5, 10.0))
    # desks 4 × 450 = 1800.00 ; chairs 4 × 189.50 = 758.00 − 10 % = 682.20
    assert order.order_line.mapped("price_subtotal") == [1800.0, 682.2]
    # taxes 342.00 + 129.618 → 129.62
    assert order.order_line.mapped("price_tax") == [342.0, 129.62]
    assert (order.amount_untaxed, order.amount_tax, order.amount_total) == \
        (2482.2, 471.62, 2953.82)
    assert order.currency_id == env.company.currency_id
    order.order_line[0].write({"product_uom_qty": 1, "discount": 50})
    assert order.amount_untaxed == 225.0 + 682.2
    assert order.amount_total == pytest.approx(907.2 + 42.75 + 129.62)
    assert order._tax_totals() == [{"name": "VAT 19%", "base": 907.2, "amount": 172.37}]


def test_order_amounts_follow_the_currency_rounding(env: Any, customer: Any, desk: Any
                                                    ) -> None:
    rounded = env["res.currency"].create({"name": "XRD", "symbol": "R", "rounding": 0.05})
    env.company.currency_id = rounded
    order = make_order(env, customer, (desk, 1, 10.42), (desk, 1, 10.42))
    # 10.42 → 10.40 per line; 19 % of 10.40 = 1.976 → 2.00 per line
    assert order.currency_id == rounded
    assert (order.amount_untaxed, order.amount_tax, order.amount_total) == (20.8, 4.0, 24.8)


def test_product_values_fill_the_line_unless_given(env: Any, customer: Any, chair: Any,
                                                   tax19: Any) -> None:
    order = make_order(env, customer, (chair, 2))
    line = order.order_line
    assert line.name == "Office Chair\nWith armrests"
    assert line.price_unit == 189.5 and line.tax_id == tax19
    assert line.product_uom == env.ref("sale.uom_unit")
    line.write({"price_unit": 150.0, "name": "Special chair"})
    assert line.price_subtotal == 300.0 and line.name == "Special chair"
    free = env["sale.order.line"].create({"order_id": order.id, "name": "Gift",
                                          "product_uom_qty": 1, "price_unit": 0})
    assert free.price_total == 0.0 and not free.tax_id
