"""The opportunity form and the Sales Teams overview as users read them, in English and
German (issue 6): header buttons, tabs, ribbons, the Action menu by access level, the
chatter's tracking, saving and refusing bad input; one card per team with its chart.

Served through the werkzeug test client from a database of this module's own, emptied of
opportunities before each test (see :class:`addons.crm.tests.http_helpers.CrmSite`).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from addons.crm.tests import http_helpers as h

LANGS = ["en_US", "de_DE"]
WORDS = {
    "en_US": {
        "stages": ["New", "Qualified", "Proposition", "Won"],
        "buttons": ["Mark Won", "Mark Lost"], "restore": "Restore",
        "confirm_lost": "Mark as Lost",
        "tabs": ["Internal Notes", "Extra Information"], "won": "Won", "lost": "Lost",
        "actions": ["Archive", "Duplicate"], "delete": "Delete", "stage": "Stage",
        "probability_error": "The probability of closing the deal should be between 0% "
                             "and 100%!",
        "open_opportunities": "Open Opportunities", "new_opportunities": "New Opportunities",
        "sales_teams": "Sales Teams",
        "first_deal": "Go, go, go! Congrats for your first deal.",
        "week": r"[A-Z][a-z]{2} \d{1,2}",  # Nov 23
    },
    "de_DE": {
        "stages": ["Neu", "Qualifiziert", "Angebot", "Gewonnen"],
        "buttons": ["Als gewonnen markieren", "Als verloren markieren"],
        "restore": "Wiederherstellen", "confirm_lost": "Als verloren markieren",
        "tabs": ["Interne Notizen", "Weitere Informationen"], "won": "Gewonnen",
        "lost": "Verloren", "actions": ["Archivieren", "Duplizieren"], "delete": "Löschen",
        "stage": "Stufe",
        "probability_error": "Die Wahrscheinlichkeit eines Abschlusses muss zwischen 0 % "
                             "und 100 % liegen.",
        "open_opportunities": "Offene Verkaufschancen",
        "sales_teams": "Verkaufsteams",
        "first_deal": "Los, los, los! Glückwunsch zu Ihrem ersten Abschluss.",
        "new_opportunities": "Neue Verkaufschancen",
        "week": r"\d{1,2}\. \w{3,4}\.?",  # 23. Nov.
    },
}


def form_url(site: h.CrmSite, lead_id: int) -> str:
    return f"/web/action/{site.ids.pipeline}/form/{lead_id}"


def save(site: h.CrmSite, client: Any, lead_id: int, **changes: Any) -> Any:
    """Open the opportunity's form and post it back with ``changes`` (``press``: a button)."""
    page, _doc = open_form(client, site, lead_id)
    return h.submit(client, form_url(site, lead_id), page, **changes)


def open_form(client: Any, site: h.CrmSite, lead_id: int) -> tuple[str, Any]:
    response = client.get(form_url(site, lead_id))
    assert response.status_code == 200
    return h.text(response), h.tree(response)


NOTE = '//div[@role="status"][contains(concat(" ", @class, " "), " note ")]'


def deal(site: h.CrmSite, **values: Any) -> int:
    return site.lead("Office Design", user_id=site.ids.sam, partner_id=site.ids.customer,
                     stage_id=site.ids.stages[0], expected_revenue=1000, **values)


# -- the form -------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("login", ["sam", "max"])
def test_form_header_tabs_and_action_menu(site: h.CrmSite, login: str, lang: str) -> None:
    words = WORDS[lang]
    lead = deal(site)
    client = site.client(login, lang)
    _page, doc = open_form(client, site, lead)
    assert h.header_buttons(doc) == words["buttons"]
    assert h.notebook_tabs(doc) == words["tabs"]
    assert h.statusbar(doc) == (words["stages"], words["stages"][0])
    assert h.ribbons(doc) == []
    expected = words["actions"] + ([words["delete"]] if login == "max" else [])
    assert h.action_menu(doc) == expected
    if login == "sam":  # no Delete in the menu, and the request itself is refused
        refused = client.post(f"{form_url(site, lead)}/op", {"op": "delete", "confirmed": "1"})
        assert refused.status_code == 403
        assert site.read(lead, "name") == ("Office Design",)


