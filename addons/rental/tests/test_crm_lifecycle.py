"""New Quotation and New Rental on the opportunity form, as addons come and go.

The screens are checked on the rendered HTML, in every order of installation: CRM and
Sales give "New Quotation" (and no "New Rental"), installing Rental adds "New Rental",
uninstalling Rental takes it away again — and every order and opportunity stays.
"""

from __future__ import annotations

from typing import Any

import pytest

from addons.sale.tests.web_helpers import header_buttons, stat_buttons, text
from core.orm.environment import Environment
from core.registry import modules
from core.testing import ADMIN_PASSWORD, new_user
from core.web.app import create_app
from tests.web.conftest import WebClient


def run(registry: Any, function: Any) -> Any:
    with registry.transaction() as tx:
        return function(Environment(tx, 1, {}))


def make_records(env: Any) -> dict[str, int]:
    customer = env["res.partner"].create({"name": "Lifecycle Customer", "is_company": True})
    product = env["product.product"].create({"name": "Beamer", "list_price": 100,
                                             "rent_ok": True})
    opportunity = env["crm.lead"].create({"name": "Rent or buy", "type": "opportunity",
                                          "partner_id": customer.id})
    lost = env["crm.lead"].create({"name": "Gone", "type": "opportunity",
                                   "partner_id": customer.id})
    lost.action_set_lost()
    lead = env["crm.lead"].create({"name": "Only a lead", "type": "lead"})
    order = env["sale.order"].create({"partner_id": customer.id,
                                      "opportunity_id": opportunity.id,
                                      "order_line": [(0, 0, {"product_id": product.id})]})
    order.action_confirm()
    return {"opportunity": opportunity.id, "lost": lost.id, "lead": lead.id,
            "order": order.id, "customer": customer.id, "product": product.id}


def screens(client: WebClient, ids: dict[str, int]) -> dict[str, Any]:
    result = {}
    for key in ("opportunity", "lost", "lead"):
        page = text(client.get(f"/web/model/crm.lead/form/{ids[key]}"))
        result[key] = (header_buttons(page), stat_buttons(page))
    return result


def install(registry: Any, *names: str) -> Any:
    for name in names:
        registry = modules.install(registry, [name])
    return registry


@pytest.fixture(scope="module")
def catalog(databases: Any) -> Any:
    return databases.catalog


def start(databases: Any, first: list[str], then: list[str]) -> tuple[Any, Any, dict]:
    registry = install(databases.fresh_registry(first), *then)
    ids = run(registry, make_records)
    app = create_app(registry.url, databases.catalog)
    client = WebClient(app)
    client.login("admin", ADMIN_PASSWORD)
    return registry, client, ids


@pytest.mark.parametrize("first, then", [(["crm", "sale"], []), (["sale"], ["crm"]),
                                         (["crm"], ["sale"])],
                         ids=["together", "sale-then-crm", "crm-then-sale"])
def test_rental_button_comes_and_goes(databases: Any, first: list, then: list) -> None:
    registry, client, ids = start(databases, first, then)
    before = screens(client, ids)
    assert before["opportunity"][0][:1] == ["New Quotation"]
    assert "New Rental" not in before["opportunity"][0]
    assert "New Quotation" not in before["lost"][0] + before["lead"][0]
    assert before["opportunity"][1] == ["0 Quotations", "100.00 Orders"]

    registry = install(registry, "rental")
    rental_id = run(registry, lambda env: env["sale.order"].create({
        "partner_id": ids["customer"], "opportunity_id": ids["opportunity"],
        "is_rental_order": True, "rental_start_date": "2030-01-01 08:00:00",
        "rental_return_date": "2030-01-02 08:00:00",
        "order_line": [(0, 0, {"product_id": ids["product"]})]}).id)
    with_rental = screens(client, ids)
    assert with_rental["opportunity"][0][:2] == ["New Quotation", "New Rental"]
    assert "New Rental" not in with_rental["lost"][0] + with_rental["lead"][0]
    assert with_rental["opportunity"][1] == ["1 Quotations", "100.00 Orders"]

    registry, plan = modules.uninstall(registry, ["rental"])
    assert plan.addons == ["rental", "rental_crm"]
    after = screens(client, ids)
    assert after["opportunity"][0] == before["opportunity"][0]
    assert after["opportunity"][1] == ["1 Quotations", "100.00 Orders"]
    kept = run(registry, lambda env: env["sale.order"].browse([ids["order"], rental_id]).read(
        ["state", "opportunity_id", "amount_untaxed"]))
    assert [(o["state"], o["opportunity_id"][0]) for o in kept] == \
        [("sale", ids["opportunity"]), ("draft", ids["opportunity"])]
    assert run(registry, lambda env: env["crm.lead"].with_context(active_test=False)
               .search_count([("id", "in", [ids["opportunity"], ids["lost"], ids["lead"]])])
               ) == 3
    assert "is_rental_order" not in run(registry, lambda env: env["sale.order"]._fields)

    install(registry, "rental")
    assert screens(client, ids)["opportunity"][0][:2] == ["New Quotation", "New Rental"]


def test_same_screens_whatever_the_order_of_installation(databases: Any) -> None:
    seen = []
    for first, then in ((["crm", "sale", "rental"], []), (["rental"], ["crm"]),
                        (["crm"], ["sale", "rental"])):
        _registry, client, ids = start(databases, first, then)
        seen.append(screens(client, ids))
    assert seen[0] == seen[1] == seen[2]
    assert seen[0]["opportunity"][0][:2] == ["New Quotation", "New Rental"]


def test_new_rental_in_german(databases: Any) -> None:
    registry, _client, ids = start(databases, ["crm", "rental"], [])
    run(registry, lambda env: new_user(env, "greta_rent", ["sales_team.group_sale_manager"],
                                       password="greta-rent-1", lang="de_DE"))
    app = create_app(registry.url, databases.catalog)
    client = WebClient(app)
    client.login("greta_rent", "greta-rent-1")
    buttons, stats = screens(client, ids)["opportunity"]
    assert buttons[:2] == ["Neues Angebot", "Neue Vermietung"]
    assert stats == ["0 Angebote", "100,00 Aufträge"]
