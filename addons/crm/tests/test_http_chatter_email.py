"""The opportunity's "Send message" reaches the customer by e-mail, as users see it in
English and German: "To: Followers of …", the customer proposed with a checkbox (not
checkable without an e-mail address), the follower list, and a mail server that fails.

Served through the werkzeug test client from a database of this module's own
(:class:`addons.crm.tests.http_helpers.CrmSite`); mail goes to the local SMTP stand-in.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from addons.crm.tests import http_helpers as h
from tests.smtp_stub import smtp_server
from tests.web.forms import form_inputs

WORDS = {
    "en_US": {"to": "To: Followers of Office Design", "suggested": "Also add as followers",
              "customer": "Azure Interior <info@azure.example> (Customer)",
              "mute": "Silent Ltd (Customer)",
              "hint": "No e-mail address: add one to the contact to send them messages.",
              "failed": "Not delivered by e-mail:",
              "error": "Azure Interior <info@azure.example>: The e-mail could not be sent "
                       "through 127.0.0.1"},
    "de_DE": {"to": "An: Follower von Office Design", "suggested": "Auch als Follower "
              "hinzufügen", "customer": "Azure Interior <info@azure.example> (Kunde)",
              "mute": "Silent Ltd (Kunde)",
              "hint": "Keine E-Mail-Adresse: Hinterlegen Sie eine beim Kontakt, um ihm "
                      "Nachrichten zu senden.",
              "failed": "Nicht per E-Mail zugestellt:",
              "error": "Azure Interior <info@azure.example>: Die E-Mail konnte nicht über "
                       "127.0.0.1 gesendet werden"},
}
COMPOSER = '//form[@id="chatter-post"]'


@pytest.fixture
def site(site: h.CrmSite) -> Iterator[h.CrmSite]:
    """The module's site (conftest), without a mail server again after each test."""
    yield site
    site.run(lambda env: [env["ir.config_parameter"].set_param(key, False)
                              for key in ("mail.smtp.host", "mail.smtp.port")])


def configure(site: h.CrmSite, port: int) -> None:
    def write(env: Any) -> None:
        env["ir.config_parameter"].set_param("mail.smtp.host", "127.0.0.1")
        env["ir.config_parameter"].set_param("mail.smtp.port", str(port))
        env["res.users"].browse(site.ids.sam).email = "sam@erp.example"
        env["res.partner"].browse(site.ids.customer).email = "info@azure.example"
    site.run(write)


def deal(site: h.CrmSite, **values: Any) -> int:
    return site.lead("Office Design", **{"user_id": site.ids.sam,
                                         "partner_id": site.ids.customer, **values})


def form_url(site: h.CrmSite, lead_id: int) -> str:
    return f"/web/action/{site.ids.pipeline}/form/{lead_id}"


def suggestions(doc: Any) -> list[tuple[str, bool, bool]]:
    """(label, checked, disabled) of the suggested recipients."""
    return [(h.clean(label.text_content()), box.get("checked") is not None,
             box.get("disabled") is not None)
            for label in doc.xpath(f'{COMPOSER}//div[@class="suggested-recipient"]/label')
            for box in label.xpath("./input")]


def compose(client: Any, url: str, page: str, body: str) -> Any:
    pairs = [(k, v) for k, v in form_inputs(page, "chatter-post") if k != "body"]
    return client.post(h.tree(page).xpath(COMPOSER)[0].get("action"),
                       [*pairs, ("body", body), ("kind", "message")])


def chatter_of(site: h.CrmSite, lead_id: int) -> tuple[list[str], list[str]]:
    """(message bodies, partner follower names) of the opportunity."""
    def read(env: Any) -> tuple[list[str], list[str]]:
        lead = env["crm.lead"].browse(lead_id)
        return ([m.body for m in lead.message_ids if m.message_type == "comment"],
                lead.message_follower_ids.mapped("partner_id.name"))
    return site.run(read)


@pytest.mark.parametrize("lang", ["en_US", "de_DE"])
def test_the_customer_is_proposed_and_gets_the_message(site: h.CrmSite, lang: str) -> None:
    words = WORDS[lang]
    lead = deal(site)
    with smtp_server() as (port, received):
        configure(site, port)
        client = site.client("sam", lang)
        page = h.text(client.get(form_url(site, lead)))
        doc = h.tree(page)
        assert h.texts(doc, f'{COMPOSER}/p[@class="chatter-to"]') == [words["to"]]
        assert h.texts(doc, f"{COMPOSER}//legend") == [words["suggested"]]
        assert suggestions(doc) == [(words["customer"], True, False)]
        response = compose(client, form_url(site, lead), page, "Your offer is attached.")
        assert response.status_code == 303
    assert [r for _s, r, _m in received] == [["info@azure.example"]]
    assert received[0][2]["From"] == "Sam <sam@erp.example>"
    assert received[0][2]["Subject"] == "Office Design"
    bodies, partners = chatter_of(site, lead)
    assert bodies[0] == "Your offer is attached." and partners == ["Azure Interior"]
    doc = h.tree(client.get(form_url(site, lead)))
    assert suggestions(doc) == []  # follows now: listed with the other followers
    assert "Azure Interior <info@azure.example>" in h.texts(
        doc, '//li[contains(@class, "follower-partner")]')[0]


