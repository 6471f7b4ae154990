"""Crawl the web client as each demo user, in English and German: no page answers 5xx.

A database with crm, sale and rental and their demo data is served in process (werkzeug's
test client). Each demo user (admin, marc and jeff — own documents, julia — all
documents, lena — sales administrator) signs in, in each language, and follows the
same-site links reachable from ``/web`` breadth-first (GET only: every route that
changes data is a POST, logout included), up to ``LIMIT`` pages (``LIMITS`` for users with more menus). The test fails on any
5xx with the list of URLs, on a refusal (403) that is not the themed error page, and on
any ERROR logged during the crawl (a traceback), and when it opened no sales-team or
product form (where the 500s of issue 14, point 1 were). About 40 s on SQLite and 46 s on
PostgreSQL with ``-n 2`` on two busy cores.
"""

from __future__ import annotations

import heapq
import html
import logging
import re
import time
from collections import Counter
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from core.orm.environment import Environment
from core.testing import ADMIN_PASSWORD
from core.web.app import create_app
from tests.web.conftest import WebClient

PASSWORDS = {"admin": ADMIN_PASSWORD, "marc": "marc-demo-1", "jeff": "jeff-demo-1",
             "julia": "julia-demo-1", "lena": "lena-demo-1"}
LANGS = ("en_US", "de_DE")
LIMIT = 160
# the administrator has more menus (Settings, Apps, technical lists): more pages to reach
# the forms the crawl must open
LIMITS = {"admin": 240}
LINK = re.compile(r'href="(/web[^"#]*)')
# Not pages: assets and downloads (CSV exports are tested by their own suite).
SKIP = re.compile(r"^/web/(static|addon)/|/export(\?|$)|/web/content/|/web/image/")
# A page with other filters, group-bys, sort or pager position runs the same code: one URL
# per path and set of parameter names is enough; and a few records of each form.
RECORD = re.compile(r"/form/\d+$")
RECORDS_PER_FORM = 3


# Forms the crawl must open (the 500s of issue 14: sales-team cards, product forms).
MUST_REACH = ("crm.team", "product.product")
FORM = re.compile(r"^/web/action/(\d+)/form/\d+")


class Site:
    """The demo database with crm, sale and rental, served by the real application."""

    def __init__(self, databases: Any) -> None:
        self.registry = databases.fresh_registry(["crm", "sale", "rental"], demo=True)
        self.app = create_app(self.registry.url, databases.catalog)
        self.actions = self.run(lambda env: {
            model: set(env["ir.actions.act_window"].search([("res_model", "=", model)]).ids)
            for model in (*MUST_REACH, "crm.config.settings", "mail.mail")})
        self.julias_lead = self.run(lambda env: (
            env.ref("crm.crm_lead_action_pipeline").id,
            env["crm.lead"].search([("user_id.login", "=", "julia")], limit=1).id))

    def run(self, function: Any) -> Any:
        with self.registry.transaction() as tx:
            return function(Environment(tx, 1, {}))

    def client(self, login: str, lang: str) -> WebClient:
        """``login`` signed in, with ``lang`` as the language of their preferences."""
        self.run(lambda env: env["res.users"].search([("login", "=", login)]).write(
            {"lang": lang}))
        client = WebClient(self.app)
        client.login(login, PASSWORDS[login])
        return client


@pytest.fixture(scope="module")
def site(databases: Any) -> Site:
    return Site(databases)


def seen_key(url: str) -> str:
    """The path and the names of the parameters (their values do not change the code run)."""
    parts = urlsplit(url)
    names = sorted({name for name, _value in parse_qsl(parts.query, keep_blank_values=True)})
    return f"{parts.path}?{','.join(names)}"


def links(page: str) -> list[str]:
    return [html.unescape(href) for href in LINK.findall(page)]


def crawl(client: WebClient, limit: int = LIMIT) -> dict[str, int]:
    """From ``/web``, round-robin over the kinds of page (each action's list, its kanban,
    a record's form...: the first of each before the second of any): {url: status} of up
    to ``limit`` pages."""
    statuses: dict[str, int] = {}
    seen = {seen_key("/web")}
    per_page: Counter[str] = Counter()
    queue: list[tuple[int, int, str]] = [(0, 0, "/web")]
    while queue and len(statuses) < limit:
        url = heapq.heappop(queue)[2]
        response = client.get(url)
        statuses[url] = response.status_code
        if response.status_code == 403:
            assert 'class="error-card"' in response.get_data(as_text=True), url
        if response.mimetype != "text/html" or response.status_code >= 400:
            continue
        for link in links(response.get_data(as_text=True)):
            key = seen_key(link)
            if key in seen or SKIP.search(link):
                continue
            seen.add(key)
            page = RECORD.sub("/form/", urlsplit(link).path)
            if page.endswith("/form/") and per_page[page] >= RECORDS_PER_FORM:
                continue
            heapq.heappush(queue, (per_page[page], len(seen), link))
            per_page[page] += 1
    return statuses


class Errors(logging.Handler):
    """Every record at ERROR or above, from any logger."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("login", list(PASSWORDS))
def test_no_server_error(site: Site, login: str, lang: str) -> None:
    client = site.client(login, lang)
    errors = Errors()
    logging.getLogger().addHandler(errors)
    started = time.monotonic()
    try:
        statuses = crawl(client, LIMITS.get(login, LIMIT))
    finally:
        logging.getLogger().removeHandler(errors)
    elapsed = time.monotonic() - started
    failed = sorted(url for url, status in statuses.items() if status >= 500)
    assert not failed, f"{login} ({lang}): {len(failed)} of {len(statuses)} pages 5xx:\n" \
        + "\n".join(failed)
    assert not errors.records, [r.getMessage() for r in errors.records]
    opened = {int(match.group(1)) for match in map(FORM.match, statuses) if match}
    for model in MUST_REACH:
        assert opened & site.actions[model], f"{login} ({lang}) opened no {model} form"
    print(f"{login} {lang}: {len(statuses)} pages in {elapsed:.1f}s")


@pytest.mark.parametrize(("login", "lang"), [("jeff", "en_US"), ("marc", "de_DE")])
def test_forbidden_pages_are_themed_403(site: Site, login: str, lang: str) -> None:
    """What a salesperson may not open (Apps, Settings, e-mails, a colleague's lead) is
    the themed error page with status 403, logged without a traceback."""
    client = site.client(login, lang)
    settings, = site.actions["crm.config.settings"]
    mails = min(site.actions["mail.mail"])
    errors = Errors()
    logging.getLogger().addHandler(errors)
    try:
        for url in ("/web/apps", f"/web/action/{settings}", f"/web/action/{mails}/list",
                    "/web/action/{}/form/{}".format(*site.julias_lead)):
            response = client.get(url)
            assert response.status_code == 403, url
            assert 'class="error-card"' in response.get_data(as_text=True), url
    finally:
        logging.getLogger().removeHandler(errors)
    assert not errors.records
