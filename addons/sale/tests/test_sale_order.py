"""A quotation's life: numbers, defaults, buttons, tracking, and refused input."""

from __future__ import annotations

from typing import Any

import pytest

from addons.sale.tests.conftest import make_order
from core.exceptions import UserError, ValidationError


def test_numbers_defaults_and_addresses(env: Any, customer: Any, desk: Any) -> None:
    invoice = env["res.partner"].create({"name": "Accounting", "parent_id": customer.id,
                                         "type": "invoice"})
    delivery = env["res.partner"].create({"name": "Warehouse", "parent_id": customer.id,
                                          "type": "delivery"})
    admin = env.ref("base.user_admin")
    first = make_order(env, customer, (desk, 1), user_id=admin.id)
    second = make_order(env, customer, (desk, 1))
    assert first.name.startswith("S") and len(first.name) == 6
    assert int(second.name[1:]) == int(first.name[1:]) + 1
    assert first.state == "draft" and first.type_name == "Quotation"
    assert first.partner_invoice_id == invoice and first.partner_shipping_id == delivery
    assert second.user_id == env.user
    assert first.team_id == env.ref("sales_team.team_sales_department")
    assert (first.validity_date - first.date_order.date()).days == 30
    assert first.with_context(lang="de_DE").type_name == "Angebot"
    assert env["sale.order"].name_search(first.name)[0][0] == first.id


def test_life_cycle(env: Any, customer: Any, desk: Any) -> None:
    order = make_order(env, customer, (desk, 2))
    order.action_quotation_send()
    assert order.state == "sent"
    order.action_confirm()
    assert order.state == "sale" and order.type_name == "Sales Order"
    assert order.invoice_status == "to invoice"
    order.action_lock()
    assert order.state == "done"
    with pytest.raises(UserError, match="locked or cancelled"):
        order.order_line.write({"product_uom_qty": 5})
    order.action_unlock()
    order.action_cancel()
    assert order.state == "cancel" and order.invoice_status == "no"
    order.action_draft()
    assert order.state == "draft"
    states = [v.new_value_char for m in order.message_ids for v in m.tracking_value_ids
              if v.field_name == "state"]
    assert states[::-1] == ["Quotation Sent", "Sales Order", "Locked", "Sales Order",
                            "Cancelled", "Quotation"]


def test_tracking_of_state_customer_and_amount(env: Any, customer: Any, desk: Any) -> None:
    order = make_order(env, customer, (desk, 1))
    other = env["res.partner"].create({"name": "Deco Addict"})
    before = len(order.message_ids)
    order.write({"partner_id": other.id, "order_line": [(1, order.order_line.id,
                                                         {"product_uom_qty": 3})]})
    order.action_confirm()
    messages = order.message_ids[: len(order.message_ids) - before]
    tracked = {v.field_name for m in messages for v in m.tracking_value_ids}
    assert {"partner_id", "amount_total", "state"} <= tracked


def test_confirming_without_lines_changes_nothing(env: Any, customer: Any) -> None:
    order = env["sale.order"].create({"partner_id": customer.id})
    with pytest.raises(UserError) as info:
        order.action_confirm()
    assert "add at least one line" in str(info.value)
    german = info.value.args[0].translate("de_DE") if hasattr(info.value.args[0],
                                                               "translate") else ""
    assert "mindestens eine Zeile" in german
    assert order.state == "draft"


def test_negative_quantity_is_refused(env: Any, customer: Any, desk: Any) -> None:
    with pytest.raises(ValidationError, match="cannot be negative"):
        make_order(env, customer, (desk, -1))
    order = make_order(env, customer, (desk, 1))
    with pytest.raises(ValidationError, match="cannot be negative"):
        order.order_line.write({"product_uom_qty": -2})
    assert order.order_line.product_uom_qty == 1
    with pytest.raises(ValidationError, match="discount"), env.transaction.savepoint():
        order.order_line.write({"discount": 120})


def test_wrong_transitions_are_refused(env: Any, customer: Any, desk: Any) -> None:
    order = make_order(env, customer, (desk, 1))
    for action in ("action_lock", "action_unlock", "action_draft"):
        with pytest.raises(UserError):
            getattr(order, action)()
    order.action_confirm()
    with pytest.raises(UserError, match="Only quotations"):
        order.action_confirm()
    with pytest.raises(UserError, match="cancel it"):
        order.unlink()
    assert order.state == "sale"
    draft = make_order(env, customer, (desk, 1))
    draft.unlink()
    assert not draft.exists()


def test_copy_is_a_new_quotation(env: Any, customer: Any, desk: Any) -> None:
    order = make_order(env, customer, (desk, 2), origin="Fair")
    order.action_confirm()
    copy = order.copy()
    assert copy.state == "draft" and copy.name != order.name and not copy.origin
    assert copy.order_line.product_uom_qty == 2 and copy.amount_total == order.amount_total


def test_customer_smart_button(env: Any, customer: Any, desk: Any) -> None:
    contact = env["res.partner"].create({"name": "Anna", "parent_id": customer.id})
    make_order(env, customer, (desk, 1))
    make_order(env, contact, (desk, 1))
    assert (customer | contact).mapped("sale_order_count") == [2, 1]
    action = customer.action_view_sale_order()
    assert env["sale.order"].search_count(action["domain"]) == 2
