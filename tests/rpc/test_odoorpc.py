"""RPC_SPEC §10 with OdooRPC 0.10.1: login, the model layer, browse graphs, errors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import odoorpc
import pytest

from core.testing import ADMIN_PASSWORD

from .conftest import USER_PASSWORD
from .server import HOST, Server


@pytest.fixture(scope="module")
def odoo(server: Server) -> Iterator[Any]:
    client = odoorpc.ODOO(HOST, port=server.port)
    client.login(server.db, "admin", ADMIN_PASSWORD)
    yield client
    client.logout()


def test_login_and_context(server: Server, odoo: Any) -> None:
    assert odoo.version == "17.0"
    assert odoo.env.uid == 2
    assert {"lang", "tz", "uid"} <= set(odoo.env.context)
    assert odoo.env.context["uid"] == 2 and odoo.env.context["lang"] == "en_US"
    assert odoo.env.user.name == "Administrator"


def test_wrong_password(server: Server) -> None:
    client = odoorpc.ODOO(HOST, port=server.port)
    with pytest.raises(odoorpc.error.RPCError) as info:
        client.login(server.db, "admin", "wrong-password")
    assert "Wrong login ID or password" in str(info.value)


def test_login_with_api_key(server: Server) -> None:
    client = odoorpc.ODOO(HOST, port=server.port)
    client.login(server.db, "demo", server.ids["api_key"])
    assert client.env.uid == server.ids["demo"]
    assert client.env["test.lead"].search_count([]) == 6
    assert client.env.user.name == "Demo User"
    assert client.env.user.company_id.name


def test_search_with_options(server: Server, odoo: Any) -> None:
    ids = odoo.env["test.lead"].search([("state", "=", "open")], limit=3, order="revenue desc")
    leads = server.ids["leads"]
    assert ids == [leads["big"], leads["medium"], leads["small"]]
    assert odoo.env["test.lead"].search_count([("state", "=", "open")]) == len(
        odoo.env["test.lead"].search([("state", "=", "open")]))


def test_read_with_and_without_load(server: Server, odoo: Any) -> None:
    lead = server.ids["leads"]["big"]
    azure = server.ids["partners"]["azure"]
    Lead = odoo.env["test.lead"]
    assert Lead.read([lead], ["partner_id"], load="_classic_write")[0]["partner_id"] == azure
    assert Lead.read([lead], ["partner_id"])[0]["partner_id"] == [azure, "Azure Interior"]
    assert Lead.read([lead], ["date_closed", "date_deadline"])[0] == {
        "id": lead, "date_closed": "2024-05-01 23:30:00", "date_deadline": "2024-05-10"}


def test_browse_graph(server: Server, odoo: Any) -> None:
    leads = server.ids["leads"]
    Lead = odoo.env["test.lead"]
    lead = Lead.browse(leads["big"])
    assert lead.name == "Big deal"
    assert lead.partner_id.name == "Azure Interior"
    assert sorted(lead.tag_ids.ids) == sorted([server.ids["tags"]["VIP"],
                                               server.ids["tags"]["Hot"]])
    assert lead.category_id.name == "Root"
    assert lead.currency_id.name == "EUR"
    assert lead.user_id.company_id.name
    lonely = Lead.browse(leads["nopartner"])
    assert not lonely.partner_id
    assert lonely.partner_id.ids == []
    assert lonely.display_name == "No partner lead"


def test_create_write_x2many_and_unlink(server: Server, odoo: Any) -> None:
    Lead, Tag = odoo.env["test.lead"], odoo.env["test.tag"]
    tags = server.ids["tags"]
    lead_id = Lead.create({"name": "X", "partner_id": server.ids["partners"]["deco"]})
    assert isinstance(lead_id, int)
    lead = Lead.browse(lead_id)
    lead.name = "Y"
    assert Lead.read([lead_id], ["name"])[0]["name"] == "Y"
    lead.tag_ids = Tag.browse([tags["Hot"], tags["Cold"]])
    assert sorted(Lead.read([lead_id], ["tag_ids"])[0]["tag_ids"]) == sorted(
        [tags["Hot"], tags["Cold"]])
    lead = Lead.browse(lead_id)
    lead.tag_ids += Tag.browse(tags["Product"])
    assert len(Lead.read([lead_id], ["tag_ids"])[0]["tag_ids"]) == 3
    lead = Lead.browse(lead_id)
    lead.tag_ids = False
    assert Lead.read([lead_id], ["tag_ids"])[0]["tag_ids"] == []
    assert Lead.unlink([lead_id]) is True
    assert Lead.read([lead_id], ["name"]) == []
    assert Lead.unlink([lead_id]) is True
    assert Lead.search([("id", "=", lead_id)]) == []
    with pytest.raises(ValueError):
        Lead.browse(lead_id)
    with pytest.raises(odoorpc.error.RPCError) as info:
        Lead.write([lead_id], {"name": "Z"})
    assert info.value.info["data"]["name"] == "odoo.exceptions.MissingError"


def test_business_method(odoo: Any) -> None:
    Lead = odoo.env["test.lead"]
    lead_id = Lead.create({"name": "To win"})
    assert Lead.browse(lead_id).action_set_won() is True
    assert Lead.read([lead_id], ["state", "probability"])[0] == {
        "id": lead_id, "state": "won", "probability": 100.0}
    Lead.unlink([lead_id])


def test_names(server: Server, odoo: Any) -> None:
    lead = server.ids["leads"]["big"]
    Lead = odoo.env["test.lead"]
    assert Lead.name_search("Big") == [[lead, "Big deal"]]
    assert Lead.read([lead], ["display_name"])[0]["display_name"] == "Big deal"
    assert Lead.name_get([lead]) == [[lead, "Big deal"]]


def test_read_group(server: Server, odoo: Any) -> None:
    Lead = odoo.env["test.lead"]
    groups = Lead.read_group([], ["revenue"], ["category_id"])
    assert groups
    for group in groups:
        assert {"category_id", "category_id_count", "revenue", "__domain"} <= set(group)
        assert Lead.search_count(group["__domain"]) == group["category_id_count"]
    flat = Lead.read_group([], ["revenue:sum"], ["priority", "category_id"], lazy=False)
    assert all("__count" in group for group in flat)
    assert sum(group["__count"] for group in flat) == Lead.search_count([])


def test_environment_helpers(server: Server, odoo: Any) -> None:
    assert "test.lead" in odoo.env
    assert "test.nothing" not in odoo.env
    admin = odoo.env.ref("base.user_admin")
    assert admin._name == "res.users" and admin.id == 2
    assert odoo.env.user.name == "Administrator"
    assert odoo.report.list() == {}


def test_errors(server: Server, odoo: Any) -> None:
    Lead = odoo.env["test.lead"]
    with pytest.raises(odoorpc.error.RPCError) as info:
        Lead.create({"description": "no name"})
    assert info.value.info["data"]["name"] == "odoo.exceptions.ValidationError"
    assert str(info.value) == info.value.info["data"]["message"]
    with pytest.raises(odoorpc.error.RPCError) as info:
        odoo.execute_kw("test.lead", "wrong_method", [[]])
    assert info.value.info["data"]["name"] == "builtins.AttributeError"
    with pytest.raises(odoorpc.error.RPCError) as info:
        odoo.execute_kw("test.lead", "_private_method", [[server.ids["leads"]["big"]]])
    assert str(info.value) == "Private methods (such as _private_method) cannot be called " \
                              "remotely."


def test_access_error_for_a_restricted_user(server: Server) -> None:
    client = odoorpc.ODOO(HOST, port=server.port)
    client.login(server.db, "demo", USER_PASSWORD)
    lead = server.ids["leads"]["big"]
    with pytest.raises(odoorpc.error.RPCError) as info:
        client.execute_kw("test.lead", "write", [[lead], {"name": "Mine"}])
    data = info.value.info["data"]
    assert data["name"] == "odoo.exceptions.AccessError"
    assert str(info.value) == data["message"] == data["arguments"][0]
    assert info.value.info["code"] == 200 and info.value.info["message"] == "Odoo Server Error"


def test_context_effects(server: Server, odoo: Any) -> None:
    Lead = odoo.env["test.lead"]
    archived = server.ids["leads"]["archived"]
    assert archived not in Lead.search([])
    assert archived in Lead.with_context(active_test=False).search([])
    Module = odoo.env["ir.module.module"]
    german = Module.with_context(lang="de_DE").fields_get(["state"], ["selection", "string"])
    assert ["installed", "Installiert"] in german["state"]["selection"]
    english = Module.fields_get(["state"], ["selection", "string"])
    assert ["installed", "Installed"] in english["state"]["selection"]
    assert set(english["state"]) == {"selection", "string"}
