"""From the pipeline to a quotation and back: the breadcrumbs of the smart buttons."""

from __future__ import annotations

from typing import Any

from addons.sale.tests.web_helpers import form_inputs, text
from core.orm.environment import Environment
from core.testing import ADMIN_PASSWORD
from core.web.app import create_app
from tests.web.conftest import WebClient
from tests.web.test_breadcrumbs import crumbs


def test_pipeline_opportunity_quotations_and_back(databases: Any) -> None:
    registry = databases.fresh_registry(["crm", "sale"])
    with registry.transaction() as tx:
        env = Environment(tx, 1, {})
        pipeline = env.ref("crm.crm_lead_action_pipeline").id
        customer = env["res.partner"].create({"name": "Crumb Customer"})
        deal = env["crm.lead"].create({"name": "Crumb Deal", "type": "opportunity",
                                       "partner_id": customer.id})
        first = env["sale.order"].create({"partner_id": customer.id,
                                          "opportunity_id": deal.id})
        deal_id, first_name = deal.id, first.name
    client = WebClient(create_app(registry.url, databases.catalog))
    client.login("admin", ADMIN_PASSWORD)
    form_url = f"/web/action/{pipeline}/form/{deal_id}?from=kanban"

    def press(button: str) -> Any:
        pairs = form_inputs(text(client.get(form_url))) + [("__call", button)]
        return client.get(client.post(form_url, pairs).headers["Location"])

    single = press("action_view_sale_quotation")   # one quotation: its form on its own
    assert [t for t, _h in crumbs(single)] == ["Pipeline", "Crumb Deal", first_name]
    back = client.get(crumbs(single)[1][1])
    assert crumbs(back) == [("Pipeline", f"/web/action/{pipeline}/kanban"), ("Crumb Deal", None)]

    new = press("action_sale_quotations_new")        # New Quotation: a new form, then saved
    assert [t for t, _h in crumbs(new)] == ["Pipeline", "Crumb Deal", "Quotations", "New"]
    saved = client.post(new.request.full_path, form_inputs(text(new)))
    assert saved.status_code == 303
    second = client.get(saved.headers["Location"])
    assert [t for t, _h in crumbs(second)][:3] == ["Pipeline", "Crumb Deal", "Quotations"]

    listed = press("action_view_sale_quotation")   # now two: a list, then one of them
    assert [t for t, _h in crumbs(listed)] == ["Pipeline", "Crumb Deal", "Quotations"]
    assert first_name in text(listed)
