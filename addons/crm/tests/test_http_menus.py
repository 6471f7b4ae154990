"""The CRM menus as the seed and Odoo 17 organise them, by access level and language
(issue 14 point 4), and the Forecast analysis by expected closing month.

Served through the werkzeug test client from a database of this module's own with crm
and sale. Users of :mod:`addons.crm.tests.http_helpers`: sam (Own Documents Only), alice
(All Documents), max (Sales Administrator), ivan (no Sales rights).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from addons.crm.tests import http_helpers as h

LANGS = ["en_US", "de_DE"]
SALES = {"en_US": ("Sales", ["Pipeline", "My Activities", "My Quotations", "Sales Teams",
                             "Customers"]),
         "de_DE": ("Verkauf", ["Pipeline", "Meine Aktivitäten", "Meine Angebote",
                               "Verkaufsteams", "Kunden"])}
REPORTING = {"en_US": ("Reporting", ["Forecast", "Pipeline", "Activities"]),
             "de_DE": ("Berichtswesen", ["Prognose", "Pipeline", "Aktivitäten"])}
CONFIG = {"en_US": ("Configuration", ["Settings", "Sales Teams", "Stages", "Tags",
                                      "Lost Reasons", "Activity Types"]),
          "de_DE": ("Konfiguration", ["Einstellungen", "Verkaufsteams", "Stufen",
                                      "Stichwörter", "Verlustgründe", "Aktivitätstypen"])}
SECTIONS = {"en_US": {"Pipeline": ["Stages", "Tags", "Lost Reasons"],
                      "Activities": ["Activity Types"]},
            "de_DE": {"Pipeline": ["Stufen", "Stichwörter", "Verlustgründe"],
                      "Aktivitäten": ["Aktivitätstypen"]}}
MONTHS = {"en_US": ["March 2027", "April 2027", "May 2027"],
          "de_DE": ["März 2027", "April 2027", "Mai 2027"]}


@pytest.fixture(scope="module")
def sales_site(databases: Any) -> h.CrmSite:
    return h.CrmSite(databases, ("crm", "sale"))


@pytest.fixture
def site(sales_site: h.CrmSite) -> Iterator[h.CrmSite]:
    sales_site.reset()
    yield sales_site


def _page(client: Any, site: h.CrmSite) -> Any:
    response = client.get(f"/web/action/{site.ids.pipeline}/kanban")
    assert response.status_code == 200
    return h.tree(response)


def _expected(login: str, lang: str) -> dict[str, list[str]]:
    menus = [SALES[lang], REPORTING[lang]] + ([CONFIG[lang]] if login == "max" else [])
    return dict(menus)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("login", ["sam", "alice", "max"])
def test_menus_by_access_level(site: h.CrmSite, login: str, lang: str) -> None:
    doc = _page(site.client(login, lang), site)
    expected = _expected(login, lang)
    assert h.top_menus(doc) == list(expected)
    for menu, entries in expected.items():
        assert list(h.menu_entries(doc, menu)) == entries, menu


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("login", ["sam", "alice", "max"])
def test_every_menu_entry_opens(site: h.CrmSite, login: str, lang: str) -> None:
    """Each entry a user sees opens (200): no menu leads to an error page."""
    client = site.client(login, lang)
    doc = _page(client, site)
    opened = {}
    for menu in h.top_menus(doc):
        for label, href in h.menu_entries(doc, menu).items():
            response = h.follow(client, client.get(href))
            assert response.status_code == 200, (menu, label, href)
            opened.setdefault(menu, []).append(label)
    assert opened == _expected(login, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_configuration_sections_are_headers_with_their_entries(site: h.CrmSite,
                                                               lang: str) -> None:
    """Odoo's dropdown sections: a third-level menu is a header (not a link to its first
    entry) followed by its entries, each a link reachable with the keyboard."""
    doc = _page(site.client("max", lang), site)
    details = [d for d in doc.xpath('//ul[@class="app-menus"]/li/details')
               if h.clean(d.xpath("./summary")[0].text_content()) == CONFIG[lang][0]][0]
    sections = {}
    for section in details.xpath('.//li[@class="dropdown-section"]'):
        header = section.xpath('./*[@class="dropdown-header"]')[0]
        assert header.tag != "a" and not header.xpath(".//a")
        entries = section.xpath("./ul")[0]
        assert entries.get("aria-labelledby") == header.get("id")
        links = entries.xpath("./li/a[@href]")
        sections[h.clean(header.text_content())] = [h.clean(a.text_content()) for a in links]
    assert sections == SECTIONS[lang]


def _forecast_leads(site: h.CrmSite) -> None:
    ids = site.ids
    site.lead("March Deal", user_id=ids.sam, expected_revenue=1000,
              date_deadline=dt.date(2027, 3, 10))
    site.lead("Other March Deal", user_id=ids.sam, expected_revenue=500,
              date_deadline=dt.date(2027, 3, 28))
    site.lead("May Deal", user_id=ids.sam, expected_revenue=2000,
              date_deadline=dt.date(2027, 5, 2))
    site.lead("Alice's April Deal", user_id=ids.alice, expected_revenue=3000,
              date_deadline=dt.date(2027, 4, 15))


def _forecast_href(client: Any, site: h.CrmSite, lang: str) -> str:
    doc = _page(client, site)
    return h.menu_entries(doc, REPORTING[lang][0])[REPORTING[lang][1][0]]


@pytest.mark.parametrize("lang", LANGS)
def test_forecast_groups_by_expected_closing_month(site: h.CrmSite, lang: str) -> None:
    _forecast_leads(site)
    months = MONTHS[lang]
    for login, seen in (("sam", [months[0], months[2]]), ("alice", months)):
        client = site.client(login, lang)
        href = _forecast_href(client, site, lang)
        for view in ("graph", "pivot", "kanban"):
            response = h.follow(client, client.get(f"{href}/{view}"))
            assert response.status_code == 200, (login, view)
            page = h.clean(h.tree(response).xpath('string(//main)'))
            for month in seen:
                assert month in page, (login, view, month)
            for month in set(months) - set(seen):  # their own data by the record rules
                assert month not in page, (login, view, month)
