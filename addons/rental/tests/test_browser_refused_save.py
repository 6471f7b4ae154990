"""A refused save keeps what was typed, in a real browser with the page script (issue 14
point 2): a salesperson (English, then German) enters a rental order's product line and
saves without pickup and return dates; the form comes back with the line and "required"
next to the dates; the dates filled in, the next save stores the order with its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from core.testing import new_user
from tests.browser.conftest import (
    initialised_database,
    running_server,
    screenshot,
    sign_in,
    superuser_env,
)

pytestmark = pytest.mark.browser

SALESMAN = ("base.group_user", "sales_team.group_sale_salesman")
USERS = {"rita": "en_US", "ruth": "de_DE"}
WORDS = {"en_US": {"save": "Save", "required": "This field is required."},
         "de_DE": {"save": "Speichern", "required": "Dieses Feld ist ein Pflichtfeld."}}


def password(login: str) -> str:
    return f"{login}-browser-1"


@pytest.fixture(scope="module")
def database(databases: Any) -> str:
    return initialised_database(databases, "browser_rental_save", "rental")


@pytest.fixture(scope="module")
def records(database: str, databases: Any) -> dict[str, Any]:
    with superuser_env(database, databases) as env:
        for login, lang in USERS.items():
            new_user(env, login, groups=SALESMAN, lang=lang, password=password(login))
        result = {"action": env.ref("rental.action_rental_orders").id,
                  "partner": env.ref("contacts.res_partner_2").id,
                  "projector": env.ref("sale.product_projector").id}
    return result


@pytest.fixture(scope="module")
def server(database: str, records: dict[str, Any]) -> Iterator[str]:
    with running_server(database) as url:
        yield url


@pytest.mark.parametrize("login", list(USERS))
def test_refused_rental_keeps_its_line(page: Any, records: dict[str, Any], login: str
                                       ) -> None:
    from playwright.sync_api import expect
    words = WORDS[USERS[login]]
    sign_in(page, login, password(login))
    page.goto(f"/web/action/{records['action']}/form/new"
              f"?default_partner_id={records['partner']}")
    page.wait_for_selector("html[data-ready]", state="attached")
    product = page.locator('select[name="order_line.new0.product_id"]')
    product.select_option(value=str(records["projector"]))
    page.locator('input[name="order_line.new0.product_uom_qty"]').fill("2")
    page.get_by_role("button", name=words["save"], exact=True).click()

    expect(page.locator("#err-rental_start_date")).to_have_text(words["required"])
    expect(page.locator("#err-rental_return_date")).to_have_text(words["required"])
    expect(page.locator('select[name="order_line.new0.product_id"] option:checked')
           ).to_have_attribute("value", str(records["projector"]))
    expect(page.locator('input[name="order_line.new0.product_uom_qty"]')).to_have_value("2")
    screenshot(page, f"rental_refused_save_{login}")

    page.locator("#field-rental_start_date").fill("2030-06-01T09:00")
    page.locator("#field-rental_return_date").fill("2030-06-03T09:00")
    page.get_by_role("button", name=words["save"], exact=True).click()
    page.wait_for_url(re.compile(r"/form/\d+"))
    expect(page.locator('textarea[name^="order_line."][name$=".name"]')).to_have_count(1)
    expect(page.locator('input[name^="order_line."][name$=".product_uom_qty"]').first
           ).to_have_value(re.compile(r"^2([.,]00?)?$"))
