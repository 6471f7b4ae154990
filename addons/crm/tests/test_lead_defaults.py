"""Defaults and computes of an opportunity (CRM_SPEC §2.2): team, stage, contact data."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from addons.crm.tests.conftest import lead
from core.exceptions import ValidationError


def test_salesperson_brings_the_team_and_the_team_the_first_stage(crm: SimpleNamespace) -> None:
    opportunity = lead(crm, user_id=crm.sam.id)
    assert opportunity.team_id == crm.europe
    assert opportunity.stage_id == crm.stages.new
    assert opportunity.date_open and opportunity.date_last_stage_update
    opportunity.user_id = False  # clearing the salesperson keeps the team
    assert opportunity.team_id == crm.europe and not opportunity.date_open


def test_team_kept_when_the_salesperson_is_a_member(crm: SimpleNamespace) -> None:
    opportunity = lead(crm, user_id=crm.alice.id, team_id=crm.america.id)
    assert opportunity.team_id == crm.america
    opportunity.user_id = crm.sam  # not in America: Sam's team
    assert opportunity.team_id == crm.europe
    opportunity.write({"user_id": crm.alice.id})  # member of Europe too: kept
    assert opportunity.team_id == crm.europe
    leader = lead(crm, user_id=crm.max.id)
    crm.america.user_id = crm.max
    leader.write({"user_id": crm.sam.id})
    leader.write({"user_id": crm.max.id})
    assert leader.team_id == crm.america  # the team a user leads comes first


def test_context_team_for_a_user_without_team(crm: SimpleNamespace) -> None:
    opportunity = crm.env["crm.lead"].with_context(default_team_id=crm.america.id).create(
        {"name": "Deal", "user_id": crm.ivan.id})
    assert opportunity.team_id == crm.america


def test_team_stages_and_folded_stages(crm: SimpleNamespace) -> None:
    stages = crm.env["crm.stage"]
    own = stages.create({"name": "Europe first", "sequence": 0, "team_id": crm.europe.id})
    stages.create({"name": "Folded", "sequence": 0, "fold": True})
    european = lead(crm, user_id=crm.sam.id)
    american = lead(crm, team_id=crm.america.id, user_id=False)
    assert european.stage_id == own and american.stage_id == crm.stages.new
    european.team_id = crm.america  # the stage of the old team goes with it
    assert european.stage_id == crm.stages.new
    with pytest.raises(ValidationError, match="belongs to the sales team Europe"):
        american.stage_id = own
    assert american.stage_id == crm.stages.new
    created = lead(crm, stage_id=own.id, user_id=False)
    assert created.team_id == crm.europe  # the team is taken from the stage


def test_pipeline_columns_group_expand(crm: SimpleNamespace) -> None:
    own = crm.env["crm.stage"].create({"name": "US only", "team_id": crm.america.id})
    lead(crm, user_id=crm.sam.id)
    groups = crm.env["crm.lead"].read_group([], ["expected_revenue:sum"], ["stage_id"])
    names = [g["stage_id"][1] for g in groups]
    assert names == ["New", "Qualified", "Proposition", "Won"]
    with_team = crm.env["crm.lead"].with_context(default_team_id=crm.america.id).read_group(
        [], ["expected_revenue:sum"], ["stage_id"])
    assert own.name in [g["stage_id"][1] for g in with_team]


def test_customer_fills_the_contact_data(crm: SimpleNamespace) -> None:
    opportunity = lead(crm, partner_id=crm.contact.id)
    assert (opportunity.contact_name, opportunity.partner_name) == ("Anna Berg",
                                                                    "Azure Interior")
    assert (opportunity.email_from, opportunity.function, opportunity.mobile) == (
        "anna@azure.example", "Buyer", "+49 170 1111111")
    assert not opportunity.phone  # Anna has no phone of her own
    assert (opportunity.street, opportunity.city, opportunity.country_id) == (
        "Hauptstraße 12", "Berlin", crm.env.ref("base.de"))
    assert opportunity.lang_id.code == "en_US"  # Anna's own language
    company = lead(crm, partner_id=crm.customer.id)
    assert company.partner_name == "Azure Interior" and not company.contact_name
    assert company.website == "https://azure.example"
    assert company.lang_id.code == "de_DE"


def test_address_is_copied_all_or_nothing(crm: SimpleNamespace) -> None:
    opportunity = lead(crm, street="Own street 1", city="Köln", zip="50667")
    nowhere = crm.env["res.partner"].create({"name": "No Address", "email": "n@x.example"})
    opportunity.partner_id = nowhere  # no address at all: the opportunity keeps its own
    assert (opportunity.street, opportunity.city) == ("Own street 1", "Köln")
    elsewhere = crm.env["res.partner"].create({"name": "City only", "city": "Bonn"})
    opportunity.partner_id = elsewhere  # any address: all six fields from the customer
    assert (opportunity.street, opportunity.city, opportunity.zip) == (False, "Bonn", False)


def test_values_typed_on_the_opportunity_are_kept(crm: SimpleNamespace) -> None:
    opportunity = lead(crm, partner_id=crm.customer.id, contact_name="Somebody")
    assert opportunity.contact_name == "Somebody"
    opportunity.write({"function": "CEO"})
    opportunity.write({"name": "Renamed"})
    assert opportunity.function == "CEO" and opportunity.contact_name == "Somebody"


def test_email_and_phone_are_written_back_with_a_warning(crm: SimpleNamespace) -> None:
    opportunity = lead(crm, partner_id=crm.customer.id)
    result = opportunity.onchange({"email_from": "sales@azure.example"}, ["email_from"],
                                  ["ribbon_message"])
    assert result["value"]["ribbon_message"] == (
        "By saving this change, the customer email will also be updated.")
    both = opportunity.onchange({"email_from": "sales@azure.example", "phone": "+49 30 999"},
                                ["phone"], ["ribbon_message"])
    assert "email and phone number" in both["value"]["ribbon_message"]
    assert not opportunity.ribbon_message
    opportunity.write({"email_from": "sales@azure.example", "phone": "+49 30 999999"})
    assert crm.customer.email == "sales@azure.example"
    assert crm.customer.phone == "+49 30 999999"
    other = lead(crm, partner_id=crm.customer.id)  # (a new origin: a fresh in-memory record)
    german = other.with_context(lang="de_DE").onchange(
        {"email_from": "x@azure.example"}, ["email_from"], ["ribbon_message"])
    assert german["value"]["ribbon_message"].startswith("Durch das Speichern")


def test_quality_of_email_and_phone(crm: SimpleNamespace) -> None:
    good = lead(crm, email_from="Anna <ANNA@Example.com>", phone="+49 30 123 456")
    bad = lead(crm, email_from="anna at example", phone="call me")
    empty = lead(crm)
    assert (good.email_state, good.phone_state, good.email_normalized) == (
        "correct", "correct", "anna@example.com")
    assert (bad.email_state, bad.phone_state) == ("incorrect", "incorrect")
    assert (empty.email_state, empty.phone_state) == (False, False)


def test_prorated_revenue_and_defaults(crm: SimpleNamespace) -> None:
    opportunity = lead(crm, expected_revenue=12345.67, stage_id=crm.stages.qualified.id)
    assert opportunity.probability == 30.0  # the stage default: no statistics yet
    assert opportunity.prorated_revenue == round(12345.67 * 0.30, 2)
    assert opportunity.priority == "0" and opportunity.won_status == "open"
    assert opportunity.company_currency == crm.env.ref("base.EUR")
    copy = opportunity.copy()
    assert copy.name == "Deal (copy)" and copy.stage_id == crm.stages.new


def test_new_record_onchange_for_the_form(crm: SimpleNamespace) -> None:
    model = crm.env["crm.lead"].with_user(crm.sam)
    defaults = model.default_get(list(model._fields))
    result = model.onchange(
        {**defaults, "name": "Draft", "user_id": crm.sam.id, "partner_id": crm.contact.id},
        ["partner_id"], ["team_id", "stage_id", "email_from", "contact_name", "probability"])
    values = result["value"]
    assert values["team_id"][0] == crm.europe.id
    assert values["stage_id"][0] == crm.stages.new.id
    assert values["email_from"] == "anna@azure.example" and values["probability"] == 10.0
    assert not crm.env["crm.lead"].search([("name", "=", "Draft")])
