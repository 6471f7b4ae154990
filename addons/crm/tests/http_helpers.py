"""Reading CRM pages served through the werkzeug test client, as a user would read them.

Pages are parsed with lxml; the helpers return what a person sees (texts of regions,
buttons, menus, rows) so the tests can compare it with the words of both languages.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

from lxml import html as lxml_html

from tests.web.forms import form_inputs


def text(response: Any) -> str:
    return response.get_data(as_text=True)


def tree(response_or_page: Any) -> Any:
    page = response_or_page if isinstance(response_or_page, str) else text(response_or_page)
    return lxml_html.fromstring(page)


def clean(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def texts(doc: Any, xpath: str) -> list[str]:
    return [clean(e.text_content()) for e in doc.xpath(xpath)]


def top_menus(doc: Any) -> list[str]:
    """The app's menus in the top bar (Sales, Reporting, Configuration...)."""
    return texts(doc, '//ul[@class="app-menus"]/li/details/summary'
                      ' | //ul[@class="app-menus"]/li/a')


def menu_entries(doc: Any, menu: str) -> dict[str, str]:
    """``{label: href}`` of every link below the top menu ``menu`` (any depth)."""
    for details in doc.xpath('//ul[@class="app-menus"]/li/details'):
        if clean(details.xpath("./summary")[0].text_content()) == menu:
            return {clean(a.text_content()): a.get("href") for a in details.xpath(".//a")}
    return {}


def facets(doc: Any) -> dict[str, str]:
    """``{values: remove href}`` of the active search facets."""
    return {clean(li.xpath('./span[@class="facet-values"]')[0].text_content()):
            li.xpath('./a[@class="facet-remove"]')[0].get("href")
            for li in doc.xpath('//ul[@class="facets"]/li')}


def search_menu(doc: Any, index: int) -> dict[str, str]:
    """``{label: href}`` of the Filters (0) or Group By (1) dropdown."""
    menu = doc.xpath('//div[@class="search-menus"]/details')[index]
    return {clean(a.text_content()): a.get("href")
            for a in menu.xpath('.//ul[contains(@class, "menu-group")]/li/a')}


def columns(doc: Any) -> list[dict[str, Any]]:
    """The kanban columns: label, count, total, progress bar text and card names."""
    result = []
    for section in doc.xpath('//section[contains(@class, "kanban-column")]'
                             '[not(contains(@class, "kanban-add-column"))]'):
        total = section.xpath('.//span[@class="kanban-total"]')
        bar = section.xpath('.//svg[@class="progressbar"]')
        result.append({
            "label": section.get("aria-label"),
            "count": int(section.xpath('.//span[@class="count"]')[0].text_content()),
            "total": clean(total[0].text_content()) if total else None,
            "bar": bar[0].get("aria-label") if bar else None,
            "cards": [a.get("aria-label") for a in section.xpath('.//article')],
        })
    return result


def list_names(doc: Any) -> list[str]:
    """The record names of a list view, in order."""
    return [row.get("aria-label") for row in doc.xpath('//tr[contains(@class, "o-row")]')]


def list_rows(doc: Any) -> list[Any]:
    return doc.xpath('//tr[contains(@class, "o-row")]')


def group_labels(doc: Any) -> list[str]:
    """The group headers of a grouped list ("Berlin (2)" → "Berlin")."""
    return [re.sub(r"\s*\(\d+\)$", "", clean(a.text_content()).lstrip("▸▾ "))
            for a in doc.xpath('//tr[@class="group-row"]//a[@class="group-toggle"]')]


def header_buttons(doc: Any) -> list[str]:
    return texts(doc, '//div[@class="header-buttons"]//button')


def ribbons(doc: Any) -> list[str]:
    return texts(doc, '//div[contains(@class, "ribbon")]')


def action_menu(doc: Any) -> list[str]:
    """The entries of the form's Action (gear) menu."""
    return texts(doc, '//div[@class="cp-buttons"]/details//div[@class="dropdown-menu"]'
                      '/*[self::a or self::form]')


