"""New Quotation on an unchanged opportunity form writes nothing to the opportunity
(issue 14 point 3): "Last Stage Update" and "Assignment Date" keep their dates. As a
salesperson in English and German, through HTTP.
"""

from __future__ import annotations

from typing import Any

import pytest

from addons.sale.tests.web_helpers import form_inputs, text
from core.orm.environment import Environment
from core.testing import new_user
from core.web.app import create_app
from tests.web.conftest import WebClient

OLD = "2020-01-02 03:04:05"
PASSWORD = "quote-sam-Pa55"


@pytest.fixture(scope="module")
def registry(databases: Any) -> Any:
    return databases.fresh_registry(["crm", "sale"])


def run(registry: Any, function: Any) -> Any:
    with registry.transaction() as tx:
        return function(Environment(tx, 1, {}))


@pytest.mark.parametrize("lang", ["en_US", "de_DE"])
def test_new_quotation_leaves_the_opportunity_alone(registry: Any, databases: Any, lang: str
                                                   ) -> None:
    login = f"quote_sam_{lang}"

    def setup(env: Any) -> tuple[int, int]:
        user = new_user(env, login, ["sales_team.group_sale_salesman"], lang=lang,
                        password=PASSWORD)
        customer = env["res.partner"].create({"name": "Quote Customer"})
        lead = env["crm.lead"].create({"name": "Quote Deal", "type": "opportunity",
                                       "partner_id": customer.id, "user_id": user.id})
        lead.write({"date_open": OLD, "date_last_stage_update": OLD})
        return env.ref("crm.crm_lead_action_pipeline").id, lead.id
    pipeline, lead = run(registry, setup)
    client = WebClient(create_app(registry.url, databases.catalog))
    client.login(login, PASSWORD)
    url = f"/web/action/{pipeline}/form/{lead}"
    pairs = form_inputs(text(client.get(url))) + [("__call", "action_sale_quotations_new")]
    response = client.post(url, pairs)
    assert response.status_code == 303
    assert "/form/new" in response.headers["Location"]
    dates = run(registry, lambda env: env["crm.lead"].browse(lead).read(
        ["date_open", "date_last_stage_update", "probability", "is_automated_probability"]
    )[0])
    assert (dates["date_open"], dates["date_last_stage_update"]) == (OLD, OLD)
    assert dates["is_automated_probability"]
