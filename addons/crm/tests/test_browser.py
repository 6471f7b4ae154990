"""The CRM pipeline of a salesperson in a real browser (Debian's chromium).

A server with CRM and its demo data runs in a subprocess; salespeople with the access
level *Own Documents Only* (``sales_team.group_sale_salesman``) of one team sign in and
work as they would: Sara (English) lands on her pipeline without her colleagues' cards,
drags a card from New to Qualified, schedules a call for today (orange everywhere: the
card's clock, the column bar, the chatter, My Activities), marks an opportunity lost with
a reason in the Mark Lost dialog, finds it under the Lost filter and restores it, and
marks another one won. Klaus (German) sees the pipeline in German and marks one won.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from core.testing import new_user
from tests.browser.conftest import (
    header_button,
    initialised_database,
    running_server,
    screenshot,
    sign_in,
    superuser_env,
)

pytestmark = pytest.mark.browser

TZ = "Europe/Berlin"
SALESMAN = ("base.group_user", "sales_team.group_sale_salesman")
USERS = {"sara": ("Sara Seller", "en_US"), "klaus": ("Klaus Verkauf", "de_DE"),
         "otto": ("Otto Kollege", "en_US")}
OPPORTUNITIES = [("Office chairs", "sara"), ("Standing desks", "sara"),
                 ("Meeting room", "sara"), ("Desk lamps", "sara"),
                 ("Otto's secret deal", "otto"), ("Bürostühle für Köln", "klaus"),
                 ("Tische für Bonn", "klaus")]
#: --warning of the web client's style sheet (#d97706): what a user sees as orange
ORANGE = "rgb(217, 119, 6)"


def password(login: str) -> str:
    return f"{login}-browser-1"


@pytest.fixture(scope="module")
def database(databases: Any) -> str:
    return initialised_database(databases, "browser_crm", "crm")


@pytest.fixture(scope="module")
def records(database: str, databases: Any) -> dict[str, Any]:
    """Three salespeople (own documents only) of one team, each with opportunities in New."""
    with superuser_env(database, databases) as env:
        users = {login: new_user(env, login, groups=SALESMAN, name=name, lang=lang, tz=TZ,
                                 password=password(login))
                 for login, (name, lang) in USERS.items()}
        team = env["crm.team"].create({"name": "Browser Team",
                                       "member_ids": [(6, 0, [u.id for u in users.values()])]})
        new = env.ref("crm.stage_lead1")
        ids = {}
        for name, login in OPPORTUNITIES:
            ids[name] = env["crm.lead"].create({
                "name": name, "type": "opportunity", "user_id": users[login].id,
                "team_id": team.id, "stage_id": new.id, "expected_revenue": 1000}).id
    return ids


@pytest.fixture(scope="module")
def server(database: str, records: dict[str, Any]) -> Iterator[str]:
    with running_server(database) as url:
        yield url


def card(page: Any, name: str, column: str | None = None) -> Any:
    scope = page.get_by_role("region", name=column) if column else page
    return scope.get_by_role("article", name=name, exact=True)


def open_card(page: Any, name: str) -> None:
    card(page, name).get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/form/\d+"))


def menu(page: Any, section: str, entry: str) -> None:
    page.get_by_role("navigation", name="Main menu").get_by_text(section, exact=True).click()
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name=entry, exact=True).click()


def script_ready(page: Any) -> None:
    page.wait_for_selector("html[data-ready]", state="attached")


def test_salesperson_works_the_pipeline(page: Any) -> None:
    from playwright.sync_api import expect
    sign_in(page, "sara", password("sara"))
    page.get_by_role("link", name="CRM", exact=True).click()

    # the landing page: her pipeline, not her colleagues' opportunities
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_have_text("Pipeline")
    facets = page.get_by_role("list", name="Active search facets")
    expect(facets).to_contain_text("My Pipeline")
    for name in ("Office chairs", "Standing desks", "Meeting room", "Desk lamps"):
        expect(card(page, name, "New")).to_be_visible()
    expect(card(page, "Otto's secret deal")).to_have_count(0)
    expect(card(page, "Bürostühle für Köln")).to_have_count(0)
    screenshot(page, "crm_pipeline_salesperson")
    # without the "My Pipeline" filter the access rules still hide them
    remove = page.get_by_role("link", name="Remove facet Filter: My Pipeline")
    remove.click()
    expect(remove).to_have_count(0)
    expect(card(page, "Office chairs")).to_be_visible()
    expect(card(page, "Otto's secret deal")).to_have_count(0)
    expect(card(page, "Bürostühle für Köln")).to_have_count(0)

    # drag a card from New to Qualified: it stays there
    menu(page, "Sales", "Pipeline")
    script_ready(page)
    with page.expect_response(lambda r: r.url.endswith("/move")) as saved:
        card(page, "Office chairs", "New").drag_to(page.get_by_role("region", name="Qualified"))
    assert saved.value.ok
    expect(card(page, "Office chairs", "Qualified")).to_be_visible()
    page.reload()
    expect(card(page, "Office chairs", "Qualified")).to_be_visible()
    expect(card(page, "Office chairs", "New")).to_have_count(0)
    screenshot(page, "crm_dragged_to_qualified")

    # a call for today: orange on the chatter, the card, the column bar and My Activities
    open_card(page, "Standing desks")
    activities = page.get_by_role("region", name="Activities")
    activities.get_by_text("Schedule Activity", exact=True).click()
    kind = activities.get_by_label("Activity Type")
    kind.select_option(value=kind.locator("option", has_text="Call").get_attribute("value"))
    activities.get_by_label("Summary").fill("Call about the desks")
    today = datetime.datetime.now(ZoneInfo(TZ)).date()
    activities.get_by_label("Due Date").fill(today.isoformat())
    activities.get_by_label("Assigned to").select_option(label="Sara Seller")
    activities.get_by_role("button", name="Schedule", exact=True).click()
    planned = activities.get_by_role("listitem").filter(has_text="Call about the desks")
    expect(planned).to_have_class(re.compile(r"\bactivity-today\b"))
    expect(planned.locator(".badge")).to_have_text("Today")
    screenshot(page, "crm_activity_today")
    menu(page, "Sales", "Pipeline")
    clock = card(page, "Standing desks").get_by_role("img", name="Activities: Today")
    expect(clock).to_have_class(re.compile(r"\bactivity-today\b"))
    expect(clock).to_have_css("color", ORANGE)
    expect(page.get_by_role("region", name="New").get_by_role(
        "img", name=re.compile(r"Today: 1"))).to_be_visible()
    menu(page, "Sales", "My Activities")
    row = page.get_by_role("row", name="Standing desks")
    expect(row).to_have_class(re.compile(r"\btext-warning\b"))
    expect(row).to_have_css("color", ORANGE)
    expect(row.locator('td[data-field="activity_state"]')).to_have_text("Today")
    expect(row.locator('td[data-field="activity_summary"]')).to_have_text(
        "Call about the desks")
    screenshot(page, "crm_my_activities")

    # Mark Lost: the dialog (Discard goes back), a reason, the card leaves the pipeline
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    menu(page, "Sales", "Pipeline")
    open_card(page, "Meeting room")
    header_button(page, "Mark Lost").click()
    expect(breadcrumb.get_by_role("link", name="Meeting room")).to_be_visible()
    expect(breadcrumb.locator("li").last).to_have_text("Mark Lost")    # the dialog's name
    expect(page.get_by_role("button", name="Save")).to_have_count(0)   # the footer's buttons
    page.locator(".form-footer").get_by_role("link", name="Discard").click()
    expect(page.get_by_role("textbox", name="Opportunity", exact=True)).to_have_value(
        "Meeting room")
    expect(header_button(page, "Mark Lost")).to_be_visible()
    header_button(page, "Mark Lost").click()
    page.get_by_label("Lost Reason").select_option(label="Too expensive")
    page.get_by_label("Closing Note").fill("The budget went to the trade fair.")
    screenshot(page, "crm_mark_lost_dialog")
    page.get_by_role("button", name="Mark as Lost").click()
    # back on the opportunity, in the pipeline it was opened from
    expect(page.get_by_role("textbox", name="Opportunity", exact=True)).to_have_value(
        "Meeting room")
    expect(page.locator(".ribbon")).to_have_text("Lost")
    expect(page.get_by_label("Lost Reason").locator("option:checked")).to_have_text(
        "Too expensive")
    expect(header_button(page, "Restore")).to_be_visible()
    breadcrumb.get_by_role("link", name="Pipeline").click()
    expect(card(page, "Desk lamps")).to_be_visible()
    expect(card(page, "Meeting room")).to_have_count(0)

    # found again under the Lost filter, restored: back in the pipeline
    page.get_by_text("Filters", exact=True).click()
    page.locator("details[open]").get_by_role("link", name="Lost", exact=True).click()
    expect(facets).to_contain_text("Lost")
    lost = card(page, "Meeting room", "New")
    expect(lost).to_contain_text("Lost")
    expect(card(page, "Desk lamps")).to_have_count(0)
    screenshot(page, "crm_lost_filter")
    open_card(page, "Meeting room")
    header_button(page, "Restore").click()
    expect(header_button(page, "Mark Won")).to_be_visible()
    expect(page.locator(".ribbon")).to_have_count(0)
    breadcrumb.get_by_role("link", name="Pipeline").click()
    expect(card(page, "Meeting room")).to_have_count(0)       # no longer lost
    page.get_by_role("link", name="Remove facet Filter: Lost").click()
    expect(card(page, "Meeting room", "New")).to_be_visible()
    expect(card(page, "Meeting room", "New")).not_to_contain_text("Lost")

    # Mark Won: the ribbon on the form, the card in the Won column
    open_card(page, "Desk lamps")
    header_button(page, "Mark Won").click()
    expect(page.locator(".ribbon")).to_have_text("Won")
    expect(page.locator('[aria-current="step"]')).to_have_text("Won")
    expect(header_button(page, "Mark Won")).to_have_count(0)
    screenshot(page, "crm_won_ribbon")
    breadcrumb.get_by_role("link", name="Pipeline").click()
    expect(card(page, "Desk lamps", "Won")).to_be_visible()


def test_german_salesperson_marks_won(page: Any) -> None:
    from playwright.sync_api import expect
    sign_in(page, "klaus", password("klaus"))
    page.get_by_role("link", name="Kundenverwaltung", exact=True).click()
    expect(page.get_by_role("navigation", name="Navigationspfad")).to_have_text("Pipeline")
    expect(page.get_by_role("list", name="Aktive Suchfacetten")).to_contain_text(
        "Meine Pipeline")
    for column in ("Neu", "Qualifiziert", "Angebot", "Gewonnen"):
        expect(page.get_by_role("region", name=column)).to_be_visible()
    expect(card(page, "Bürostühle für Köln", "Neu")).to_be_visible()
    expect(card(page, "Office chairs")).to_have_count(0)
    screenshot(page, "crm_pipeline_de")
    page.get_by_role("link", name="Bürostühle für Köln öffnen").click()
    expect(header_button(page, "Als verloren markieren")).to_be_visible()
    header_button(page, "Als gewonnen markieren").click()
    expect(page.locator(".ribbon")).to_have_text("Gewonnen")
    expect(page.locator('[aria-current="step"]')).to_have_text("Gewonnen")
    expect(header_button(page, "Als gewonnen markieren")).to_have_count(0)
    screenshot(page, "crm_won_ribbon_de")


@pytest.mark.parametrize(("login", "app", "opportunity", "names"), [
    ("sara", "CRM", "Office chairs", ("Next record", "Previous record", "New")),
    ("klaus", "Kundenverwaltung", "Tische für Bonn",
     ("Nächster Datensatz", "Vorheriger Datensatz", "Neu"))])
def test_salesperson_pages_records_with_the_declared_shortcuts(
        page: Any, login: str, app: str, opportunity: str, names: tuple[str, str, str]
) -> None:
    """alt+n / alt+p walk the form's pager and alt+c opens a new record, as in Odoo; the
    links say so to assistive technology (aria-keyshortcuts)."""
    from playwright.sync_api import expect
    next_name, prev_name, new_name = names
    sign_in(page, login, password(login))
    page.get_by_role("link", name=app, exact=True).click()
    open_card(page, opportunity)
    script_ready(page)
    pager = page.locator("nav.pager")
    first = page.url
    if page.get_by_role("link", name=next_name).count() == 0:   # the last record: go back first
        page.keyboard.press("Alt+p")
        page.wait_for_url(lambda url: url != first)
        script_ready(page)
        first = page.url
    following = page.get_by_role("link", name=next_name)
    expect(following).to_have_attribute("aria-keyshortcuts", "Alt+N")
    target = following.get_attribute("href")
    index = int(pager.locator(".pager-value").inner_text().split("/")[0])
    page.keyboard.press("Alt+n")
    page.wait_for_url(re.compile(re.escape(target.split("?")[0])))
    script_ready(page)
    expect(pager.locator(".pager-value")).to_contain_text(f"{index + 1} /")
    expect(page.get_by_role("link", name=prev_name)).to_have_attribute(
        "aria-keyshortcuts", "Alt+P")
    page.keyboard.press("Alt+p")
    page.wait_for_url(first)
    script_ready(page)
    expect(pager.locator(".pager-value")).to_contain_text(f"{index} /")
    page.locator("nav.breadcrumb").get_by_role("link", name="Pipeline").click()
    script_ready(page)
    new = page.locator(".control-panel").get_by_role("link", name=new_name, exact=True)
    expect(new).to_have_attribute("aria-keyshortcuts", "Alt+C")
    page.keyboard.press("Alt+c")
    page.wait_for_url(re.compile(r"/new"))
    expect(page.get_by_role("navigation", name="Record navigation")
           .or_(page.get_by_role("navigation", name="Datensatznavigation"))).to_have_count(0)
