"""Malformed input in the web client (issue 11, point 11): a clear page, never a 500.

A salesperson ("own documents": the demo user ``jeff``, English; ``marc``, German) sends
what a crafted link or a careless client sends: an order or a grouping that does not
exist, record ids beyond every integer range, a NUL character in the sign-in form or a
search, a deadline that is not a date; and opens a user's form, which has read-only
many2many fields (the groups). Each answer is a 4xx page with a translated message, and
nothing is written.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest

from core.orm.environment import Environment
from core.web.app import create_app
from tests.web.conftest import WebClient

PASSWORDS = {"jeff": "jeff-demo-1", "marc": "marc-demo-1"}


class Site:
    """A database with crm and its demo data, served in process."""

    def __init__(self, databases: Any) -> None:
        self.registry = databases.fresh_registry(["crm"], demo=True)
        self.app = create_app(self.registry.url, databases.catalog)
        self.ids = self.run(lambda env: {
            "pipeline": env.ref("crm.crm_lead_action_pipeline").id,
            "admin": env.ref("base.user_admin").id,
            "jeff": env["res.users"].search([("login", "=", "jeff")]).id})

    def run(self, function: Any) -> Any:
        with self.registry.transaction() as tx:
            return function(Environment(tx, 1, {}))

    def client(self, login: str) -> WebClient:
        client = WebClient(self.app)
        client.login(login, PASSWORDS[login])
        return client


@pytest.fixture(scope="module")
def site(databases: Any) -> Site:
    return Site(databases)


@pytest.fixture(scope="module")
def jeff(site: Site) -> WebClient:
    return site.client("jeff")


@pytest.fixture(scope="module")
def marc(site: Site) -> WebClient:
    return site.client("marc")


def page_text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_an_unknown_order_is_a_400_page(site, jeff, marc):
    url = f"/web/action/{site.ids['pipeline']}/list?o=name+sideways"
    response = jeff.get(url)
    assert response.status_code == 400
    assert "Invalid order: &#39;name sideways&#39;" in page_text(response)
    german = marc.get(url)
    assert german.status_code == 400
    assert "Ungültige Sortierung" in page_text(german)


@pytest.mark.parametrize("view", ["list", "kanban", "pivot", "graph"])
def test_grouping_by_a_many2many_is_a_400_page(site, jeff, view):
    response = jeff.get(f"/web/action/{site.ids['pipeline']}/{view}?g=tag_ids")
    assert response.status_code == 400
    assert "Field tag_ids cannot be grouped by" in page_text(response)


@pytest.mark.parametrize("record_id", [2**31, 2**63, 10**20])
def test_a_record_id_beyond_the_integer_range_is_a_400_page(site, jeff, marc, record_id):
    response = jeff.get(f"/web/action/{site.ids['pipeline']}/form/{record_id}")
    assert response.status_code == 400
    assert f"Invalid record id {record_id} for crm.lead: out of range." in page_text(response)
    german = marc.get(f"/web/model/crm.lead/form/{record_id}")
    assert german.status_code == 400
    assert f"Ungültige Datensatz-ID {record_id} für crm.lead" in page_text(german)


def test_a_page_number_beyond_the_integer_range_is_a_400_page(site, jeff):
    response = jeff.get(f"/web/action/{site.ids['pipeline']}/list?p={10**20}")
    assert response.status_code == 400
    assert "Invalid offset" in page_text(response)


def test_a_nul_character_in_the_sign_in_form_is_a_400_page(site):
    client = WebClient(site.app)
    client.get("/web/login")
    response = client.post("/web/login", {"login": "jeff\x00", "password": "jeff-demo-1"})
    assert response.status_code == 400
    assert "cannot contain the NUL character" in page_text(response)
    assert "session_id" not in response.headers.get("Set-Cookie", "")
    german = client.post("/web/login", {"login": "marc", "password": "x\x00"},
                         headers={"Accept-Language": "de-DE"})
    assert german.status_code == 400
    assert "dürfen das NUL-Zeichen nicht enthalten" in page_text(german)


def test_a_nul_character_in_a_search_is_refused(site, jeff):
    response = jeff.get(f"/web/action/{site.ids['pipeline']}/list?s=name:a%00b")
    assert response.status_code == 422
    assert "cannot contain the NUL character" in page_text(response)


def test_an_activity_deadline_that_is_not_a_date_is_refused(site, jeff, marc):
    lead = site.run(lambda env: env["crm.lead"].create({
        "name": "Deadline test", "type": "opportunity", "user_id": site.ids["jeff"]}).id)
    before = site.run(lambda env: env["mail.activity"].search_count([]))
    response = jeff.post(f"/mail/chatter/crm.lead/{lead}/activity",
                         {"summary": "Call", "date_deadline": "next friday"})
    assert response.status_code == 422
    assert "Wrong value for field Due Date" in page_text(response)
    assert site.run(lambda env: env["mail.activity"].search_count([])) == before
    site.run(lambda env: env["crm.lead"].browse(lead).write({"user_id": env["res.users"].search(
        [("login", "=", "marc")]).id}))
    german = marc.post(f"/mail/chatter/crm.lead/{lead}/activity",
                       {"summary": "Anruf", "date_deadline": "31.02.2024"})
    assert german.status_code == 422
    assert "Falscher Wert für das Feld" in page_text(german)


def test_a_user_form_opens_read_only_for_a_salesperson(site, jeff):
    """Its read-only many2many (the companies) used to break the page for non-admins."""
    response = jeff.get(f"/web/model/res.users/form/{site.ids['admin']}")
    assert response.status_code == 200
    page = page_text(response)
    assert "Administrator" in page
    assert re.search(r'<span class="tags"><span class="tag color-\d+">My Company</span>', page)
    assert 'name="login"' not in page            # read-only: the salesperson cannot edit it
    assert "scrypt" not in page


# -- the same over RPC ----------------------------------------------------------------------
def json_call(site: Site, model: str, method: str, args: list, kwargs: dict | None = None
              ) -> dict[str, Any]:
    """``execute_kw`` over ``/jsonrpc`` as jeff; the answer's ``error.data`` or result."""
    from werkzeug.test import Client
    params = {"service": "object", "method": "execute_kw", "args": [
        site.registry.db_name, site.ids["jeff"], PASSWORDS["jeff"], model, method, args,
        kwargs or {}]}
    answer = Client(site.app).post("/jsonrpc", json={
        "jsonrpc": "2.0", "method": "call", "params": params, "id": 1}).get_json()
    return answer["error"]["data"] if "error" in answer else {"result": answer["result"]}


