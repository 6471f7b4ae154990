"""Partner followers of opportunities: the customer proposed to the composer, and access
that stays the opportunity's (a salesperson sees the followers of what they may read)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from addons.crm.tests.conftest import lead
from core.exceptions import AccessError


def test_the_customer_is_suggested_until_they_follow(crm: SimpleNamespace) -> None:
    deal = lead(crm, partner_id=crm.customer.id, user_id=crm.sam.id)
    suggested = deal.with_user(crm.sam).chatter_read()["suggested_recipients"]
    assert suggested == [{"partner_id": crm.customer.id, "name": "Azure Interior",
                          "email": "info@azure.example", "reason": "Customer"}]
    german = deal.with_user(crm.sam).with_context(lang="de_DE").chatter_read()
    assert german["suggested_recipients"][0]["reason"] == "Kunde"
    assert german["to_followers"] == "Follower von Deal"
    deal.message_subscribe(partner_ids=[crm.customer.id])
    assert deal.with_user(crm.sam).chatter_read()["suggested_recipients"] == []
    assert lead(crm).chatter_read()["suggested_recipients"] == []  # no customer


def test_the_address_of_an_opportunity_without_customer(crm: SimpleNamespace) -> None:
    known = lead(crm, email_from="Anna Berg <anna@azure.example>", user_id=crm.sam.id)
    assert known.chatter_read()["suggested_recipients"] == [{
        "partner_id": crm.contact.id, "name": "Azure Interior, Anna Berg",
        "email": "anna@azure.example", "reason": "Customer Email"}]     # an existing contact
    fresh = lead(crm, email_from="Olaf Ost <olaf@ost.example>", user_id=crm.sam.id)
    assert fresh.chatter_read()["suggested_recipients"] == [{
        "partner_id": "new", "name": "Olaf Ost", "email": "olaf@ost.example",
        "reason": "Customer Email"}]
    partner = fresh._message_create_suggested_partner()
    assert (partner.name, partner.email, fresh.partner_id) == ("Olaf Ost", "olaf@ost.example",
                                                               partner)


def test_followers_of_an_unreadable_opportunity_stay_hidden(crm: SimpleNamespace) -> None:
    theirs = lead(crm, name="Alice's deal", user_id=crm.alice.id)
    mine = lead(crm, name="Sam's deal", user_id=crm.sam.id)
    for deal in theirs | mine:
        deal.message_subscribe(partner_ids=[crm.customer.id])
    followers = crm.env["mail.followers"].with_user(crm.sam)
    visible = followers.search([("res_model", "=", "crm.lead"), ("partner_id", "!=", False)])
    assert visible.mapped("res_id") == [mine.id]
    hidden = crm.env["mail.followers"].search([("res_id", "=", theirs.id),
                                               ("partner_id", "!=", False)])
    with pytest.raises(AccessError):
        followers.browse(hidden.id).read(["partner_id"])
    with pytest.raises(AccessError):
        theirs.with_user(crm.sam).message_subscribe(partner_ids=[crm.contact.id])
    with pytest.raises(AccessError):
        theirs.with_user(crm.sam).chatter_read()
    mine.with_user(crm.sam).message_subscribe(partner_ids=[crm.contact.id])
    assert crm.contact in mine.message_follower_ids.mapped("partner_id")


def test_the_created_message_speaks_the_readers_language(crm: SimpleNamespace) -> None:
    deal = lead(crm, user_id=crm.sam.id)                      # created in English
    created = deal.message_ids.filtered(lambda m: m.subtype_id == crm.env.ref(
        "crm.mt_lead_create"))
    assert len(created) == 1 and not created.body              # no words stored, as Odoo
    bodies = {lang: [str(m["body"]) for m in
                     deal.with_context(lang=lang).chatter_read()["messages"]]
              for lang in ("en_US", "de_DE")}
    assert bodies == {"en_US": ["Opportunity created"], "de_DE": ["Verkaufschance angelegt"]}
