"""Invoices from orders: what remains to invoice, posting, payment, the team's figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from addons.sale.tests.conftest import make_order
from core.exceptions import UserError
from core.testing import count_queries


def test_create_post_and_pay_an_invoice(env: Any, customer: Any, desk: Any, chair: Any
                                        ) -> None:
    order = make_order(env, customer, (desk, 2), (chair, 1, 189.5, 10.0),
                       payment_term="30 days net")
    with pytest.raises(UserError, match="nothing to invoice"):
        order.action_create_invoice()
    order.action_confirm()
    assert order.invoice_status == "to invoice"
    action = order.action_create_invoice()
    invoice = env["account.move"].browse(action["res_id"])
    assert action["view_mode"] == "form"
    assert order.invoice_status == "invoiced" and order.invoice_ids == invoice
    assert order.invoice_count == 1
    assert invoice.state == "draft" and invoice.name == "/"
    assert invoice.invoice_origin == order.name and invoice.partner_id == customer
    assert invoice.payment_term == "30 days net"
    assert (invoice.amount_untaxed, invoice.amount_tax, invoice.amount_total) == \
        (order.amount_untaxed, order.amount_tax, order.amount_total)
    assert invoice.invoice_line_ids.mapped("sale_line_ids") == order.order_line
    assert invoice.sale_order_ids == order
    assert invoice.action_view_source_sale_orders()["res_id"] == order.id
    invoice.action_post()
    year = dt.date.today().year
    assert invoice.state == "posted" and invoice.name.startswith(f"INV/{year}/")
    assert invoice.invoice_date == dt.date.today()
    with pytest.raises(UserError, match="draft invoices"):
        invoice.invoice_line_ids[0].write({"quantity": 5})
    with pytest.raises(UserError, match="cannot be deleted"):
        invoice.unlink()
    assert invoice.payment_state == "not_paid" and invoice.amount_residual == \
        invoice.amount_total
    invoice.action_register_payment()
    assert invoice.payment_state == "paid" and invoice.amount_residual == 0.0
    with pytest.raises(UserError):
        invoice.action_register_payment()
    with pytest.raises(UserError, match="posted invoices"):
        order.action_cancel()


def test_partial_quantities_and_cancelled_invoices(env: Any, customer: Any, desk: Any
                                                   ) -> None:
    order = make_order(env, customer, (desk, 5))
    order.action_confirm()
    invoice = order._create_invoices()
    assert order.order_line.qty_invoiced == 5
    invoice.button_cancel()
    assert order.order_line.qty_invoiced == 0 and order.invoice_status == "to invoice"
    order.order_line.write({"product_uom_qty": 8})
    second = order._create_invoices()
    assert second.invoice_line_ids.quantity == 8
    assert order.invoice_status == "invoiced"
    with pytest.raises(UserError, match="without lines|at least one line"):
        env["account.move"].create({"partner_id": customer.id}).action_post()


def test_team_figures(env: Any, customer: Any, desk: Any) -> None:
    team = env["crm.team"].create({"name": "Europe", "invoiced_target": 5000})
    quotation = make_order(env, customer, (desk, 1), team_id=team.id)      # 450 + 19 %
    make_order(env, customer, (desk, 2), team_id=team.id).action_quotation_send()
    to_invoice = make_order(env, customer, (desk, 3), team_id=team.id)
    to_invoice.action_confirm()
    invoiced = make_order(env, customer, (desk, 4), team_id=team.id)
    invoiced.action_confirm()
    invoiced._create_invoices().action_post()
    old = make_order(env, customer, (desk, 1), team_id=team.id)
    old.action_confirm()
    last_year = old._create_invoices()
    last_year.write({"invoice_date": dt.date.today() - dt.timedelta(days=400)})
    last_year.action_post()
    assert team.quotations_count == 2
    assert team.quotations_amount == pytest.approx(quotation.amount_total * 3)
    assert team.sales_to_invoice_count == 1
    assert team.invoiced == 1800.0 and team.invoiced_target == 5000
    assert env["sale.order"].search_count(team.action_view_quotations()["domain"]) == 2
    assert env["account.move"].search_count(team.action_view_invoices()["domain"]) == 1


def test_team_figures_are_batched(env: Any, customer: Any, desk: Any) -> None:
    teams = env["crm.team"].create([{"name": f"Team {n}"} for n in range(6)])
    for team in teams:
        make_order(env, customer, (desk, 1), team_id=team.id)
    env.transaction.cache.invalidate()
    queries = count_queries(env)
    assert teams.mapped("quotations_count") == [1] * 6
    assert queries() <= 6


def test_invoice_counts_are_batched(env: Any, customer: Any, desk: Any) -> None:
    orders = env["sale.order"]
    for _n in range(15):
        order = make_order(env, customer, (desk, 1), (desk, 2))
        order.action_confirm()
        order._create_invoices()
        orders |= order
    env.transaction.cache.invalidate()
    queries = count_queries(env)
    assert orders.mapped("invoice_count") == [1] * 15
    assert queries() <= 8
