"""The pipeline and My Activities pages as users read them, in English and German (issue 6).

Served through the werkzeug test client (no browser) from a database of this module's own:
the pages commit like real requests, so each test starts from a pipeline emptied by the
``site`` fixture. Users of :mod:`addons.crm.tests.http_helpers`: sam (Own Documents Only),
alice (All Documents), max (Sales Administrator), ivan (no Sales rights).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from addons.crm.tests import http_helpers as h
from core.mail import dates

LANGS = ["en_US", "de_DE"]
WORDS = {
    "en_US": {
        "stages": ["New", "Qualified", "Proposition", "Won"], "my_pipeline": "My Pipeline",
        "lost": "Lost", "won": "Won", "unassigned": "Unassigned",
        "group_bys": ["Salesperson", "Sales Team", "Stage", "City", "Country", "Lost Reason",
                      "Campaign", "Marketing Medium", "Source", "Creation Date",
                      "Expected Closing", "Closed Date"],
        "views": ["Kanban", "List", "Graph", "Pivot", "Activity"],
        "my_activities": "My Activities", "states": ["Overdue", "Today", "Planned"],
        "menus": {"sam": ["Sales", "Reporting"], "max": ["Sales", "Reporting", "Configuration"]},
        "sales_menu": ["Pipeline", "My Activities", "Sales Teams", "Customers"],
        "denied": "Access Denied",
    },
    "de_DE": {
        "stages": ["Neu", "Qualifiziert", "Angebot", "Gewonnen"],
        "my_pipeline": "Meine Pipeline", "lost": "Verloren", "won": "Gewonnen",
        "unassigned": "Nicht zugewiesen",
        "group_bys": ["Verkäufer", "Verkaufsteam", "Stufe", "Ort", "Land", "Verlustgrund",
                      "Kampagne", "Kanal", "Quelle", "Erstellungsdatum",
                      "Erwarteter Abschluss", "Abschlussdatum"],
        "views": ["Kanban", "Liste", "Grafik", "Pivot", "Aktivität"],
        "my_activities": "Meine Aktivitäten", "states": ["Überfällig", "Heute", "Geplant"],
        "menus": {"sam": ["Verkauf", "Berichtswesen"], "max": ["Verkauf", "Berichtswesen", "Konfiguration"]},
        "sales_menu": ["Pipeline", "Meine Aktivitäten", "Verkaufsteams", "Kunden"],
        "denied": "Zugriff verweigert",
    },
}


def kanban(client: Any, site: h.CrmSite, query: str = "") -> Any:
    response = client.get(f"/web/action/{site.ids.pipeline}/kanban{query}")
    assert response.status_code == 200
    return h.tree(response)


def _pipeline(site: h.CrmSite) -> dict[str, int]:
    """Sam's pipeline, a colleague's opportunity, an unassigned one and a lost one."""
    ids, (new, qualified, _proposition, won) = site.ids, site.ids.stages
    return {
        "Office Design": site.lead("Office Design", user_id=ids.sam, stage_id=new,
                                   partner_id=ids.customer, expected_revenue=1000),
        "Chairs": site.lead("Chairs", user_id=ids.sam, stage_id=new, expected_revenue=500),
        "Desks": site.lead("Desks", user_id=ids.sam, stage_id=qualified,
                           expected_revenue=2500),
        "Big Deal": site.lead("Big Deal", user_id=ids.sam, stage_id=won,
                              expected_revenue=4000, won=True),
        "Gone": site.lead("Gone", user_id=ids.sam, expected_revenue=700, lost=True),
        "Alice Deal": site.lead("Alice Deal", user_id=ids.alice, stage_id=new,
                                expected_revenue=9000),
        "Walk-in": site.lead("Walk-in", user_id=False, team_id=ids.europe, stage_id=new,
                             expected_revenue=50),
    }


# -- the pipeline ---------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_pipeline_is_the_landing_page_grouped_by_stage(site: h.CrmSite, lang: str) -> None:
    words = WORDS[lang]
    _pipeline(site)
    sam = site.client("sam", lang)
    landing = sam.get(f"/web/menu/{site.ids.crm_menu}")
    assert landing.headers["Location"] == f"/web/action/{site.ids.pipeline}"
    page = h.follow(sam, landing)
    assert page.request.path == f"/web/action/{site.ids.pipeline}/kanban"
    doc = h.tree(page)
    columns = h.columns(doc)
    assert [c["label"] for c in columns] == words["stages"]
    assert [c["count"] for c in columns] == [2, 1, 0, 1]
    assert [c["total"] for c in columns] == [h.money(v, lang) for v in (1500, 2500, 0, 4000)]
    assert [sorted(c["cards"]) for c in columns] == [
        ["Chairs", "Office Design"], ["Desks"], [], ["Big Deal"]]
    card = h.cards(doc)["Office Design"]
    assert card["name"] == "Office Design" and card["partner_id"] == "Azure Interior"
    assert card["expected_revenue"] == h.money(1000, lang) and card["user_id"] == "Sam"
    assert h.cards(doc)["Big Deal"]["ribbon"] == words["won"]
    assert "ribbon" not in card


@pytest.mark.parametrize("lang", LANGS)
def test_my_pipeline_facet_removable_shows_colleagues(site: h.CrmSite, lang: str) -> None:
    words = WORDS[lang]
    _pipeline(site)
    alice = site.client("alice", lang)
    doc = kanban(alice, site)
    facets = h.facets(doc)
    assert list(facets) == [words["my_pipeline"]]
    assert sorted(h.cards(doc)) == ["Alice Deal"]
    everyone = h.tree(alice.get(facets[words["my_pipeline"]]))
    assert h.facets(everyone) == {}
    assert sorted(h.cards(everyone)) == ["Alice Deal", "Big Deal", "Chairs", "Desks",
                                         "Office Design", "Walk-in"]
    new = h.columns(everyone)[0]
    assert new["count"] == 4 and new["total"] == h.money(10550, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_filters_lost_won_unassigned(site: h.CrmSite, lang: str) -> None:
    words = WORDS[lang]
    _pipeline(site)
    sam = site.client("sam", lang)
    filters = h.search_menu(kanban(sam, site), 0)
    assert {words["lost"], words["won"], words["unassigned"], words["my_pipeline"]} <= set(filters)
    lost = h.tree(sam.get(filters[words["lost"]]))
    assert set(h.facets(lost)) == {words["my_pipeline"], words["lost"]}
    assert sorted(h.cards(lost)) == ["Gone"]
    assert h.cards(lost)["Gone"]["ribbon"] == words["lost"]
    won = h.tree(sam.get(filters[words["won"]]))
    assert sorted(h.cards(won)) == ["Big Deal"]
    for query in ("", "?sd=0", "?f=won&sd=0"):  # a lost one appears under Lost only
        assert "Gone" not in h.cards(kanban(sam, site, query))
    unassigned = h.search_menu(kanban(sam, site, "?sd=0"), 0)[words["unassigned"]]
    assert sorted(h.cards(h.tree(sam.get(unassigned)))) == ["Walk-in"]


@pytest.mark.parametrize("lang", LANGS)
def test_group_bys_listed_and_grouping_by_salesperson(site: h.CrmSite, lang: str) -> None:
    words = WORDS[lang]
    _pipeline(site)
    alice = site.client("alice", lang)
    group_bys = h.search_menu(kanban(alice, site, "?sd=0"), 1)
    assert list(group_bys) == words["group_bys"]
    by_person = h.columns(h.tree(alice.get(group_bys[words["group_bys"][0]])))
    counts = {column["label"]: column["count"] for column in by_person}
    assert counts["Sam"] == 4 and counts["Alice"] == 1
    assert sorted(next(c for c in by_person if c["label"] == "Alice")["cards"]) == [
        "Alice Deal"]


@pytest.mark.parametrize("lang", LANGS)
def test_list_graph_pivot_activity_views_reachable(site: h.CrmSite, lang: str) -> None:
    ids = _pipeline(site)
    sam = site.client("sam", lang)
    site.run(lambda env: env["crm.lead"].browse(ids["Desks"]).activity_schedule(
        "mail.mail_activity_data_call", user_id=site.ids.sam,
        date_deadline=dates.today_in("Europe/Berlin") + dt.timedelta(days=1)))
    switcher = h.view_switcher(kanban(sam, site))
    assert list(switcher) == WORDS[lang]["views"]
    kanban_, list_, graph, pivot, activity = (sam.get(href) for href in switcher.values())
    assert all(r.status_code == 200 for r in (kanban_, list_, graph, pivot, activity))
    assert sorted(h.list_names(h.tree(list_))) == ["Big Deal", "Chairs", "Desks",
                                                   "Office Design"]
    graph_doc = h.tree(graph)
    assert graph_doc.xpath('//svg[contains(@class, "chart")]//rect[contains(@class, "bar")]')
    pivot_doc = h.tree(pivot)
    totals = h.texts(pivot_doc, '//tr[contains(@class, "depth-0")]/td[contains(@class, '
                                '"is-total")]')
    assert totals[-1] == h.money(8000, lang)
    activity_doc = h.tree(activity)
    assert h.texts(activity_doc, '//a[@class="activity-record"]//span[contains(@class, '
                                 '"field-name")]') == ["Desks"]
    assert activity_doc.xpath('//td[contains(@class, "activity-planned")]')


# -- My Activities --------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_my_activities_by_my_deadline_with_states(site: h.CrmSite, lang: str) -> None:
    words = WORDS[lang]
    ids = site.ids
    today = dates.today_in("Europe/Berlin")

    def planned(days: int, user: int, kind: str = "todo") -> dict[str, Any]:
        return {"act_type_xmlid": f"mail.mail_activity_data_{kind}", "user_id": user,
                "date_deadline": today + dt.timedelta(days=days)}
    site.lead("Soon", user_id=ids.sam, activity=planned(2, ids.sam, "call"))
    site.lead("Late", user_id=ids.sam, expected_revenue=10,
              activity={**planned(-3, ids.sam, "email"), "summary": "Write back"})
    site.lead("Now", user_id=ids.sam, activity=planned(0, ids.sam))
    site.lead("Idle", user_id=ids.sam)
    site.lead("Theirs", user_id=False, team_id=ids.europe, activity=planned(5, ids.alice))
    site.lead("Alice's", user_id=ids.alice, activity=planned(1, ids.alice))
    sam = site.client("sam", lang)
    page = h.follow(sam, sam.get(f"/web/action/{ids.activities}"))
    assert page.request.path == f"/web/action/{ids.activities}/list"
    doc = h.tree(page)
    facets = h.facets(doc)
    assert list(facets) == [words["my_activities"]]
    rows = h.list_rows(doc)
    assert [row.get("aria-label") for row in rows] == ["Late", "Now", "Soon"]
    assert [h.cells(row)["activity_state"] for row in rows] == words["states"]
    assert [row.get("class").split()[1] for row in rows] == [
        "text-danger", "text-warning", "text-success"]
    late = h.cells(rows[0])
    assert late["activity_summary"] == "Write back" and late["activity_user_id"] == "Sam"
    assert rows[0].xpath('.//td[@data-field="my_activity_date_deadline"]'
                         '//span[@class="text-danger"]')
    everyone = h.tree(sam.get(facets[words["my_activities"]]))
    assert h.list_names(everyone) == ["Late", "Now", "Soon", "Theirs"]  # not Alice's own
    alice = site.client("alice", lang)
    doc = h.tree(alice.get(f"/web/action/{ids.activities}/list"))
    assert h.list_names(doc) == ["Alice's", "Theirs"]


# -- access by level ------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_salesperson_sees_own_and_unassigned_only(site: h.CrmSite, lang: str) -> None:
    ids = _pipeline(site)
    sam = site.client("sam", lang)
    everything = kanban(sam, site, "?sd=0")
    assert sorted(h.cards(everything)) == ["Big Deal", "Chairs", "Desks", "Office Design",
                                           "Walk-in"]
    refused = sam.get(f"/web/action/{site.ids.pipeline}/form/{ids['Alice Deal']}")
    assert refused.status_code == 403
    assert h.error_page(h.tree(refused))[1] == WORDS[lang]["denied"]
    assert "Alice Deal" not in h.text(refused)


@pytest.mark.parametrize("lang", LANGS)
def test_top_menus_by_access_level(site: h.CrmSite, lang: str) -> None:
    words = WORDS[lang]
    for login in ("sam", "max"):
        client = site.client(login, lang)
        doc = kanban(client, site)
        assert h.top_menus(doc) == words["menus"][login], login
        assert list(h.menu_entries(doc, words["menus"][login][0])) == words["sales_menu"]
    analysis = next(iter(h.menu_entries(doc, words["menus"]["max"][1]).values()))
    assert h.follow(client, client.get(analysis)).status_code == 200  # max's Reporting


@pytest.mark.parametrize("lang", LANGS)
def test_user_without_sales_rights_gets_no_crm(site: h.CrmSite, lang: str) -> None:
    ids = _pipeline(site)
    ivan = site.client("ivan", lang)
    home = h.tree(ivan.get("/web"))
    assert "CRM" not in h.app_tiles(home) and h.app_tiles(home)  # Contacts stays
    assert ivan.get(f"/web/menu/{site.ids.crm_menu}").status_code == 404
    for url in (f"/web/action/{site.ids.pipeline}/kanban",
                f"/web/action/{site.ids.activities}/list",
                f"/web/action/{site.ids.pipeline}/form/{ids['Chairs']}"):
        refused = ivan.get(url)
        assert refused.status_code == 403, url
        code, title, message = h.error_page(h.tree(refused))
        assert (code, title) == ("403", WORDS[lang]["denied"]) and message
        assert "Chairs" not in h.text(refused)
