"""RPC_SPEC §10 with odooly 2.6.7, in web mode (session cookie) and JSON-RPC mode."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import odooly
import pytest

from core.testing import ADMIN_PASSWORD

from .server import Server

MODES = ["web", "jsonrpc"]


def client_url(server: Server, mode: str) -> str:
    return server.url + ("/jsonrpc" if mode == "jsonrpc" else "")


@pytest.fixture(scope="module", params=MODES)
def client(request: pytest.FixtureRequest, server: Server) -> Iterator[odooly.Client]:
    yield odooly.Client(client_url(server, request.param), server.db, "admin", ADMIN_PASSWORD)


def test_login(client: odooly.Client) -> None:
    assert client.env.uid == 2
    assert client.env.context == {"lang": "en_US", "tz": "Europe/Berlin", "uid": 2}
    assert client.env.user.login == "admin"


@pytest.mark.parametrize("mode", MODES)
def test_wrong_password(server: Server, mode: str) -> None:
    """(odooly remembers the uid of logins that succeeded: a login never used before.)"""
    with pytest.raises(odooly.Error) as info:
        odooly.Client(client_url(server, mode), server.db, "german", "wrong-password")
    assert str(info.value) == "Error: Invalid username or password"


def test_without_database_name_the_single_database_is_picked(server: Server) -> None:
    client = odooly.Client(server.url, None, "admin", ADMIN_PASSWORD)
    assert client.env.db_name == server.db and client.env.uid == 2


def test_database_list(server: Server, client: odooly.Client) -> None:
    assert client.database.list() == [server.db]


def test_search_positional_options(server: Server, client: odooly.Client) -> None:
    leads = server.ids["leads"]
    found = client.env["test.lead"].search([("state", "=", "open")], limit=3,
                                          order="revenue desc")
    assert found.ids == [leads["big"], leads["medium"], leads["small"]]
    assert client.env["test.lead"].search([], offset=1, order="name").ids[:1] == [
        leads["lost"]]


def test_read_keeps_the_requested_order(server: Server, client: odooly.Client) -> None:
    leads = server.ids["leads"]
    ids = [leads["small"], leads["big"], leads["medium"]]
    rows = client.env["test.lead"].browse(ids).read("name partner_id")
    assert [r["name"] for r in rows] == ["Small deal", "Big deal", "Medium deal"]
    assert rows[1]["partner_id"].id == server.ids["partners"]["azure"]
    rows = client.env["test.lead"].read(ids, "name partner_id")
    assert [r["id"] for r in rows] == sorted(ids)     # odooly sends them sorted
    lead = client.env["test.lead"].browse(leads["big"])
    assert lead.partner_id.name == "Azure Interior"
    assert str(lead) == "Big deal"


def test_create_one_and_many_then_business_method(client: odooly.Client) -> None:
    Lead = client.env["test.lead"]
    one = Lead.create({"name": "One"})
    assert isinstance(one.id, int) and str(one) == "One"
    many = Lead.create([{"name": "Two"}, {"name": "Three"}])
    assert len(many.ids) == 2 and all(isinstance(i, int) for i in many.ids)
    assert one.action_set_won() is True
    assert one.read("state") == "won"
    copy = one.copy({"name": "One (copy)"})
    assert isinstance(copy.id, int) and copy.id != one.id
    assert Lead.browse([one.id, copy.id, *many.ids]).exists().ids == [
        one.id, copy.id, *many.ids]
    (one + copy + many).unlink()
    assert Lead.search_count([("id", "in", [one.id, *many.ids])]) == 0


def test_names_and_counts(server: Server, client: odooly.Client) -> None:
    Lead = client.env["test.lead"]
    assert Lead.name_search("Big") == [[server.ids["leads"]["big"], "Big deal"]]
    assert Lead.search_count([("state", "=", "open")]) == len(
        Lead.search([("state", "=", "open")]).ids)


def test_models_and_references(client: odooly.Client) -> None:
    assert "test.lead" in client.env.models("test.")
    assert {"res.users", "ir.model", "ir.actions.report", "test.tag"} <= set(
        client.env.models())
    with pytest.raises(odooly.Error) as info:
        client.env["test.nothing"]
    assert "Model not found" in str(info.value)
    admin = client.env.ref("base.user_admin")
    assert admin.id == 2 and admin._name == "res.users"
    assert client.env.access("test.lead", "read") is True
    assert client.env.access("test.lead", "unlink") is True


def test_fields_and_metadata(server: Server, client: odooly.Client) -> None:
    fields = client.env["test.lead"].fields_get()
    assert all("type" in description for description in fields.values())
    assert fields["priority"]["selection"] == [["0", "Low"], ["1", "Medium"], ["2", "High"]]
    assert fields["tag_ids"]["relation"] == "test.tag"
    meta = client.env["test.lead"].browse(server.ids["leads"]["big"]).get_metadata()
    meta = meta[0] if isinstance(meta, list) else meta
    assert meta["create_uid"] == [1, "System"] and meta["xmlid"] is False


def test_session_lost_then_session_expired(server: Server) -> None:
    """odooly signs in again after its own session_destroy(); a session ended behind its
    back (here: destroyed through the raw web API) gives the code-100 error."""
    client = odooly.Client(server.url, server.db, "admin", ADMIN_PASSWORD)
    count = client.env["test.lead"].search_count([])
    client.env.session_destroy()
    assert client.env["test.lead"].search_count([]) == count       # a new session
    client.env.client.web_session.destroy()     # (odooly shares clients per server and db)
    with pytest.raises(odooly.ServerError) as info:
        client.env["test.lead"].search_count([])
    error: dict[str, Any] = info.value.args[0]
    assert error["code"] == 100
    assert error["data"]["name"] == "odoo.http.SessionExpiredException"
    client.env.session_destroy()                # code 100 again: ignored by odooly
    rpc = odooly.Client(server.url + "/jsonrpc", server.db, "admin", ADMIN_PASSWORD)
    assert rpc.env["test.lead"].search_count([]) == count