def submit(client: Any, url: str, page: str, press: tuple[str, str] | None = None,
           **changes: str) -> Any:
    """Post the record form of ``page`` with ``changes``, pressing ``press`` (name, value)."""
    pairs = [(k, v) for k, v in form_inputs(page) if k not in changes]
    pairs.extend(changes.items())
    if press:
        pairs.append(press)
    return client.post(url, pairs)


def spoken(element: Any) -> str:
    """The text of ``element`` as a screen reader says it: no aria-hidden decorations
    (avatar initials, star glyphs); an image's aria-label when there is no text."""
    words = clean("".join(element.xpath('.//text()[not(ancestor::*[@aria-hidden="true"])]')))
    if not words:
        labelled = element.xpath('.//*[@role="img"]/@aria-label')
        words = clean(labelled[0]) if labelled else ""
    return words


def cards(doc: Any) -> dict[str, dict[str, str]]:
    """``{card name: {field: text}}`` of the kanban cards (``ribbon`` too, when shown)."""
    result = {}
    for article in doc.xpath('//article[contains(@class, "kanban-card")]'):
        values = {}
        for span in article.xpath('.//span[contains(@class, "card-field")]'):
            name = next(c[len("field-"):] for c in span.get("class").split()
                        if c.startswith("field-"))
            values[name] = spoken(span)
        ribbon = article.xpath('.//div[contains(@class, "ribbon")]')
        if ribbon:
            values["ribbon"] = clean(ribbon[0].text_content())
        result[article.get("aria-label")] = values
    return result


def view_switcher(doc: Any) -> dict[str, str]:
    """``{view label: href}`` of the view switcher (Kanban, List, Graph...)."""
    return {a.get("aria-label"): a.get("href")
            for a in doc.xpath('//nav[@class="view-switcher"]/a')}


def cells(row: Any) -> dict[str, str]:
    """``{field: text}`` of a list row."""
    return {td.get("data-field"): spoken(td) for td in row.xpath('./td[@data-field]')}


def notebook_tabs(doc: Any) -> list[str]:
    return texts(doc, '//div[@class="notebook"]/section/h2[@class="notebook-title"]')


def statusbar(doc: Any) -> tuple[list[str], str]:
    """The stages of the form's status bar and the current one."""
    steps = doc.xpath('//ol[@class="statusbar"]/li')
    current = [clean(li.text_content()) for li in steps if "is-current" in li.get("class")]
    return [clean(li.text_content()) for li in steps], current[0] if current else ""


def tracking(doc: Any) -> list[str]:
    """The tracked changes shown in the chatter, newest message first."""
    return texts(doc, '//section[@class="chatter-messages"]//ul[@class="tracking"]/li')


def form_message(doc: Any) -> str:
    """The message above a form shown again with errors (or after a refused button)."""
    return " ".join(texts(doc, '//*[@id="form-message"]'))


def field_errors(doc: Any) -> dict[str, str]:
    """``{field name: error text}`` of the fields marked invalid."""
    result = {}
    for element in doc.xpath('//*[@aria-invalid="true"]'):
        described = element.get("aria-describedby")
        message = doc.xpath(f'//*[@id="{described}"]') if described else []
        result[element.get("name")] = clean(message[0].text_content()) if message else ""
    return result


def error_page(doc: Any) -> tuple[str, str, str]:
    """(code, title, message) of the error page."""
    return (clean(doc.xpath('string(//p[@class="error-code"])')),
            clean(doc.xpath('string(//h1[@id="error-title"])')),
            clean(doc.xpath('string(//p[@class="error-message"])')))


def app_tiles(doc: Any) -> list[str]:
    """The apps on the home page."""
    return texts(doc, '//ul[@class="app-grid"]//span[@class="app-label"]')


def follow(client: Any, response: Any, limit: int = 5) -> Any:
    """Follow the redirects of ``response`` (GET), as a browser does."""
    while response.status_code in (301, 302, 303) and limit:
        response = client.get(response.headers["Location"])
        limit -= 1
    return response


def url_of(response: Any) -> str:
    """The address of the page ``response`` answered (path and query)."""
    query = response.request.query_string.decode()
    return response.request.path + (f"?{query}" if query else "")


