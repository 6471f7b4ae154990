"""New Rental on an opportunity: the customer question, then a prefilled rental order."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from core.web.client.actions import action_url


@pytest.fixture
def env(make_env: Any) -> Any:
    return make_env(["crm", "rental"])


def test_new_rental_asks_for_the_customer_then_opens_a_rental_order(env: Any) -> None:
    opportunity = env["crm.lead"].create({"name": "Projectors for the fair",
                                          "type": "opportunity", "partner_name": "Fair GmbH"})
    action = opportunity.action_rental_quotations_new()
    wizard = env["crm.quotation.partner"].browse(action["res_id"])
    assert action["name"] == "New Rental" and wizard.quotation_kind == "rental"
    result = wizard.action_apply()
    assert opportunity.partner_id.name == "Fair GmbH"
    assert result["id"] == env.ref("rental.action_rental_orders").id
    url = urlsplit(action_url(result, "/back"))
    defaults = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert url.path.endswith("/form/new") and defaults["default_is_rental_order"] == "1"
    assert defaults["default_opportunity_id"] == str(opportunity.id)
    order = env["sale.order"].with_context(result["context"]).create({})
    assert order.is_rental_order and order.opportunity_id == opportunity
    assert opportunity.quotation_count == 1
    german = opportunity.with_context(lang="de_DE").action_rental_quotations_new()
    assert german["name"] == "Mietaufträge"
