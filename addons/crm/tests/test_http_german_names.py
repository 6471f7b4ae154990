"""German complete (issue 14 point 9): the access-denied page and the "created" note name
the model by its description in the user's language ("Interessent/Verkaufschance", "Kontakt")."""

from __future__ import annotations

import pytest

from addons.crm.tests import http_helpers as h

DENIED = {"en_US": "'Lead/Opportunity' (crm.lead)", "de_DE": "'Interessent/Verkaufschance' (crm.lead)"}


@pytest.mark.parametrize("lang", ["en_US", "de_DE"])
def test_access_denied_names_the_model_in_the_users_language(site: h.CrmSite, lang: str) -> None:
    alice = site.run(lambda env: env["crm.lead"].create({
        "name": "Alice Deal", "type": "opportunity",
        "user_id": env["res.users"].search([("login", "=", "alice")]).id}).id)
    refused = site.client("sam", lang).get(f"/web/action/{site.ids.pipeline}/form/{alice}")
    assert refused.status_code == 403
    message = h.error_page(h.tree(refused))[2]
    assert DENIED[lang] in message, message


CREATED = {"en_US": "Contact created", "de_DE": "Kontakt angelegt"}


@pytest.mark.parametrize("lang", ["en_US", "de_DE"])
def test_contact_created_note_speaks_the_users_language(site: h.CrmSite, lang: str) -> None:
    sam = site.client("sam", lang)
    action = site.run(lambda env: env.ref("contacts.action_contacts").id)
    url = f"/web/action/{action}/form/new"
    response = h.follow(sam, h.submit(sam, url, h.text(sam.get(url)), name=f"Gretchen {lang}"))
    assert response.status_code == 200
    assert CREATED[lang] in h.text(response), h.text(response)[-3000:]
