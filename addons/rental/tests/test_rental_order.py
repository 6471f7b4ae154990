"""Rental orders: prices from the period, pickup and return, late ones, refused input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from addons.rental.tests.conftest import rental_order
from core.exceptions import UserError, ValidationError


def test_lines_are_priced_for_the_period(env: Any, customer: Any, projector: Any) -> None:
    order = rental_order(env, customer, (projector, 2))          # 50 hours: 3 days
    line = order.order_line
    assert line.price_unit == 240.0 and line.price_subtotal == 480.0
    assert "(3 × Days)" in line.name and line.name.startswith("[EQ_0001] Projector")
    assert order.amount_total == 571.2                            # + 19 % VAT
    order.write({"rental_return_date": "2030-05-06 08:00:00"})    # 5 days: 1 week
    assert line.price_unit == 350.0 and "(1 × Weeks)" in line.name
    chair = env.ref("sale.product_chair")                         # 8/day, no minimum
    env["sale.order.line"].create({"order_id": order.id, "product_id": chair.id,
                                   "product_uom_qty": 4})
    assert order.order_line[1].price_unit == 40.0                 # 5 days × 8


def test_minimal_duration_is_billed(env: Any, customer: Any, projector: Any) -> None:
    projector.write({"rental_min_duration": 4, "rental_min_unit": "hour"})
    order = rental_order(env, customer, (projector, 1), end="2030-05-01 09:00:00")
    assert order.order_line.price_unit == 60.0                    # 4 h × 15


def test_status_from_reservation_to_return(env: Any, customer: Any, projector: Any) -> None:
    order = rental_order(env, customer, (projector, 1))
    assert order.rental_status == "draft"
    order.action_confirm()
    assert order.rental_status == "pickup" and not order.is_late
    with pytest.raises(UserError, match="picked-up"):
        order.action_return()
    order.action_pickup()
    assert order.rental_status == "return" and order.rental_picked_up_date
    order.action_return()
    assert order.rental_status == "returned"
    german = dict(env["sale.order"].with_context(lang="de_DE").fields_get(
        ["rental_status"])["rental_status"]["selection"])
    assert german["pickup"] == "Reserviert" and german["returned"] == "Zurückgegeben"


def test_late_returns_are_found(env: Any, customer: Any, projector: Any) -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    late = rental_order(env, customer, (projector, 1),
                        start=(now - dt.timedelta(days=3)).isoformat(" ", "seconds"),
                        end=(now - dt.timedelta(days=1)).isoformat(" ", "seconds"))
    on_time = rental_order(env, customer, (projector, 1))
    (late | on_time).action_confirm()
    late.action_pickup()
    assert late.is_late and not on_time.is_late
    found = env["sale.order"].search([("is_late", "=", True)])
    assert late in found and on_time not in found
    assert on_time in env["sale.order"].search([("is_late", "=", False)])
    late.action_return()
    assert not late.is_late


def test_return_before_pickup_changes_nothing(env: Any, customer: Any, projector: Any
                                              ) -> None:
    count = env["sale.order"].search_count([])
    with pytest.raises(ValidationError) as info:
        rental_order(env, customer, (projector, 1), end="2030-04-30 08:00:00")
    assert "after the pickup date" in str(info.value)
    assert "nach der Abholung" in info.value.args[0].translate("de_DE")
    assert env["sale.order"].search_count([]) == count
    order = rental_order(env, customer, (projector, 1))
    with pytest.raises(ValidationError, match="after the pickup"):
        order.write({"rental_return_date": "2030-05-01 07:00:00"})
    assert order.rental_return_date == dt.datetime(2030, 5, 3, 10)


def test_products_that_cannot_be_rented_are_refused(env: Any, customer: Any,
                                                    projector: Any) -> None:
    cabinet = env.ref("sale.product_cabinet")
    assert not cabinet.rent_ok
    with pytest.raises(ValidationError) as info, env.transaction.savepoint():
        rental_order(env, customer, (projector, 1), (cabinet, 1))
    assert "Storage Cabinet cannot be rented" in str(info.value)
    assert "kann nicht vermietet werden" in info.value.args[0].translate("de_DE")
    order = rental_order(env, customer, (projector, 1))
    with pytest.raises(ValidationError, match="cannot be rented"):
        env["sale.order.line"].create({"order_id": order.id, "product_id": cabinet.id})
    assert len(order.order_line) == 1
    quotation = env["sale.order"].create({"partner_id": customer.id, "order_line": [
        (0, 0, {"product_id": cabinet.id})]})                    # fine on a sales order
    with pytest.raises(ValidationError, match="cannot be rented"):
        quotation.write({"is_rental_order": True})


def test_confirming_needs_the_period(env: Any, customer: Any, projector: Any) -> None:
    order = env["sale.order"].create({"partner_id": customer.id, "is_rental_order": True,
                                      "order_line": [(0, 0, {"product_id": projector.id})]})
    with pytest.raises(UserError, match="pickup and return dates"):
        order.action_confirm()
    assert order.state == "draft"


def test_rental_orders_are_sales_orders_too(env: Any, customer: Any, projector: Any) -> None:
    order = rental_order(env, customer, (projector, 1))
    order.action_confirm()
    sales = env.ref("sale.action_orders")
    from core.web.client.actions import evaluate
    assert order in env["sale.order"].search(evaluate(sales.domain, env, []))
    rentals = env.ref("rental.action_rental_orders")
    assert order in env["sale.order"].search(evaluate(rentals.domain, env, []))
    invoice = order._create_invoices()
    assert invoice.amount_untaxed == order.amount_untaxed
