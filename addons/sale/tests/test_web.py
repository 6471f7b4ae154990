"""The Sales screens through HTTP: a quotation made in its form, its buttons, its print page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from addons.sale.tests.web_helpers import header_buttons, stat_buttons, submit, text
from core.orm.environment import Environment
from core.testing import ADMIN_PASSWORD, new_user
from core.web.app import create_app
from tests.web.conftest import WebClient


@pytest.fixture(scope="module")
def registry(databases: Any) -> Any:
    return databases.fresh_registry(["sale"], demo=True)


@pytest.fixture(scope="module")
def app(registry: Any, databases: Any) -> Any:
    return create_app(registry.url, databases.catalog)


@pytest.fixture
def run(registry: Any) -> Any:
    def call(function: Any) -> Any:
        with registry.transaction() as tx:
            return function(Environment(tx, 1, {}))
    return call


@pytest.fixture
def admin(app: Any) -> WebClient:
    client = WebClient(app)
    client.login("admin", ADMIN_PASSWORD)
    return client


def test_quotation_made_in_the_form(admin: WebClient, run: Any) -> None:
    action = run(lambda env: env.ref("sale.action_quotations").id)
    partner, desk = run(lambda env: (env.ref("contacts.res_partner_2").id,
                                     env.ref("sale.product_desk").id))
    url = f"/web/action/{action}/form/new"
    page = text(admin.get(url))
    assert header_buttons(page) == ["Send", "Confirm", "Print", "Cancel"]
    assert 'aria-label="Status"' in page and ">Quotation Sent<" in page
    assert 'name="order_line.new0.product_id"' in page      # a select in the new line
    response = submit(admin, url, page, partner_id=str(partner),
                      **{"order_line.new0.product_id": str(desk),
                         "order_line.new0.product_uom_qty": "2"})
    assert response.status_code == 303, text(response)[:2000]
    location = response.headers["Location"]
    order = run(lambda env: env["sale.order"].search([("partner_id", "=", partner)],
                                                     order="id desc", limit=1))
    values = run(lambda env: env["sale.order"].browse(order.id).read(
        ["amount_untaxed", "amount_total", "state"])[0])
    assert values["amount_untaxed"] == 900.0 and values["amount_total"] == 1071.0
    page = text(admin.get(location))
    assert "1,071.00" in page
    assert re.search(r'<textarea id="order_line\.\d+\.name"[^>]*>\[FURN_0001\] Office Desk\n'
                     r'Height-adjustable', page)                  # descriptions keep lines
    response = submit(admin, location, page, button="action_confirm")
    assert response.status_code == 303
    page = text(admin.get(location))
    assert header_buttons(page) == ["Create Invoice", "Send by Email", "Print", "Cancel",
                                    "Lock"]
    response = submit(admin, location, page, button="action_create_invoice")
    assert response.status_code == 303 and "/web/model/account.move/form/" in \
        response.headers["Location"]
    invoice_page = text(admin.get(response.headers["Location"]))
    assert header_buttons(invoice_page) == ["Confirm", "Cancel"]
    assert stat_buttons(invoice_page) == ["1 Sale Orders"]
    page = text(admin.get(location))
    assert stat_buttons(page) == ["1 Invoices"]
    assert run(lambda env: env["sale.order"].browse(order.id).invoice_status) == "invoiced"


def test_confirming_an_empty_quotation_shows_the_reason(admin: WebClient, run: Any) -> None:
    order_id = run(lambda env: env["sale.order"].create(
        {"partner_id": env.ref("contacts.res_partner_4").id}).id)
    url = f"/web/model/sale.order/form/{order_id}"
    response = submit(admin, url, text(admin.get(url)), button="action_confirm")
    assert response.status_code == 422
    assert "add at least one line" in text(response)
    assert run(lambda env: env["sale.order"].browse(order_id).state) == "draft"


def test_print_page_and_its_access(admin: WebClient, app: Any, run: Any) -> None:
    order_id = run(lambda env: env.ref("sale.sale_order_1").id)
    response = admin.get(f"/sale/order/{order_id}/print")
    page = text(response)
    assert response.status_code == 200
    assert "Azure Interior GmbH" in page and "Office Desk" in page
    assert "/web/addon/sale/static/src/print.css" in page and "data-print" in page
    assert "Content-Security-Policy" in response.headers
    css = admin.get("/web/addon/sale/static/src/print.css")
    assert css.status_code == 200 and b"@media print" in css.get_data()
    run(lambda env: new_user(env, "other_salesman", ["sales_team.group_sale_salesman"],
                             password="other-password-1"))
    other = WebClient(app)
    other.login("other_salesman", "other-password-1")
    assert other.get(f"/sale/order/{order_id}/print").status_code == 403
    assert admin.get("/sale/order/999999/print").status_code == 404
    anonymous = WebClient(app)
    assert anonymous.get(f"/sale/order/{order_id}/print").status_code in (302, 303, 401)


def test_german_screens(app: Any, run: Any) -> None:
    run(lambda env: new_user(env, "gerda", ["sales_team.group_sale_manager"],
                             password="gerda-password-1", lang="de_DE"))
    client = WebClient(app)
    client.login("gerda", "gerda-password-1")
    action = run(lambda env: env.ref("sale.action_quotations").id)
    page = text(client.get(f"/web/action/{action}/form/new"))
    assert header_buttons(page) == ["Senden", "Bestätigen", "Drucken", "Stornieren"]
    home = text(client.get("/web"))
    assert "Verkauf" in home


def test_every_view_of_every_sales_action_renders(admin: WebClient, run: Any) -> None:
    def actions(env: Any) -> list[tuple[int, list[str]]]:
        ids = env["ir.model.data"].search([("module", "=", "sale"),
                                           ("model", "=", "ir.actions.act_window")])
        records = env["ir.actions.act_window"].browse(ids.mapped("res_id"))
        return [(a.id, [m for m in a.view_types() if m != "form"]) for a in records]
    checked = 0
    for action_id, view_types in run(actions):
        for view_type in view_types:
            response = admin.get(f"/web/action/{action_id}/{view_type}")
            assert response.status_code == 200, (action_id, view_type, text(response)[:500])
            checked += 1
    assert checked >= 20