def money(value: float, lang: str) -> str:
    """An amount as the page writes it: 1,500.00 (English) or 1.500,00 (German)."""
    english = f"{value:,.2f}"
    return english.translate(str.maketrans(",.", ".,")) if lang == "de_DE" else english


# -- a database of its own, served by the web client ----------------------------------------
SALESMAN = "sales_team.group_sale_salesman"
ALL_DOCS = "sales_team.group_sale_salesman_all_leads"
MANAGER = "sales_team.group_sale_manager"
USERS = {
    "sam": {"groups": ("base.group_user", SALESMAN), "tz": "Europe/Berlin"},
    "alice": {"groups": ("base.group_user", ALL_DOCS), "tz": "America/New_York"},
    "max": {"groups": ("base.group_user", MANAGER), "lang": "de_DE"},
    "ivan": {"groups": ("base.group_user",)},
}


def password(login: str) -> str:
    return f"{login}-http-password-1"


class CrmSite:
    """A database with crm served by the web app, with the users of the CRM tests.

    Pages commit like real requests, so the tests of a module share this database and
    :meth:`reset` removes the opportunities (and their activities) between tests.
    """

    def __init__(self, databases: Any, addons: tuple[str, ...] = ("crm",)) -> None:
        from core.web.app import create_app
        self.registry = databases.fresh_registry(list(addons))
        self.app = create_app(self.registry.url, databases.catalog)
        self.ids = self.run(self._setup)

    def run(self, function: Any, uid: int = 1) -> Any:
        """``function(env)`` in a committed superuser transaction."""
        from core.orm.environment import Environment
        with self.registry.transaction() as tx:
            return function(Environment(tx, uid, {}))

    @staticmethod
    def _setup(env: Any) -> SimpleNamespace:
        from core.testing import new_user
        users = {login: new_user(env, login, password=password(login), **dict(values))
                 for login, values in USERS.items()}
        teams = env["crm.team"]
        europe = teams.create({"name": "Europe", "sequence": 5,
                               "member_ids": [(6, 0, [users["sam"].id, users["alice"].id])]})
        america = teams.create({"name": "America", "sequence": 6,
                                "member_ids": [(6, 0, [users["alice"].id])]})
        customer = env["res.partner"].create({"name": "Azure Interior", "is_company": True})
        ref = env.ref
        return SimpleNamespace(
            **{login: user.id for login, user in users.items()},
            europe=europe.id, america=america.id, customer=customer.id,
            pipeline=ref("crm.crm_lead_action_pipeline").id,
            activities=ref("crm.crm_lead_action_my_activities").id,
            teams=ref("crm.crm_team_action_pipeline").id,
            crm_menu=ref("crm.crm_menu_root").id,
            stages=[ref(f"crm.stage_lead{i}").id for i in (1, 2, 3, 4)])

    def client(self, login: str, lang: str | None = None) -> Any:
        """A browser signed in as ``login``, who reads the pages in ``lang``."""
        from tests.web.conftest import WebClient
        lang = lang or USERS[login].get("lang", "en_US")
        self.run(lambda env: env["res.users"].browse(getattr(self.ids, login)).write(
            {"lang": lang}))
        client = WebClient(self.app)
        client.login(login, password(login))
        return client

    def lead(self, name: str, **values: Any) -> int:
        """An opportunity (``lost=True`` marks it lost, ``won=True`` won)."""
        lost, won = values.pop("lost", False), values.pop("won", False)
        activity = values.pop("activity", None)

        def create(env: Any) -> int:
            record = env["crm.lead"].create({"name": name, "type": "opportunity", **values})
            if activity:
                record.activity_schedule(**activity)
            if lost:
                record.action_set_lost()
            if won:
                record.action_set_won()
            return record.id
        return self.run(create)

    def read(self, lead_id: int, *names: str) -> tuple:
        def values(env: Any) -> tuple:
            record = env["crm.lead"].with_context(active_test=False).browse(lead_id)
            return tuple(record[name] for name in names)
        return self.run(values)

    def reset(self) -> None:
        def clear(env: Any) -> None:
            env["mail.activity"].search([("res_model", "=", "crm.lead")]).unlink()
            env["crm.lead"].with_context(active_test=False).search([]).unlink()
        self.run(clear)
