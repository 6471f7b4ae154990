"""A refused save of a rental order keeps everything the user typed (issue 14 point 2).

As a salesperson, in English and German, through HTTP without the page script (the form
posted as a browser posts it): after the "required" error the form shows the fields and
all lines as entered — new lines, edited lines and lines marked for deletion — and the
next save stores exactly that.
"""

from __future__ import annotations

from typing import Any

import pytest
from lxml import html as lxml_html

from addons.sale.tests.web_helpers import submit, text
from core.orm.environment import Environment
from core.testing import new_user
from core.web.app import create_app
from tests.web.conftest import WebClient

LANGS = ["en_US", "de_DE"]
REQUIRED = {"en_US": "This field is required.", "de_DE": "Dieses Feld ist ein Pflichtfeld."}
PASSWORD = "rent-sam-Pa55"


@pytest.fixture(scope="module")
def registry(databases: Any) -> Any:
    registry = databases.fresh_registry(["rental"], demo=True)
    run(registry, lambda env: new_user(env, "rent_sam", ["sales_team.group_sale_salesman"],
                                       password=PASSWORD))
    return registry


def run(registry: Any, function: Any) -> Any:
    with registry.transaction() as tx:
        return function(Environment(tx, 1, {}))


def salesperson(registry: Any, databases: Any, lang: str) -> WebClient:
    run(registry, lambda env: env["res.users"].search([("login", "=", "rent_sam")]).write(
        {"lang": lang}))
    client = WebClient(create_app(registry.url, databases.catalog))
    client.login("rent_sam", PASSWORD)
    return client


def _refs(env: Any) -> tuple[int, int, int, int]:
    return (env.ref("rental.action_rental_orders").id, env.ref("contacts.res_partner_2").id,
            env.ref("sale.product_projector").id, env.ref("sale.product_desk").id)


def _selected(doc: Any, name: str) -> list[str]:
    return doc.xpath(f'//select[@name="{name}"]/option[@selected]/@value')


def _error(doc: Any, name: str) -> str:
    return " ".join(doc.xpath(f'string(//*[@id="err-{name}"])').split())


def _lines(registry: Any, order_id: int) -> list[tuple[str, float]]:
    return run(registry, lambda env: sorted(
        (line.product_id.display_name, line.product_uom_qty)
        for line in env["sale.order"].browse(order_id).order_line))


@pytest.mark.parametrize("lang", LANGS)
def test_new_rental_without_dates_keeps_its_line(registry: Any, databases: Any, lang: str
                                                 ) -> None:
    action, partner, projector, _desk = run(registry, _refs)
    client = salesperson(registry, databases, lang)
    url = f"/web/action/{action}/form/new"
    count = run(registry, lambda env: env["sale.order"].search_count([]))
    response = submit(client, url, text(client.get(url)), partner_id=str(partner),
                      rental_start_date="", rental_return_date="",
                      **{"order_line.new0.product_id": str(projector),
                         "order_line.new0.product_uom_qty": "3"})
    assert response.status_code == 422
    page = text(response)
    doc = lxml_html.fromstring(page)
    assert _error(doc, "rental_start_date") == REQUIRED[lang]
    assert _error(doc, "rental_return_date") == REQUIRED[lang]
    assert _selected(doc, "partner_id") == [str(partner)]
    assert _selected(doc, "order_line.new0.product_id") == [str(projector)]
    assert doc.xpath('string(//input[@name="order_line.new0.product_uom_qty"]/@value)') == "3"
    assert doc.xpath('//select[@name="order_line.new1.product_id"]')   # room for one more
    assert run(registry, lambda env: env["sale.order"].search_count([])) == count
    response = submit(client, url, page, rental_start_date="2030-06-01T09:00",
                      rental_return_date="2030-06-03T09:00")
    assert response.status_code == 303, text(response)[:2000]
    order = int(response.headers["Location"].split("?")[0].rstrip("/").rsplit("/", 1)[1])
    assert [qty for _name, qty in _lines(registry, order)] == [3.0]


@pytest.mark.parametrize("lang", LANGS)
def test_refused_edit_keeps_edited_new_and_deleted_lines(registry: Any, databases: Any,
                                                         lang: str) -> None:
    action, partner, projector, desk = run(registry, _refs)

    def create(env: Any) -> tuple[int, list[int]]:
        user = env["res.users"].search([("login", "=", "rent_sam")])
        order = env["sale.order"].create({
            "partner_id": partner, "is_rental_order": True, "user_id": user.id,
            "rental_start_date": "2030-05-01 08:00:00",
            "rental_return_date": "2030-05-03 10:00:00",
            "order_line": [(0, 0, {"product_id": projector, "product_uom_qty": 1}),
                           (0, 0, {"product_id": desk, "product_uom_qty": 1})]})
        return order.id, order.order_line.ids
    order, (first, second) = run(registry, create)
    client = salesperson(registry, databases, lang)
    url = f"/web/action/{action}/form/{order}"
    before = _lines(registry, order)
    response = submit(client, url, text(client.get(url)), rental_return_date="",
                      **{f"order_line.{first}.product_uom_qty": "5",
                         f"order_line.{second}.__delete": "1",
                         "order_line.new0.product_id": str(desk),
                         "order_line.new0.product_uom_qty": "2"})
    assert response.status_code == 422
    page = text(response)
    doc = lxml_html.fromstring(page)
    assert _error(doc, "rental_return_date") == REQUIRED[lang]
    assert doc.xpath(f'string(//input[@name="order_line.{first}.product_uom_qty"]/@value)'
                     ) == "5"
    assert doc.xpath(f'//input[@name="order_line.{second}.__delete"]/@checked')
    assert _selected(doc, "order_line.new0.product_id") == [str(desk)]
    assert _lines(registry, order) == before
    response = submit(client, url, page, rental_return_date="2030-05-04T10:00")
    assert response.status_code == 303, text(response)[:2000]
    names = run(registry, lambda env: (env["product.product"].browse(projector).display_name,
                                       env["product.product"].browse(desk).display_name))
    assert _lines(registry, order) == sorted([(names[0], 5.0), (names[1], 2.0)])
