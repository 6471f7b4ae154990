"""Choosing a product on a quotation line fills the line and the totals at once (the
form's onchange endpoint, as the page script calls it), for a salesperson in English and
in German."""

from __future__ import annotations

from typing import Any

import pytest

from addons.sale.tests.web_helpers import text
from core.orm.environment import Environment
from core.testing import new_user
from core.web.app import create_app
from tests.web.conftest import WebClient
from tests.web.forms import form_inputs

SALESMAN = ("base.group_user", "sales_team.group_sale_salesman")


@pytest.fixture(scope="module")
def registry(databases: Any) -> Any:
    return databases.fresh_registry(["sale"], demo=True)


@pytest.fixture(scope="module")
def setup(registry: Any) -> dict[str, Any]:
    with registry.transaction() as tx:
        env = Environment(tx, 1, {})
        for login, lang in (("sam", "en_US"), ("susi", "de_DE")):
            new_user(env, login, groups=SALESMAN, lang=lang, password=f"{login}-pw-12345")
        return {"action": env.ref("sale.action_quotations").id,
                "partner": env.ref("contacts.res_partner_2").id,
                "desk": env.ref("sale.product_desk").id}


@pytest.mark.parametrize(("login", "total"), [("sam", "1,071.00"), ("susi", "1.071,00")])
def test_product_on_a_new_line_fills_it_and_the_totals(registry: Any, databases: Any,
                                                       setup: dict, login: str, total: str
                                                       ) -> None:
    client = WebClient(create_app(registry.url, databases.catalog))
    client.login(login, f"{login}-pw-12345")
    url = f"/web/action/{setup['action']}/form/new"
    pairs = [(k, v) for k, v in form_inputs(text(client.get(url)))
             if not k.startswith("order_line.new0.") and k != "partner_id"]
    pairs += [("partner_id", str(setup["partner"])),
              ("order_line.new0.product_id", str(setup["desk"])),
              ("order_line.new0.product_uom_qty", "2"),
              ("__changed", "order_line.new0.product_id"), ("__id", "")]
    response = client.post(f"/web/action/{setup['action']}/onchange", pairs)
    assert response.status_code == 200, text(response)[:2000]
    values = response.get_json()["values"]
    assert values["order_line.new0.name"]["input"].startswith("[FURN_0001] Office Desk")
    assert values["order_line.new0.price_unit"]["display"] in ("450.00", "450,00")
    assert "order_line.new0.product_id" not in values
    assert "order_line.new0.tax_id" not in values        # no input of a new line shows it
    assert values["amount_tax"]["input"] in ("171.00", "171,00")   # the 19 % tax counted
    assert total in values["amount_total"]["display"]
