"""Access through the Sales groups: own documents (and unassigned ones), all, administrator."""

from __future__ import annotations

from typing import Any

import pytest

from addons.sale.tests.conftest import make_order, users
from core.exceptions import AccessError


def test_own_documents_all_documents_and_administrators(env: Any, customer: Any,
                                                         desk: Any) -> None:
    people = users(env)
    mine = make_order(env, customer, (desk, 1), user_id=people["own"].id)
    theirs = make_order(env, customer, (desk, 1), user_id=people["all"].id)
    nobody = make_order(env, customer, (desk, 1), user_id=False)
    own_orders = env(user=people["own"].id)["sale.order"]
    assert set(own_orders.search([]).ids) == {mine.id, nobody.id}
    with pytest.raises(AccessError):
        own_orders.browse(theirs.id).read(["name"])
    assert own_orders.browse(mine.id).order_line.price_subtotal == 450.0
    all_orders = env(user=people["all"].id)["sale.order"]
    assert {mine.id, theirs.id, nobody.id} <= set(all_orders.search([]).ids)
    with pytest.raises(AccessError):
        all_orders.browse(mine.id).unlink()
    env(user=people["manager"].id)["sale.order"].browse(nobody.id).unlink()


def test_a_salesperson_quotes_confirms_and_invoices(env: Any, customer: Any, desk: Any
                                                    ) -> None:
    salesman = users(env)["own"]
    as_salesman = env(user=salesman.id)
    order = as_salesman["sale.order"].create({
        "partner_id": customer.id, "order_line": [(0, 0, {"product_id": desk.id})]})
    assert order.user_id == salesman
    order.action_quotation_send()
    order.action_confirm()
    invoice = order._create_invoices()
    invoice.action_post()
    assert invoice.state == "posted" and invoice.invoice_user_id == salesman
    as_salesman["res.partner"].create({"name": "New customer"})


def test_configuration_is_for_administrators(env: Any) -> None:
    people = users(env)
    for login in ("own", "all"):
        as_user = env(user=people[login].id)
        assert as_user["product.product"].search([], limit=1) is not None
        with pytest.raises(AccessError):
            as_user["product.product"].create({"name": "Mine"})
        with pytest.raises(AccessError):
            as_user["account.tax"].create({"name": "Tax", "amount": 5})
    as_manager = env(user=people["manager"].id)
    as_manager["product.product"].create({"name": "Managed"})
    as_manager["account.tax"].create({"name": "Reduced", "amount": 7})
    with pytest.raises(AccessError):
        env(user=people["plain"].id)["sale.order"].search([])
