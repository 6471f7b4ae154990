"""The Rental screens through HTTP: the rental order form, prices per unit, the schedule."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from addons.sale.tests.web_helpers import header_buttons, submit, text
from core.orm.environment import Environment
from core.testing import ADMIN_PASSWORD
from core.web.app import create_app
from tests.web.conftest import WebClient


@pytest.fixture(scope="module")
def registry(databases: Any) -> Any:
    return databases.fresh_registry(["rental"], demo=True)


@pytest.fixture(scope="module")
def client(registry: Any, databases: Any) -> WebClient:
    client = WebClient(create_app(registry.url, databases.catalog))
    client.login("admin", ADMIN_PASSWORD)
    return client


def run(registry: Any, function: Any) -> Any:
    with registry.transaction() as tx:
        return function(Environment(tx, 1, {}))


def test_rental_order_made_in_its_form(client: WebClient, registry: Any) -> None:
    action, partner, projector = run(registry, lambda env: (
        env.ref("rental.action_rental_orders").id, env.ref("contacts.res_partner_2").id,
        env.ref("sale.product_projector").id))
    url = f"/web/action/{action}/form/new"
    page = text(client.get(url))
    assert 'id="field-rental_start_date"' in page and 'id="field-rental_return_date"' in page
    response = submit(client, url, page, partner_id=str(partner),
                      rental_start_date="2030-06-01T09:00", rental_return_date="2030-06-03T09:00",
                      **{"order_line.new0.product_id": str(projector)})
    assert response.status_code == 303, text(response)[:3000]
    location = response.headers["Location"]
    order = run(registry, lambda env: env["sale.order"].search(
        [("partner_id", "=", partner), ("is_rental_order", "=", True)], limit=1).read(
        ["amount_untaxed", "rental_status"])[0])
    assert order["amount_untaxed"] == 160.0 and order["rental_status"] == "draft"   # 2 days
    page = text(client.get(location))
    response = submit(client, location, page, button="action_confirm")
    assert response.status_code == 303
    page = text(client.get(location))
    assert header_buttons(page)[:2] == ["Pickup", "Create Invoice"]
    response = submit(client, location, page, button="action_pickup")
    page = text(client.get(location))
    assert "Return" in header_buttons(page) and "Picked-up" in page


def test_return_before_pickup_is_shown_next_to_the_form(client: WebClient, registry: Any
                                                        ) -> None:
    action, partner = run(registry, lambda env: (env.ref("rental.action_rental_orders").id,
                                                 env.ref("contacts.res_partner_3").id))
    url = f"/web/action/{action}/form/new"
    count = run(registry, lambda env: env["sale.order"].search_count([]))
    response = submit(client, url, text(client.get(url)), partner_id=str(partner),
                      rental_start_date="2030-06-03T09:00", rental_return_date="2030-06-01T09:00")
    assert response.status_code == 422
    assert "The return date must be after the pickup date." in text(response)
    assert run(registry, lambda env: env["sale.order"].search_count([])) == count


def test_rental_prices_are_edited_in_the_product_form(client: WebClient, registry: Any
                                                      ) -> None:
    projector = run(registry, lambda env: env.ref("sale.product_projector").id)
    url = f"/web/model/product.product/form/{projector}"
    page = text(client.get(url))
    assert re.search(r'<select id="product_pricing_ids\.\d+\.unit"', page)
    assert '<option value="week" selected>Week</option>' in page
    response = submit(client, url, page, **{"product_pricing_ids.new0.unit": "day",
                                            "product_pricing_ids.new0.price": "75"})
    assert response.status_code == 422                    # one price per unit
    assert "one rental price per unit" in text(response)


def test_schedule_groups_orders_by_pickup_day_and_marks_late_ones(client: WebClient,
                                                                  registry: Any) -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)

    def late_order(env: Any) -> str:
        order = env["sale.order"].create({
            "partner_id": env.ref("contacts.res_partner_4").id, "is_rental_order": True,
            "rental_start_date": now - dt.timedelta(days=2),
            "rental_return_date": now - dt.timedelta(days=1),
            "order_line": [(0, 0, {"product_id": env.ref("sale.product_chair").id})]})
        order.action_confirm()
        order.action_pickup()
        order.copy({"rental_start_date": now + dt.timedelta(days=5),
                    "rental_return_date": now + dt.timedelta(days=6)})
        return order.name
    name = run(registry, late_order)
    schedule, orders = run(registry, lambda env: (env.ref("rental.action_rental_schedule").id,
                                                  env.ref("rental.action_rental_orders").id))
    page = text(client.get(f"/web/action/{schedule}/kanban"))
    assert 'class="o-content kanban kanban-grouped"' in page
    assert page.count('role="region"') >= 2 and "Late" in page
    listing = text(client.get(f"/web/action/{orders}/list"))
    row = re.search(r'<tr class="o-row ([^"]*)"[^>]*aria-label="' + re.escape(name), listing)
    assert row and "danger" in row.group(1)


def test_every_view_of_every_rental_action_renders(client: WebClient, registry: Any) -> None:
    def actions(env: Any) -> list[tuple[int, list[str]]]:
        ids = env["ir.model.data"].search([("module", "=", "rental"),
                                           ("model", "=", "ir.actions.act_window")])
        records = env["ir.actions.act_window"].browse(ids.mapped("res_id"))
        return [(a.id, [m for m in a.view_types() if m != "form"]) for a in records]
    for action_id, view_types in run(registry, actions):
        for view_type in view_types:
            response = client.get(f"/web/action/{action_id}/{view_type}")
            assert response.status_code == 200, (action_id, view_type, text(response)[:500])
