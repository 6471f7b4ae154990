"""From opportunity to invoice and rental in a real browser (Debian's chromium).

A server with CRM, Sales and Rental and their demo data runs in a subprocess; the test
clicks as a salesperson would: New Quotation on an opportunity without customer, creates
the customer, finds the quotation prefilled, adds a line, confirms, invoices; the team
overview shows the figures; New Rental on another opportunity gives a rental order with
its period.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import (
    header_button,
    initialised_database,
    running_server,
    screenshot,
    sign_in,
    superuser_env,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def database(databases: Any) -> str:
    return initialised_database(databases, "browser_sale", "crm,sale,rental")


@pytest.fixture(scope="module")
def records(database: str, databases: Any) -> dict[str, Any]:
    """Two opportunities of the Europe team: one without customer, one with."""
    with superuser_env(database, databases) as env:
        admin = env.ref("base.user_admin")
        team = env["crm.team"].create({"name": "Browser Team", "invoiced_target": 5000,
                                       "member_ids": [(4, admin.id)]})
        fresh = env["crm.lead"].create({
            "name": "Furnish the new office", "type": "opportunity", "user_id": admin.id,
            "team_id": team.id, "partner_name": "Nordwind Logistik GmbH",
            "contact_name": "Petra Nord", "email_from": "petra@nordwind.example"})
        known = env["crm.lead"].create({
            "name": "Projectors for the fair", "type": "opportunity", "user_id": admin.id,
            "team_id": team.id, "partner_id": env.ref("contacts.res_partner_1").id})
        result = {"fresh": fresh.id, "known": known.id, "team": team.name,
                  "teams_action": env.ref("crm.crm_team_action_pipeline").id}
    return result


@pytest.fixture(scope="module")
def server(database: str, records: dict[str, Any]) -> Iterator[str]:
    with running_server(database) as url:
        yield url


def test_from_opportunity_to_invoice_and_rental(page: Any, records: dict[str, Any]) -> None:
    from playwright.sync_api import expect
    sign_in(page)
    page.goto(f"/web/model/crm.lead/form/{records['fresh']}")
    header_button(page, "New Quotation").click()

    # the customer question: create a new customer from the opportunity's data
    expect(page.get_by_role("heading", name="Who is the customer?")).to_be_visible()
    expect(page.get_by_role("radio", name=re.compile("Create a new customer"))).to_be_checked()
    screenshot(page, "sale_customer_question")
    header_button(page, "Confirm").click()

    # the new quotation, prefilled
    page.wait_for_url(re.compile(r"/form/new\?"))
    expect(page.get_by_label("Customer", exact=True).locator("option:checked")).to_have_text(
        "Nordwind Logistik GmbH, Petra Nord")
    expect(page.get_by_label("Source Document")).to_have_value("Furnish the new office")
    expect(page.get_by_label("Sales Team")).to_contain_text(records["team"])
    page.get_by_label("New line: Product").select_option(label="[FURN_0001] Office Desk")
    page.get_by_label("New line: Quantity").fill("3")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text("S0")
    expect(page.locator("#field-amount_total")).to_have_text("1,606.50")   # 3 × 450 + 19 %
    order_id = re.search(r"/form/(\d+)", page.url).group(1)
    screenshot(page, "sale_quotation")

    header_button(page, "Confirm").click()
    expect(page.locator('[aria-current="step"]')).to_have_text("Sales Order")
    header_button(page, "Create Invoice").click()
    page.wait_for_url(re.compile(r"account\.move/form/\d+"))
    header_button(page, "Confirm").click()
    expect(page.locator('[aria-current="step"]')).to_have_text("Posted")
    expect(page.get_by_role("heading", level=1)).to_contain_text("INV/")
    screenshot(page, "sale_invoice")
    page.goto(f"/sale/order/{order_id}/print")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sales Order S0")
    expect(page.get_by_role("row", name=re.compile("Office Desk"))).to_contain_text("1,350.00")
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    screenshot(page, "sale_print")

    # the opportunity counts the order; the team overview shows the figures
    page.goto(f"/web/model/crm.lead/form/{records['fresh']}")
    expect(page.locator(".button-box")).to_contain_text("1,350.00")
    page.goto(f"/web/action/{records['teams_action']}/kanban")
    card = page.get_by_role("article", name=records["team"])
    expect(card).to_contain_text("Invoiced This Month")
    expect(card).to_contain_text("1,350.00")
    expect(card).to_contain_text("5,000.00")
    screenshot(page, "sale_team_overview")

    # New Rental on the other opportunity: a rental order with its period
    page.goto(f"/web/model/crm.lead/form/{records['known']}")
    header_button(page, "New Rental").click()
    page.wait_for_url(re.compile(r"/form/new\?.*default_is_rental_order=1"))
    page.get_by_label("Pickup").fill("2030-06-01T09:00")
    page.get_by_label("Return").fill("2030-06-04T09:00")
    page.get_by_label("New line: Product").select_option(label="[EQ_0001] Projector")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#field-amount_untaxed")).to_have_text("240.00")     # 3 days × 80
    expect(page.locator('textarea[name^="order_line."][name$=".name"]')).to_have_value(
        re.compile(r"Projector\n.*\(3 × Days\)", re.S))
    expect(page.locator("#field-rental_status")).to_have_text("Quotation")
    screenshot(page, "rental_order")