def test_rpc_refuses_a_nul_character_in_text(site):
    created = json_call(site, "crm.lead", "create", [{"name": "a\x00b"}])
    assert created["name"] == "odoo.exceptions.ValidationError"
    assert "cannot contain the NUL character" in created["message"]
    searched = json_call(site, "res.partner", "search", [[("name", "ilike", "\x00")]])
    assert searched["name"] == "odoo.exceptions.ValidationError"
    assert site.run(lambda env: env["crm.lead"].search_count([("name", "=like", "a%b")])) == 0


def test_rpc_refuses_ids_beyond_the_integer_range(site):
    lead = site.run(lambda env: env["crm.lead"].create({
        "name": "Range test", "type": "opportunity", "user_id": site.ids["jeff"]}).id)
    read = json_call(site, "crm.lead", "read", [[2**63], ["name"]])
    assert read["name"] == "builtins.ValueError"
    assert "Invalid record id 9223372036854775808 for crm.lead: out of range." in read["message"]
    for domain in ([("id", "=", 2**40)], [("partner_id", "in", [1, 2**63])],
                   [("probability", "=", 1), ("color", ">", 2**31)]):
        found = json_call(site, "crm.lead", "search", [domain])
        assert found["name"] == "odoo.exceptions.ValidationError", domain
    written = json_call(site, "crm.lead", "write", [[lead], {"partner_id": 2**63}])
    assert written["name"] == "odoo.exceptions.ValidationError"
    tagged = json_call(site, "crm.lead", "write", [[lead], {"tag_ids": [(6, 0, [2**40])]}])
    assert tagged["name"] == "odoo.exceptions.ValidationError"
    paged = json_call(site, "crm.lead", "search", [[]], {"offset": 2**63})
    assert paged["name"] == "builtins.ValueError" and "Invalid offset" in paged["message"]


