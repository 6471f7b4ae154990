"""The web client in a real browser, driven like a user: by role and visible text."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in, superuser_env

pytestmark = pytest.mark.browser


def open_tasks(page, scripts=True):
    page.get_by_role("link", name="Tasks").first.click()
    expect(page.get_by_role("region", name="New")).to_be_visible()
    if scripts:
        script_ready(page)


def script_ready(page):
    """Wait until the page script has set up drag and drop, inline edit..."""
    page.wait_for_selector("html[data-ready]", state="attached")


def test_sign_in_open_the_app_and_switch_views(page):
    page.goto("/web/login")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    screenshot(page, "login")
    sign_in(page)
    screenshot(page, "home")
    open_tasks(page)
    expect(page.get_by_role("region", name="New").get_by_role(
        "article", name="Redesign website")).to_be_visible()
    screenshot(page, "kanban")
    page.get_by_role("link", name="List").click()
    expect(page.get_by_role("table").get_by_role("link", name="Send invoices")).to_be_visible()
    screenshot(page, "list")
    page.get_by_role("link", name="Graph").click()
    expect(page.get_by_role("img", name="Amount")).to_be_visible()
    screenshot(page, "graph")
    page.get_by_role("link", name="Pivot").click()
    expect(page.get_by_role("table").get_by_text("Total").first).to_be_visible()
    screenshot(page, "pivot")
    page.get_by_role("link", name="Activity").click()
    expect(page.get_by_role("cell", name=re.compile("Overdue"))).to_be_visible()
    screenshot(page, "activity")
    page.get_by_role("link", name="List").click()
    page.get_by_role("link", name="Redesign website").click()
    expect(page.get_by_label("Title")).to_have_value("Redesign website")
    expect(page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="Tasks")).to_be_visible()
    screenshot(page, "form")


def test_create_and_edit_with_errors_next_to_the_fields(page):
    sign_in(page)
    open_tasks(page)
    page.get_by_role("link", name="List").click()
    page.get_by_role("link", name="New").click()
    page.get_by_label("Planned Hours").fill("abc")
    page.get_by_label("Customer").fill("Initech")
    page.get_by_role("button", name="Save").click()
    title = page.get_by_label("Title")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#err-name")).to_have_text("This field is required.")
    expect(page.locator("#err-planned_hours")).to_have_text("Not a valid number.")
    expect(page.get_by_label("Planned Hours")).to_have_value("abc")
    expect(page.get_by_label("Customer")).to_have_value("Initech")
    screenshot(page, "form_errors")
    title.fill("Browser task")
    page.get_by_label("Planned Hours").fill("3")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text("Browser task")
    script_ready(page)
    title = page.get_by_label("Title")
    title.fill("Browser task (edited)")
    page.keyboard.press("Control+s")
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text(
        "Browser task (edited)")
    script_ready(page)
    page.get_by_label("Customer").fill("Will be discarded")
    page.get_by_label("Customer").press("Escape")
    expect(page.get_by_label("Customer")).to_have_value("Initech")


def test_live_recomputation_while_typing(page):
    sign_in(page)
    open_tasks(page)
    page.get_by_role("link", name="List").click()
    page.get_by_role("link", name="New").click()
    script_ready(page)
    page.get_by_label("Planned Hours").fill("4")
    page.get_by_label("Planned Hours").press("Tab")
    expect(page.get_by_label("Amount")).to_have_value("200.00")


def test_drag_a_card_to_another_column_and_see_it_after_reload(page):
    sign_in(page)
    open_tasks(page)
    card = page.get_by_role("region", name="New").get_by_role("article", name="Send invoices")
    target = page.get_by_role("region", name="In Progress")
    with page.expect_response(lambda r: r.url.endswith("/move")) as saved:
        card.drag_to(target)      # the card moves at once; the write follows
    assert saved.value.ok
    moved = page.get_by_role("region", name="In Progress").get_by_role(
        "article", name="Send invoices")
    expect(moved).to_be_visible()
    page.reload()
    expect(page.get_by_role("region", name="In Progress").get_by_role(
        "article", name="Send invoices")).to_be_visible()
    expect(page.get_by_role("region", name="New").get_by_role(
        "article", name="Send invoices")).to_have_count(0)


def test_quick_create_in_a_column(page):
    sign_in(page)
    open_tasks(page)
    column = page.get_by_role("region", name="Done")
    column.get_by_label("Quick create in Done").click()
    column.get_by_label("Title").fill("Quick from the browser")
    column.get_by_role("button", name="Add").click()
    expect(page.get_by_role("region", name="Done").get_by_role(
        "article", name="Quick from the browser")).to_be_visible()
    expect(page.get_by_role("region", name="Done").get_by_label("Title")).to_be_focused()


def test_search_with_a_filter_and_a_group_by(page):
    sign_in(page)
    open_tasks(page)
    page.get_by_role("link", name="List").click()
    page.get_by_role("link", name="Remove facet Filter: My Tasks").click()
    page.get_by_text("Filters", exact=True).click()
    page.get_by_role("link", name="Unassigned").click()
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name="Prepare meeting")).to_be_visible()
    expect(table.get_by_role("link", name="Redesign website")).to_have_count(0)
    page.get_by_text("Group By", exact=True).click()
    page.locator("details[open]").get_by_role("link", name="Stage").click()
    group = page.get_by_role("link", name=re.compile(r"In Progress \(1\)"))
    expect(group).to_be_visible()
    group.click()
    expect(table.get_by_role("link", name="Prepare meeting")).to_be_visible()
    screenshot(page, "search")
    page.get_by_role("searchbox", name="Search").fill("Globex")
    page.get_by_role("searchbox", name="Search").press("Enter")
    expect(page.get_by_role("list", name="Active search facets")).to_contain_text("Globex")


def test_archive_and_restore(page):
    sign_in(page)
    open_tasks(page)
    page.get_by_role("link", name="List").click()
    page.get_by_role("link", name="Quarterly report").click()
    page.get_by_text("Action", exact=True).click()
    page.get_by_role("link", name="Archive").click()
    expect(page.get_by_text("Are you sure you want to archive 1 record?")).to_be_visible()
    page.get_by_role("button", name="Archive").click()
    expect(page.get_by_role("status").filter(has_text="Archived")).to_be_visible()
    page.get_by_text("Action", exact=True).click()
    page.get_by_role("button", name="Unarchive").click()
    expect(page.get_by_role("status").filter(has_text="Archived")).to_have_count(0)


def test_inline_edit_of_a_list_cell(page):
    sign_in(page)
    open_tasks(page)
    page.get_by_role("link", name="List").click()
    script_ready(page)
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Redesign website"))
    cell = row.locator('td[data-field="planned_hours"]')
    cell.dblclick()
    cell.get_by_role("textbox").fill("12.5")
    cell.get_by_role("textbox").press("Enter")
    expect(cell).to_have_text("12.50")
    status = row.locator('td[data-field="state"]')
    status.dblclick()
    status.get_by_role("combobox").select_option(label="In Progress")
    expect(status).to_have_text("In Progress")
    page.reload()
    expect(page.get_by_role("row").filter(has=page.get_by_role(
        "link", name="Redesign website")).locator('td[data-field="planned_hours"]')).to_have_text(
        "12.50")


def test_apps_page_and_sign_out(page):
    sign_in(page)
    page.get_by_label("User menu").click()
    page.get_by_role("link", name="Apps").click()
    expect(page.get_by_role("button", name="Install Web Client Test Extension")).to_be_visible()
    screenshot(page, "apps")
    page.get_by_label("User menu").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    page.goto("/web")
    expect(page).to_have_url(re.compile(r"/web/login"))


@pytest.fixture
def many_users(browser_db, databases):
    """More users than a many2one list holds: the form offers a search box instead."""
    with superuser_env(browser_db, databases) as env:
        users = env["res.users"]
        if not users.search_count([("login", "=like", "picker%")]):
            users.create([{"name": f"Picker {n:03d}", "login": f"picker{n:03d}"}
                          for n in range(105)])


def test_a_many2one_among_many_records_is_found_by_typing(page, many_users):
    sign_in(page)
    open_tasks(page)
    page.get_by_role("link", name="List").click()
    page.get_by_role("link", name="New").click()
    script_ready(page)
    page.get_by_label("Title").fill("Assigned by typing")
    assignee = page.get_by_role("combobox", name="Assigned to")
    assignee.fill("picker 10")
    suggestions = page.get_by_role("listbox", name="Assigned to")
    options = suggestions.get_by_role("option")
    expect(options).to_have_count(5)               # Picker 100 ... 104
    expect(options.first).to_have_text("Picker 100")
    screenshot(page, "many2one_search")
    assignee.press("ArrowDown")
    assignee.press("ArrowDown")
    assignee.press("Enter")                         # the third: Picker 102
    expect(assignee).to_have_value("Picker 102")
    expect(suggestions).to_be_hidden()
    assignee.fill("pick")
    expect(suggestions.get_by_role("option")).to_have_count(8)
    expect(suggestions).to_contain_text("More records match")
    assignee.press("Escape")                        # closes the list, keeps the form
    expect(suggestions).to_be_hidden()
    expect(page.get_by_label("Title")).to_have_value("Assigned by typing")
    assignee.press("Tab")                           # unmatched text: back to the choice
    expect(assignee).to_have_value("Picker 102")
    assignee.fill("picker 104")
    assignee.press("Enter")                         # before the list came: the first match,
    expect(assignee).to_have_value("Picker 104")    # not the form saved with the old value
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text("New")
    assignee.fill("picker 102")
    assignee.press("ArrowDown")
    suggestions.get_by_role("option", name="Picker 102").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text(
        "Assigned by typing")
    expect(page.get_by_role("combobox", name="Assigned to")).to_have_value("Picker 102")


def test_tags_are_chips_added_by_typing_and_removed_by_their_button(page):
    sign_in(page)
    open_tasks(page)
    page.get_by_role("link", name="List").click()
    page.get_by_role("link", name="New").click()
    script_ready(page)
    page.get_by_label("Title").fill("Tagged by typing")
    tags = page.get_by_role("combobox", name="Tags")
    tags.fill("urg")
    suggestions = page.get_by_role("listbox", name="Tags")
    expect(suggestions.get_by_role("option")).to_have_text(["Urgent"])
    tags.press("Enter")
    tags.fill("cus")
    suggestions.get_by_role("option", name="Customer").click()
    chips = page.locator(".m2m-tags .tag")
    expect(chips).to_have_text(["Customer×", "Urgent×"])
    screenshot(page, "many2many_tags")
    page.get_by_role("button", name="Remove: Urgent").click()
    expect(chips).to_have_text(["Customer×"])
    tags.press("Backspace")                          # on an empty box: the last chip goes
    expect(chips).to_have_count(0)
    tags.fill("urg")
    tags.press("Enter")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text(
        "Tagged by typing")
    expect(page.locator(".m2m-tags .tag")).to_have_text(["Urgent×"])


def test_everything_works_without_javascript(browser, server):
    context = browser.new_context(base_url=server, java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page)
        open_tasks(page, scripts=False)
        card = page.get_by_role("region", name="New").get_by_role("article",
                                                                  name="Redesign website")
        card.get_by_label("Card menu of Redesign website").click()
        card.get_by_role("button", name="Done").click()
        expect(page.get_by_role("region", name="Done").get_by_role(
            "article", name="Redesign website")).to_be_visible()
        page.get_by_role("link", name="List").click()
        page.get_by_role("link", name="New").click()
        page.get_by_label("Title").fill("Made without scripts")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text(
            "Made without scripts")
    finally:
        context.close()


def test_pages_in_german(browser, server):
    context = browser.new_context(base_url=server, locale="de-DE")
    page = context.new_page()
    try:
        page.goto("/web/login")
        expect(page.get_by_role("button", name="Anmelden")).to_be_visible()
        page.get_by_label("Login").fill("admin")
        page.get_by_label("Passwort").fill("browser-admin-1")
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_url("**/web")
        page.goto("/web/preferences")            # the admin speaks English so far
        page.get_by_label("Language").select_option("de_DE")
        page.get_by_role("button", name="Save").first.click()
        expect(page.get_by_text("Ihre Einstellungen wurden gespeichert.")).to_be_visible()
        page.goto("/web")
        page.get_by_role("link", name="Aufgaben").first.click()
        expect(page.get_by_role("link", name="Liste")).to_be_visible()
        expect(page.get_by_text("Filter", exact=True).first).to_be_visible()
        screenshot(page, "kanban_de")
    finally:
        context.close()