@pytest.mark.parametrize("lang", LANGS)
def test_mark_won_shows_the_won_ribbon(site: h.CrmSite, lang: str) -> None:
    words = WORDS[lang]
    lead = deal(site)
    sam = site.client("sam", lang)
    response = save(site, sam, lead, press=("__call", "action_set_won_rainbowman"))
    assert response.status_code == 303
    doc = h.tree(h.follow(sam, response))
    assert h.ribbons(doc) == [words["won"]]
    assert h.header_buttons(doc) == words["buttons"][1:]  # Mark Lost stays, Mark Won goes
    assert h.statusbar(doc)[1] == words["won"]
    assert site.read(lead, "won_status", "probability") == ("won", 100.0)
    assert h.texts(doc, NOTE) == [
        words["first_deal"]]                              # the congratulation, once
    again = h.tree(sam.get(form_url(site, lead)))
    assert not again.xpath(NOTE)
    forged = response.headers["Location"].replace("note=", "note=Call+us+at+0900-", 1)
    assert not h.tree(h.follow(sam, sam.get(forged))).xpath(NOTE)


@pytest.mark.parametrize("lang", LANGS)
def test_mark_lost_through_its_dialog_shows_the_lost_ribbon(site: h.CrmSite,
                                                             lang: str) -> None:
    words = WORDS[lang]
    lead = deal(site)
    sam = site.client("sam", lang)
    page, doc = open_form(sam, site, lead)
    lost_button = doc.xpath('//div[@class="header-buttons"]/button')[1]
    response = h.submit(sam, form_url(site, lead), page,
                        press=(lost_button.get("name"), lost_button.get("value")))
    dialog = h.follow(sam, response)
    assert dialog.status_code == 200, h.text(dialog)[:300]
    dialog_page = h.text(dialog)
    confirm = h.tree(dialog).xpath('//form[@id="record-form"]//button[@name="__call"] | '
                                   '//button[@form="record-form"][@name="__call"]')
    assert [b.get("value") for b in confirm] == ["action_lost_reason_apply"]
    assert [h.clean(b.text_content()) for b in confirm] == [words["confirm_lost"]]
    response = h.submit(sam, h.url_of(dialog), dialog_page,
                        press=("__call", "action_lost_reason_apply"))
    assert response.status_code == 303
    doc = h.tree(h.follow(sam, response))
    assert h.ribbons(doc) == [words["lost"]]
    assert h.header_buttons(doc) == [words["restore"]]
    assert site.read(lead, "active", "won_status") == (False, "lost")


@pytest.mark.parametrize("lang", LANGS)
def test_stage_change_is_tracked_in_the_chatter(site: h.CrmSite, lang: str) -> None:
    words = WORDS[lang]
    lead = deal(site)
    sam = site.client("sam", lang)
    qualified = site.ids.stages[1]
    response = save(site, sam, lead, press=("__status", str(qualified)))
    assert response.status_code == 303
    doc = h.tree(h.follow(sam, response))
    assert h.statusbar(doc)[1] == words["stages"][1]
    new, qualified_label = words["stages"][:2]
    assert f"{words['stage']}: {new} → {qualified_label}" in h.tracking(doc)
    assert site.read(lead, "stage_id")[0].id == qualified


