"""Contacts: companies and people, names, addresses, e-mails and who may change them."""

from __future__ import annotations

from typing import Any

import pytest

from addons.contacts.models.contact_tools import clean_website, initials, normalize_email
from core.exceptions import AccessError, ValidationError
from core.testing import new_user


@pytest.fixture
def env(make_env: Any) -> Any:
    return make_env(["contacts"])


def _company(env: Any, name: str = "Azure Interior", **values: Any) -> Any:
    return env["res.partner"].create({"name": name, "is_company": True, **values})


def test_display_name_reads_company_comma_contact(env: Any) -> None:
    company = _company(env)
    anna = env["res.partner"].create({"name": "Anna Berg", "parent_id": company.id})
    invoice = env["res.partner"].create({"type": "invoice", "parent_id": company.id})
    assert anna.display_name == "Azure Interior, Anna Berg"
    assert invoice.display_name == "Azure Interior, Invoice Address"
    company.name = "Azure Interior GmbH"
    assert anna.complete_name == "Azure Interior GmbH, Anna Berg"  # stored, recomputed
    assert env["res.partner"].name_search("Azure Interior GmbH, Anna")[0][0] == anna.id
    assert env["res.partner"].with_context(lang="de_DE").browse(invoice.id).display_name \
        == "Azure Interior GmbH, Invoice Address"  # stored in the language of the change


def test_commercial_partner_is_the_top_company(env: Any) -> None:
    company = _company(env)
    department = env["res.partner"].create({"name": "Purchasing", "parent_id": company.id})
    person = env["res.partner"].create({"name": "Anna", "parent_id": department.id})
    assert person.commercial_partner_id == company
    assert company.commercial_partner_id == company
    department.is_company = True
    assert person.commercial_partner_id == department
    with pytest.raises(ValidationError):
        company.parent_id = person


def test_company_type_switch(env: Any) -> None:
    partner = env["res.partner"].create({"name": "Solo", "company_type": "company"})
    assert partner.is_company and partner.company_type == "company"
    result = partner.onchange({"company_type": "person"}, ["company_type"], ["is_company"])
    assert result["value"]["is_company"] is False


def test_contacts_live_at_their_company_address(env: Any) -> None:
    company = _company(env, street="Hauptstraße 12", zip="10115", city="Berlin",
                       country_id=env.ref("base.de").id)
    anna = env["res.partner"].create({"name": "Anna", "parent_id": company.id})
    delivery = env["res.partner"].create({"name": "Depot", "type": "delivery",
                                          "parent_id": company.id, "city": "Potsdam"})
    own = env["res.partner"].create({"name": "Remote", "parent_id": company.id,
                                     "city": "Köln"})
    assert (anna.street, anna.city, anna.country_id) == ("Hauptstraße 12", "Berlin",
                                                         env.ref("base.de"))
    company.write({"street": "Unter den Linden 1", "zip": "10117"})
    assert (anna.street, anna.zip) == ("Unter den Linden 1", "10117")
    assert own.street == "Unter den Linden 1"  # contacts follow the company
    assert delivery.city == "Potsdam" and not delivery.street  # other addresses do not
    other = _company(env, "Other", city="Hamburg")
    anna.parent_id = other
    assert anna.city == "Hamburg" and not anna.street
    assert "Hamburg" in anna.contact_address


def test_email_normalisation_and_duplicates(env: Any) -> None:
    assert normalize_email('"Berg, Anna" <Anna.Berg@Example.COM>') == "anna.berg@example.com"
    assert normalize_email("anna@example.com, bob@example.com") == "anna@example.com"
    assert normalize_email("not an address") is None and normalize_email("") is None
    first = env["res.partner"].create({"name": "Anna", "email": " Anna.Berg@Example.com "})
    assert first.email == "Anna.Berg@Example.com"
    assert first.email_normalized == "anna.berg@example.com"
    second = env["res.partner"].create({"name": "A. Berg", "email": "<anna.berg@example.com>"})
    assert second.same_email_partner_id == first and first.same_email_partner_id == second
    assert env["res.partner"].search([("email_normalized", "=", "anna.berg@example.com")]) \
        == first | second
    result = env["res.partner"].onchange({"name": "New", "email": "ANNA.berg@example.com"},
                                         ["email"], ["same_email_partner_id"])
    assert result["warning"]["title"] == "Duplicate e-mail address"
    assert "already uses the e-mail address anna.berg@example.com" in \
        result["warning"]["message"]
    clean = env["res.partner"].onchange({"name": "New", "email": "new@example.com"},
                                        ["email"], ["same_email_partner_id"])
    assert clean["warning"] is False


def test_website_gets_a_scheme(env: Any) -> None:
    assert clean_website("www.example.com") == "https://www.example.com"
    assert clean_website("http://example.com") == "http://example.com"
    partner = env["res.partner"].create({"name": "W", "website": "example.com"})
    assert partner.website == "https://example.com"
    partner.website = "shop.example.com/de"
    assert partner.website == "https://shop.example.com/de"


def test_initials_and_names(env: Any) -> None:
    assert initials("Anna Berg") == "AB" and initials("azure") == "A" and initials("") == "?"
    assert _company(env, "Gemini Furniture KG").avatar_initials == "GF"
    with pytest.raises(ValidationError):
        env["res.partner"].create({"type": "contact"})


def test_rights_internal_users_read_partner_managers_write(env: Any) -> None:
    reader = new_user(env, "reader")
    manager = new_user(env, "pmanager", groups=("base.group_user", "base.group_partner_manager"))
    company = _company(env)
    assert company.with_user(reader).read(["name"])[0]["name"] == "Azure Interior"
    with pytest.raises(AccessError):
        env["res.partner"].with_user(reader).create({"name": "Nope"})
    with pytest.raises(AccessError):
        company.with_user(reader).write({"name": "Nope"})
    created = env["res.partner"].with_user(manager).create({"name": "Yes"})
    created.with_user(manager).unlink()


def test_contacts_have_a_chatter(env: Any) -> None:
    partner = _company(env)
    partner.message_post(body="Met at the fair")
    assert "Met at the fair" in partner.message_ids[0].body
    lang = env["res.partner"].with_context(lang="de_DE")
    assert lang.fields_get(["function"])["function"]["string"] == "Position"
    assert env.ref("contacts.menu_contacts").with_context(lang="de_DE").name == "Kontakte"
