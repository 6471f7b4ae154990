"""Header buttons and the status bar of the opportunity form write only what the user
changed (issue 14 point 3), as a salesperson in English and German.

A stage clicked in the form's status bar is a stage change as on the kanban: the
probability follows the stage automatically; a button pressed on an unchanged form writes
nothing, so "Last Stage Update" and "Assignment Date" keep their dates.
"""

from __future__ import annotations

from typing import Any

import pytest

from addons.crm.tests import http_helpers as h
from addons.crm.tests.test_http_form import LANGS, deal, form_url, open_form

OLD = "2020-01-02 03:04:05"
AUTOMATIC = '//button[@name="__call"][@value="action_set_automated_probability"]'


def _aged(site: h.CrmSite, lead: int) -> None:
    """Dates of long ago, so that a rewrite shows."""
    site.run(lambda env: env["crm.lead"].browse(lead).write(
        {"date_open": OLD, "date_last_stage_update": OLD}))


def _dates(site: h.CrmSite, lead: int) -> tuple[str, str]:
    def read(env: Any) -> tuple[str, str]:
        values = env["crm.lead"].browse(lead).read(["date_open", "date_last_stage_update"])
        return values[0]["date_open"], values[0]["date_last_stage_update"]
    return site.run(read)


def _probability(site: h.CrmSite, lead: int) -> tuple[float, float, bool]:
    def read(env: Any) -> tuple[float, float, bool]:
        record = env["crm.lead"].browse(lead)
        return record.probability, record.automated_probability, \
            record.is_automated_probability
    return site.run(read)


@pytest.mark.parametrize("lang", LANGS)
def test_status_bar_stage_keeps_the_probability_automatic(site: h.CrmSite, lang: str
                                                          ) -> None:
    lead = deal(site)
    site.run(lambda env: env["crm.lead"].browse(lead).write({"probability": 37.0}))
    site.run(lambda env: env["crm.lead"].browse(lead).action_set_automated_probability())
    before = _probability(site, lead)
    assert before[2] and before[0] != 37.0
    sam = site.client("sam", lang)
    page, _doc = open_form(sam, site, lead)
    proposition = site.ids.stages[2]
    response = h.submit(sam, form_url(site, lead), page, press=("__status", str(proposition)))
    assert response.status_code == 303
    probability, automated, is_automated = _probability(site, lead)
    assert site.read(lead, "stage_id")[0].id == proposition
    assert is_automated and probability == automated
    _page, doc = open_form(sam, site, lead)
    assert not doc.xpath(AUTOMATIC)          # no "Back to automatic": still automatic


@pytest.mark.parametrize("lang", LANGS)
def test_status_bar_stage_keeps_a_manual_probability(site: h.CrmSite, lang: str) -> None:
    lead = deal(site, probability=37.0)
    sam = site.client("sam", lang)
    page, _doc = open_form(sam, site, lead)
    response = h.submit(sam, form_url(site, lead), page,
                        press=("__status", str(site.ids.stages[1])))
    assert response.status_code == 303
    assert _probability(site, lead)[0] == 37.0
    assert site.read(lead, "stage_id")[0].id == site.ids.stages[1]


@pytest.mark.parametrize("lang", LANGS)
def test_button_on_an_unchanged_form_writes_nothing(site: h.CrmSite, lang: str) -> None:
    lead = deal(site)
    _aged(site, lead)
    sam = site.client("sam", lang)
    page, doc = open_form(sam, site, lead)
    lost = doc.xpath('//button[@name="__action"]/@value')[0]      # Mark Lost
    response = h.submit(sam, form_url(site, lead), page, press=("__action", lost))
    assert response.status_code == 303
    assert _dates(site, lead) == (OLD, OLD)
    page, _doc = open_form(sam, site, lead)
    response = h.submit(sam, form_url(site, lead), page)            # a plain Save, too
    assert response.status_code == 303
    assert _dates(site, lead) == (OLD, OLD)


@pytest.mark.parametrize("lang", LANGS)
def test_button_writes_the_fields_the_user_changed(site: h.CrmSite, lang: str) -> None:
    lead = deal(site)
    _aged(site, lead)
    sam = site.client("sam", lang)
    page, doc = open_form(sam, site, lead)
    lost = doc.xpath('//button[@name="__action"]/@value')[0]
    response = h.submit(sam, form_url(site, lead), page, press=("__action", lost),
                        name="Office Design (2 rooms)")
    assert response.status_code == 303
    assert site.read(lead, "name") == ("Office Design (2 rooms)",)
    assert _dates(site, lead) == (OLD, OLD)
