"""Sales and CRM together: New Quotation, the customer question, smart buttons, teams."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from addons.sale.tests.conftest import make_order
from core.exceptions import UserError
from core.web.client.actions import action_url


@pytest.fixture
def env(make_env: Any) -> Any:
    return make_env(["crm", "sale"])


@pytest.fixture
def opportunity(env: Any) -> Any:
    campaign = env["utm.campaign"].create({"name": "Spring fair"})
    tag = env["crm.tag"].create({"name": "Furniture"})
    team = env["crm.team"].create({"name": "Europe"})
    return env["crm.lead"].create({
        "name": "Office for 20 people", "type": "opportunity", "partner_name": "ACME Corp",
        "contact_name": "Jane Doe", "email_from": "Jane Doe <jane@acme.example>",
        "phone": "+49 30 1234", "city": "Berlin", "tag_ids": [(6, 0, [tag.id])],
        "campaign_id": campaign.id, "team_id": team.id,
        "user_id": env.ref("base.user_admin").id})


def test_new_quotation_opens_a_prefilled_quotation(env: Any, opportunity: Any,
                                                   customer: Any) -> None:
    opportunity.partner_id = customer
    action = opportunity.action_sale_quotations_new()
    assert action["res_model"] == "sale.order" and action["view_mode"] == "form"
    assert action["id"] == env.ref("sale.action_quotations").id
    url = urlsplit(action_url(action, "/back"))
    assert url.path == f"/web/action/{action['id']}/form/new"
    defaults = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert defaults == {
        "default_opportunity_id": str(opportunity.id), "default_partner_id": str(customer.id),
        "default_origin": "Office for 20 people",
        "default_tag_ids": str(opportunity.tag_ids.id),
        "default_campaign_id": str(opportunity.campaign_id.id),
        "default_team_id": str(opportunity.team_id.id),
        "default_user_id": str(opportunity.user_id.id),
        "default_company_id": str(opportunity.company_id.id)}
    order = env["sale.order"].with_context(action["context"]).create({})
    assert (order.partner_id, order.opportunity_id, order.origin) == \
        (customer, opportunity, "Office for 20 people")
    assert order.tag_ids == opportunity.tag_ids and order.team_id == opportunity.team_id
    assert order.campaign_id == opportunity.campaign_id
    assert order.user_id == opportunity.user_id


def test_without_customer_the_question_creates_one(env: Any, opportunity: Any) -> None:
    action = opportunity.action_sale_quotations_new()
    assert action["res_model"] == "crm.quotation.partner" and action["res_id"]
    wizard = env["crm.quotation.partner"].browse(action["res_id"])
    assert wizard.action == "create" and not wizard.partner_id
    assert "ACME Corp" in wizard.lead_summary
    result = wizard.action_apply()
    person = opportunity.partner_id
    assert person.name == "Jane Doe" and person.parent_id.name == "ACME Corp"
    assert person.parent_id.is_company and person.email == "jane@acme.example"  # as Odoo
    assert person.city == "Berlin" and person.user_id == opportunity.user_id
    assert result["context"]["default_partner_id"] == person.id


def test_the_question_suggests_an_existing_customer(env: Any, opportunity: Any) -> None:
    known = env["res.partner"].create({"name": "Jane D.", "email": "JANE@acme.example"})
    wizard = env["crm.quotation.partner"].browse(
        opportunity.action_sale_quotations_new()["res_id"])
    assert wizard.action == "exist" and wizard.partner_id == known
    count = env["res.partner"].search_count([])
    wizard.action_apply()
    assert opportunity.partner_id == known and env["res.partner"].search_count([]) == count
    lonely = env["crm.lead"].create({"name": "Something", "type": "opportunity"})
    wizard = env["crm.quotation.partner"].browse(lonely.action_sale_quotations_new()["res_id"])
    wizard.write({"action": "exist", "partner_id": False})
    with pytest.raises(UserError, match="Choose the existing customer"):
        wizard.action_apply()
    assert not lonely.partner_id


def test_no_quotation_from_leads_or_lost_opportunities(env: Any, opportunity: Any,
                                                       customer: Any) -> None:
    lead = env["crm.lead"].create({"name": "Just a lead", "type": "lead",
                                   "partner_id": customer.id})
    with pytest.raises(UserError, match="Convert the lead"):
        lead.action_sale_quotations_new()
    opportunity.action_set_lost()
    with pytest.raises(UserError) as info:
        opportunity.with_context(active_test=False).action_sale_quotations_new()
    assert "restore it" in str(info.value)
    assert "Stellen Sie sie wieder her" in info.value.args[0].translate("de_DE")


def test_quotations_and_orders_buttons(env: Any, opportunity: Any, customer: Any,
                                       desk: Any) -> None:
    opportunity.partner_id = customer
    assert (opportunity.quotation_count, opportunity.sale_order_count) == (0, 0)
    first = make_order(env, customer, (desk, 1), opportunity_id=opportunity.id)
    second = make_order(env, customer, (desk, 2), opportunity_id=opportunity.id)
    make_order(env, customer, (desk, 3), opportunity_id=opportunity.id).action_cancel()
    assert opportunity.quotation_count == 2 and opportunity.sale_order_count == 0
    action = opportunity.action_view_sale_quotation()
    assert env["sale.order"].search(action["domain"]) == first | second
    second.action_confirm()
    assert opportunity.quotation_count == 1 and opportunity.sale_order_count == 1
    assert opportunity.sale_amount_total == 900.0                  # untaxed
    assert opportunity.action_view_sale_quotation()["res_id"] == first.id
    assert opportunity.action_view_sale_order()["res_id"] == second.id
    assert opportunity.with_context(lang="de_DE").fields_get(
        ["sale_amount_total"])["sale_amount_total"]["string"] == "Summe der Aufträge"


def test_team_overview_has_the_sales_figures(env: Any, customer: Any, desk: Any) -> None:
    team = env["crm.team"].create({"name": "Overview", "invoiced_target": 10000})
    make_order(env, customer, (desk, 1), team_id=team.id)
    order = make_order(env, customer, (desk, 2), team_id=team.id)
    order.action_confirm()
    figures = {f["key"]: f for f in team.dashboard_data()[team.id]}
    assert figures["sale.quotations"]["value"] == 1
    assert figures["sale.quotations"]["amount"] == 535.5
    assert figures["sale.to_invoice"]["value"] == 1
    order._create_invoices().action_post()
    env.transaction.cache.invalidate()                             # a new request
    figures = {f["key"]: f for f in team.dashboard_data()[team.id]}
    assert figures["sale.invoiced"]["amount"] == 900.0
    assert figures["sale.invoiced"]["target"] == 10000
    assert figures["crm.open"]["sequence"] < figures["sale.quotations"]["sequence"]


def test_a_salesperson_quotes_from_an_opportunity(env: Any, desk: Any) -> None:
    from core.testing import new_user
    salesman = new_user(env, "glue_salesman", ["sales_team.group_sale_salesman"])
    as_salesman = env(user=salesman.id)
    lead = as_salesman["crm.lead"].create({"name": "Chairs", "type": "opportunity",
                                           "partner_name": "Small Shop"})
    wizard = as_salesman["crm.quotation.partner"].browse(
        lead.action_sale_quotations_new()["res_id"])
    action = wizard.action_apply()
    order = as_salesman["sale.order"].with_context(action["context"]).create(
        {"order_line": [(0, 0, {"product_id": desk.id})]})
    order.action_confirm()
    assert lead.partner_id.name == "Small Shop" and order.user_id == salesman
    assert lead.sale_order_count == 1 and lead.sale_amount_total == 450.0