def test_rpc_compares_text_with_numbers_on_both_databases(site):
    """PostgreSQL refused ``name = 74`` (an internal error); SQLite compares as text."""
    lead = site.run(lambda env: env["crm.lead"].create({"name": "74", "type": "opportunity",
                                                        "user_id": site.ids["jeff"]}).id)
    assert json_call(site, "crm.lead", "search", [[("name", "=", 74)]]) == {"result": [lead]}
    assert json_call(site, "crm.lead", "search_count", [[("type", "=", 5)]]) == {"result": 0}


def test_rpc_compares_numbers_and_dates_with_like_on_both_databases(site):
    """PostgreSQL refused ``integer LIKE text`` (an internal error)."""
    for domain in ([("stage_id.sequence", "like", -2)], [("probability", "ilike", 5)],
                   [("date_deadline", "not like", "2024")]):
        answer = json_call(site, "crm.lead", "search_count", [domain])
        assert isinstance(answer.get("result"), int), (domain, answer)


def test_a_time_zone_or_language_that_does_not_exist_is_refused(site, jeff):
    """A salesperson may change their own preferences over RPC; a time zone that does not
    exist broke every page they (and whoever saw their activities) opened."""
    for values in ({"tz": "Mars/Base"}, {"lang": "xx_XX"}):
        answer = json_call(site, "res.users", "write", [[site.ids["jeff"]], values])
        assert answer["name"] == "odoo.exceptions.ValidationError", answer
    assert site.run(lambda env: env["res.users"].browse(site.ids["jeff"]).tz) != "Mars/Base"
    assert jeff.get(f"/web/action/{site.ids['pipeline']}/list").status_code == 200


# -- logging --------------------------------------------------------------------------------
def test_expected_rpc_errors_are_logged_in_one_line(site, caplog):
    caplog.set_level(logging.INFO, logger="core")
    other = site.run(lambda env: env["crm.lead"].search([("user_id", "!=", site.ids["jeff"])],
                                                        limit=1).id)
    assert json_call(site, "crm.lead", "no_such_method", [[]])["name"] == \
        "builtins.AttributeError"
    assert json_call(site, "crm.lead", "write", [[other], {"name": "Mine now"}])["name"] == \
        "odoo.exceptions.AccessError"
    records = [r for r in caplog.records if r.name.startswith("core.web")]
    assert [r.levelno for r in records] == [logging.WARNING, logging.INFO]
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in records)
    assert "AttributeError" in records[0].getMessage()
    assert "AccessError" in records[1].getMessage()


def test_refused_pages_are_logged_in_one_line_and_failures_with_a_traceback(site, jeff,
                                                                            caplog, databases):
    from werkzeug.routing import Rule
    from werkzeug.test import Client

    from core.web.app import Application, Route

    def broken(ctx: Any) -> Any:
        raise ValueError("an internal error, not the user's")

    class Routes:
        ROUTES = [Rule("/broken", endpoint=Route(broken, auth="public"))]

    caplog.set_level(logging.INFO, logger="core")
    assert jeff.get(f"/web/action/{site.ids['pipeline']}/list?o=name+sideways"
                    ).status_code == 400
    refused = [r for r in caplog.records if r.name == "core.web.errors"]
    assert len(refused) == 1 and refused[0].levelno == logging.INFO
    assert refused[0].exc_info is None and "Invalid order" in refused[0].getMessage()
    caplog.clear()
    app = Application(site.registry.url, databases.catalog, route_modules=[Routes])
    assert Client(app).get("/broken").status_code == 500
    failed = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert failed and failed[0].exc_info is not None
    assert "an internal error" in str(failed[0].exc_info[1])