@pytest.mark.parametrize("lang", ["en_US", "de_DE"])
def test_a_customer_without_email_cannot_be_checked(site: h.CrmSite, lang: str) -> None:
    words = WORDS[lang]
    mute = site.run(lambda env: env["res.partner"].create({"name": "Silent Ltd"}).id)
    lead = deal(site, partner_id=mute)
    doc = h.tree(site.client("max", lang).get(form_url(site, lead)))
    assert suggestions(doc) == [(words["mute"], False, True)]
    box = doc.xpath(f'{COMPOSER}//input[@name="partner_ids"]')[0]
    hint = doc.xpath(f'//*[@id="{box.get("aria-describedby")}"]')[0]
    assert h.clean(hint.text_content()) == words["hint"]


@pytest.mark.parametrize("lang", ["en_US", "de_DE"])
def test_a_failing_mail_server_keeps_the_message_and_marks_it(site: h.CrmSite, lang: str
                                                              ) -> None:
    """The e-mail is sent after the post commits: the post succeeds, and the message shows
    that the server refused its e-mail, with the reason, in the reader's language."""
    words = WORDS[lang]
    lead = deal(site)
    with smtp_server() as (port, _received):
        closed = port
    configure(site, closed)
    client = site.client("sam", lang)
    page = h.text(client.get(form_url(site, lead)))
    response = compose(client, form_url(site, lead), page, "Please <call> me")
    assert response.status_code == 303
    assert chatter_of(site, lead) == (["Please &lt;call&gt; me"], ["Azure Interior"])
    doc = h.tree(client.get(form_url(site, lead)))
    failed = doc.xpath('//div[@class="message-failed"]')
    assert len(failed) == 1
    assert h.clean(failed[0].text_content()).startswith("✉ " + words["failed"])
    assert h.texts(failed[0], ".//li")[0].startswith(words["error"])


def test_a_partner_follower_is_removed_by_who_may_write(site: h.CrmSite) -> None:
    lead = deal(site)
    site.run(lambda env: env["crm.lead"].browse(lead).message_subscribe(
        partner_ids=[site.ids.customer]))
    client = site.client("sam")
    doc = h.tree(client.get(form_url(site, lead)))
    remove = doc.xpath('//li[contains(@class, "follower-partner")]//form')[0]
    response = client.post(remove.get("action"), {"back": form_url(site, lead)})
    assert response.status_code == 303
    assert chatter_of(site, lead)[1] == []
    ivan = site.client("ivan")  # no Sales rights: neither reads nor removes
    other = deal(site)
    follower = site.run(lambda env: env["crm.lead"].browse(other).message_subscribe(
        partner_ids=[site.ids.customer]) and env["mail.followers"].search(
        [("res_id", "=", other), ("partner_id", "!=", False)]).id)
    refused = ivan.post(f"/mail/chatter/crm.lead/{other}/followers/{follower}/remove", {})
    assert refused.status_code in (403, 404)
    assert chatter_of(site, other)[1] == ["Azure Interior"]


@pytest.mark.parametrize("lang", ["en_US", "de_DE"])
def test_writing_to_an_opportunity_without_customer_makes_the_customer(site: h.CrmSite,
                                                                        lang: str) -> None:
    reason = {"en_US": "Customer Email", "de_DE": "Kunden-E-Mail"}[lang]
    email = f"petra.{lang.lower()}@nordwind.example"   # the site keeps its contacts
    lead = site.lead("Nordwind fleet", user_id=site.ids.sam, partner_id=False,
                     partner_name="Nordwind Logistik GmbH", contact_name="Petra Nord",
                     email_from=email)
    with smtp_server() as (port, received):
        configure(site, port)
        client = site.client("sam", lang)
        page = h.text(client.get(form_url(site, lead)))
        assert suggestions(h.tree(page)) == [
            (f"Petra Nord <{email}> ({reason})", True, False)]
        assert compose(client, form_url(site, lead), page, "Hello Petra").status_code == 303
    assert [r for _s, r, _m in received] == [[email]]

    def customer(env: Any) -> tuple[str, str, str, list[str]]:
        record = env["crm.lead"].browse(lead)
        partner = record.partner_id
        return (partner.name, partner.parent_id.name, partner.email,
                record.message_follower_ids.mapped("partner_id.name"))
    assert site.run(customer) == ("Petra Nord", "Nordwind Logistik GmbH",
                                  email, ["Petra Nord"])