@pytest.mark.parametrize("lang", LANGS)
def test_saving_the_form_changes_the_expected_revenue(site: h.CrmSite, lang: str) -> None:
    lead = deal(site)
    sam = site.client("sam", lang)
    page, doc = open_form(sam, site, lead)
    shown = doc.xpath('string(//input[@name="expected_revenue"]/@value)')
    assert shown == {"en_US": "1000.00", "de_DE": "1000,00"}[lang]
    response = h.submit(sam, form_url(site, lead), page,
                        expected_revenue=h.money(12345.5, lang))
    assert response.status_code == 303
    assert site.read(lead, "expected_revenue") == (12345.5,)
    kanban = h.tree(sam.get(f"/web/action/{site.ids.pipeline}/kanban"))
    assert h.cards(kanban)["Office Design"]["expected_revenue"] == h.money(12345.5, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_bad_probability_is_refused_in_the_users_language(site: h.CrmSite, lang: str) -> None:
    lead = deal(site)
    before = site.read(lead, "probability", "expected_revenue", "write_date")
    sam = site.client("sam", lang)
    response = save(site, sam, lead, probability="150", expected_revenue="777")
    assert response.status_code == 422
    doc = h.tree(response)
    assert WORDS[lang]["probability_error"] in h.form_message(doc)
    assert doc.xpath('string(//input[@name="probability"]/@value)') == "150"
    assert site.read(lead, "probability", "expected_revenue", "write_date") == before


# -- Sales › Sales Teams --------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_sales_teams_overview_cards_and_chart(site: h.CrmSite, lang: str) -> None:
    words = WORDS[lang]
    ids = site.ids
    site.lead("A", user_id=ids.sam, team_id=ids.europe, expected_revenue=1000)
    site.lead("B", user_id=ids.sam, team_id=ids.europe, expected_revenue=500)
    site.lead("C", user_id=False, team_id=ids.europe, expected_revenue=250)
    site.lead("D", user_id=ids.alice, team_id=ids.america, expected_revenue=4000)
    site.lead("Won", user_id=ids.sam, team_id=ids.europe, expected_revenue=9999, won=True)
    for login, europe in (("max", (3, 1750)), ("sam", (3, 1750))):
        client = site.client(login, lang)
        doc = h.tree(client.get(f"/web/action/{ids.teams}/kanban"))
        cards = h.cards(doc)
        assert {"Europe", "America"} <= set(cards)
        figures = h.spoken(doc.xpath('//article[@aria-label="Europe"]'
                                     '//div[@class="o_team_figures"]')[0])
        count, amount = europe
        assert f"{count} {words['open_opportunities']} {h.money(amount, lang)}" in figures
        america = h.cards(doc)["America"]
        assert america["opportunities_count"] == ("1" if login == "max" else "0")
        chart = doc.xpath('//article[@aria-label="Europe"]//svg[@class="o_dashboard_graph"]')[0]
        assert chart.get("role") == "img"
        assert chart.get("aria-label").startswith(words["new_opportunities"] + " — ")
        bars = chart.xpath('.//rect[contains(@class, "bar")]')
        assert len(bars) == 4  # the last four weeks, this one last
        heights = [float(bar.get("height")) for bar in bars]
        assert heights[-1] > 0 and heights[:3] == [0, 0, 0]
        assert re.search(r": 4$", h.clean(bars[-1].xpath("string(title)")))
        labels = chart.xpath('.//text[contains(@class, "bar-label")]')
        assert [label.get("text-anchor") for label in labels] == ["middle"] * 4
        assert all(re.fullmatch(words["week"], label.text) for label in labels)
        values = chart.xpath('.//text[contains(@class, "bar-value")]/text()')
        assert values == ["0", "0", "0", "4"]


@pytest.mark.parametrize("lang", LANGS)
def test_team_card_pipeline_button_opens_the_team_pipeline(site: h.CrmSite, lang: str) -> None:
    ids = site.ids
    site.lead("Europe deal", user_id=ids.sam, team_id=ids.europe)
    site.lead("America deal", user_id=ids.alice, team_id=ids.america)
    client = site.client("max", lang)
    doc = h.tree(client.get(f"/web/action/{ids.teams}/kanban"))
    form = doc.xpath('//article[@aria-label="Europe"]//form[@class="card-button"]')[0]
    assert h.clean(form.xpath("string(.//button)")) == "Pipeline"
    pairs = [(i.get("name"), i.get("value")) for i in form.xpath(".//input")]
    response = client.post(form.get("action"), pairs)
    assert response.status_code == 303
    pipeline = h.tree(client.get(response.headers["Location"], follow_redirects=True))
    names = [card for column in h.columns(pipeline) for card in column["cards"]]
    assert "Europe deal" in names and "America deal" not in names
    assert list(h.facets(pipeline)) == ["Europe"]        # the team's, not "My Pipeline"
    crumbs = [h.clean(li.text_content())
              for li in pipeline.xpath('//nav[@class="breadcrumb"]//li')]
    assert crumbs == [WORDS[lang]["sales_teams"], "Pipeline"]
    new_href = pipeline.xpath('//div[@class="cp-buttons"]/a[contains(@class, "btn-primary")]'
                              '/@href')[0]
    new_form = h.tree(client.get(new_href))           # a new opportunity lands in the team
    assert new_form.xpath('string(//select[@name="team_id"]/option[@selected]/@value)') == \
        str(ids.europe)
    refused = client.post(form.get("action"), [*pairs[:1], ("method", "unlink"),
                                               ("view", "kanban")])
    assert refused.status_code == 400
