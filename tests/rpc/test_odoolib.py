"""RPC_SPEC §10 with odoo-client-lib 2.0.1 on both of its transports.

Its XML-RPC transport uses the legacy ``/xmlrpc/<service>`` paths (string fault codes);
its JSON-RPC transport posts to ``/jsonrpc`` with httpx.
"""

from __future__ import annotations

import xmlrpc.client
from typing import Any

import odoolib
import pytest
from odoolib.tools import AuthenticationError, JsonRPCException

from core.testing import ADMIN_PASSWORD

from .conftest import USER_PASSWORD
from .server import HOST, Server

PROTOCOLS = ["xmlrpc", "jsonrpc"]


def connect(server: Server, protocol: str, login: str = "admin",
            password: str = ADMIN_PASSWORD) -> Any:
    return odoolib.get_connection(hostname=HOST, port=server.port, database=server.db,
                                  login=login, password=password, protocol=protocol)


def error_name(exc: Exception) -> str:
    """The server's exception class, whatever the transport."""
    if isinstance(exc, JsonRPCException):
        return exc.error["data"]["name"]
    assert isinstance(exc, xmlrpc.client.Fault)
    return str(exc.faultCode)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_login_and_context(server: Server, protocol: str) -> None:
    conn = connect(server, protocol)
    conn.check_login()
    assert conn.user_id == 2
    assert conn.get_user_context() == {"lang": "en_US", "tz": "Europe/Berlin", "uid": 2}


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_wrong_password(server: Server, protocol: str) -> None:
    conn = connect(server, protocol, password="wrong-password")
    with pytest.raises(AuthenticationError):
        conn.check_login()


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_read_search_and_helpers(server: Server, protocol: str) -> None:
    leads = server.ids["leads"]
    model = connect(server, protocol).get_model("test.lead")
    assert model.read(leads["big"], ["name"]) == {"id": leads["big"], "name": "Big deal"}
    ordered = [leads["small"], leads["big"]]
    assert [r["id"] for r in model.read(ordered, ["name"])] == ordered
    found = model.search_read([("state", "=", "open")], ["name", "partner_id"], limit=2,
                              order="name")
    assert [r["name"] for r in found] == ["Big deal", "Medium deal"]
    assert found[0]["partner_id"] == [server.ids["partners"]["azure"], "Azure Interior"]
    everything = model.search_read([("id", "=", leads["small"])])
    assert everything[0]["description"] == "small" and "tag_ids" in everything[0]
    domain = [("revenue", ">", 900)]
    assert model.search_count(domain) == len(model.search(domain)) == 4


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_create_write_and_business_method(server: Server, protocol: str) -> None:
    model = connect(server, protocol).get_model("test.lead")
    lead = model.create({"name": "From odoolib", "revenue": 10})
    assert isinstance(lead, int)
    assert model.write([lead], {"probability": 30}) is True
    assert model.action_set_won([lead]) is True
    assert model.read(lead, ["state", "probability"]) == {
        "id": lead, "state": "won", "probability": 100.0}
    fields = model.fields_get(attributes=["type", "relation"])
    assert fields["partner_id"] == {"type": "many2one", "relation": "test.partner"}
    groups = model.read_group([("id", "=", lead)], ["revenue"], ["state"], lazy=True)
    assert groups[0]["state"] == "won" and groups[0]["state_count"] == 1
    assert model.unlink([lead]) is True


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_errors_on_both_transports(server: Server, protocol: str) -> None:
    model = connect(server, protocol, "demo", USER_PASSWORD).get_model("test.lead")
    with pytest.raises((xmlrpc.client.Fault, JsonRPCException)) as info:
        model.write([server.ids["leads"]["big"]], {"name": "Mine"})
    name = error_name(info.value)
    if protocol == "xmlrpc":
        assert name.startswith("warning -- AccessError\n\n")
        assert info.value.faultString == ""
    else:
        assert name == "odoo.exceptions.AccessError"
    admin = connect(server, protocol).get_model("test.lead")
    with pytest.raises((xmlrpc.client.Fault, JsonRPCException)) as info:
        admin.create({"description": "no name"})
    name = error_name(info.value)
    assert name.startswith("warning -- UserError\n\n") if protocol == "xmlrpc" else \
        name == "odoo.exceptions.ValidationError"
    with pytest.raises((xmlrpc.client.Fault, JsonRPCException)) as info:
        admin.write([10**6], {"name": "gone"})
    name = error_name(info.value)
    assert name.startswith("warning -- MissingError\n\n") if protocol == "xmlrpc" else \
        name == "odoo.exceptions.MissingError"
    with pytest.raises((xmlrpc.client.Fault, JsonRPCException)) as info:
        admin.no_such_method([1])
    name = error_name(info.value)
    assert "no_such_method" in name if protocol == "xmlrpc" else \
        name == "builtins.AttributeError"


def test_database_list_over_jsonrpc(server: Server) -> None:
    assert connect(server, "jsonrpc").get_service("db").list() == [server.db]
