"""A salesperson cannot write in another's name, where they may not post, or at any size,
nor store a won opportunity below 100 % — over XML-RPC and JSON-RPC (issue 11, points 3,
4 and 9).

The real ``crm`` addon is served by ``erp serve``; Sam sells with "own documents" rights,
Kim's opportunity is not Sam's to read. Every refused call must leave nothing behind: the
checks read the database as the administrator afterwards.
"""

from __future__ import annotations

import json
import urllib.request
import xmlrpc.client
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from core.orm.environment import Environment
from core.testing import ADMIN_PASSWORD, DatabaseFactory, new_user
from tests.rpc.server import Server, serving

PASSWORD = "sales-password-1"
ADMIN_ID = 2


def seed(env: Environment) -> dict[str, Any]:
    """Sam and Kim (own documents), an opportunity of each, Kim's with tracked history."""
    salesman = ("base.group_user", "sales_team.group_sale_salesman")
    sam = new_user(env, "sam", name="Sam Seller", password=PASSWORD, groups=salesman)
    kim = new_user(env, "kim", name="Kim Colleague", password=PASSWORD, groups=salesman)
    leads = env["crm.lead"]
    mine = leads.create({"name": "Sam's deal", "type": "opportunity", "user_id": sam.id})
    theirs = leads.create({"name": "Kim's deal", "type": "opportunity", "user_id": kim.id})
    theirs.write({"expected_revenue": 987654})
    return {"sam": sam.id, "mine": mine.id, "theirs": theirs.id,
            "won": env.ref("crm.stage_lead4").id}


@pytest.fixture(scope="module")
def server(databases: DatabaseFactory) -> Iterator[Server]:
    with serving(databases, ["crm"], seed) as served:
        yield served


def _xmlrpc(server: Server, uid: int, password: str) -> Callable[..., Any]:
    proxy = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object", allow_none=True)

    def call(model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        return proxy.execute_kw(server.db, uid, password, model, method, list(args), kwargs)
    return call


def _jsonrpc(server: Server, uid: int, password: str) -> Callable[..., Any]:
    def call(model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
            "service": "object", "method": "execute_kw",
            "args": [server.db, uid, password, model, method, list(args), kwargs]}}).encode()
        request = urllib.request.Request(f"{server.url}/jsonrpc", data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.loads(response.read())
        if "error" in answer:
            raise RpcRefused(answer["error"]["data"]["name"], answer["error"]["data"]["message"])
        return answer["result"]
    return call


class RpcRefused(Exception):
    """A JSON-RPC error answer: the exception's name and message."""


@pytest.fixture(params=["xmlrpc", "jsonrpc"])
def sam(request: pytest.FixtureRequest, server: Server) -> Callable[..., Any]:
    factory = _xmlrpc if request.param == "xmlrpc" else _jsonrpc
    return factory(server, server.ids["sam"], PASSWORD)


@pytest.fixture
def admin(server: Server) -> Callable[..., Any]:
    return _xmlrpc(server, ADMIN_ID, ADMIN_PASSWORD)


def _refused(call: Callable[[], Any], *words: str) -> str:
    """The error text of a call that must fail (either protocol)."""
    with pytest.raises((xmlrpc.client.Fault, RpcRefused)) as info:
        call()
    text = info.value.faultString if isinstance(info.value, xmlrpc.client.Fault) \
        else " ".join(info.value.args)
    for word in words:
        assert word in text, text
    return text


def _chatter(admin: Callable[..., Any], model: str, res_id: int) -> list[dict[str, Any]]:
    return admin("mail.message", "search_read", [("model", "=", model), ("res_id", "=", res_id)],
                 fields=["author_id", "body"])


def test_no_message_on_a_document_one_may_not_post_on(server: Server, sam: Any,
                                                      admin: Any) -> None:
    ids = server.ids
    for model, res_id in (("crm.lead", ids["theirs"]), ("res.users", ADMIN_ID)):
        before = _chatter(admin, model, res_id)
        _refused(lambda m=model, r=res_id: sam("mail.message", "create", {
            "model": m, "res_id": r, "body": "<p>Please wire the money.</p>",
            "message_type": "comment", "author_id": ADMIN_ID}))
        _refused(lambda m=model, r=res_id: sam("mail.message", "create", {
            "model": m, "res_id": r, "body": "<p>Hi</p>"}), "not allowed")
        assert _chatter(admin, model, res_id) == before


def test_messages_are_in_the_poster_own_name(server: Server, sam: Any, admin: Any) -> None:
    ids = server.ids
    before = _chatter(admin, "crm.lead", ids["mine"])
    values = {"model": "crm.lead", "res_id": ids["mine"], "body": "<p>Signed</p>",
              "message_type": "comment"}
    _refused(lambda: sam("mail.message", "create", {**values, "author_id": ADMIN_ID}),
             "own name")
    _refused(lambda: sam("mail.message", "create", values,
                         context={"default_author_id": ADMIN_ID}), "own name")
    _refused(lambda: sam("crm.lead", "message_post", [ids["mine"]], body="As admin",
                         author_id=ADMIN_ID), "own name")
    assert _chatter(admin, "crm.lead", ids["mine"]) == before
    message_id = sam("mail.message", "create", values)
    _refused(lambda: sam("mail.message", "write", [message_id], {"author_id": ADMIN_ID}),
             "author")
    _refused(lambda: sam("mail.message", "write", [message_id], {"res_id": ids["theirs"]}),
             "not allowed")
    [stored] = admin("mail.message", "read", [message_id], ["author_id", "res_id"])
    assert (stored["author_id"][0], stored["res_id"]) == (ids["sam"], ids["mine"])


def test_tracked_values_of_others_stay_hidden(server: Server, sam: Any) -> None:
    rows = sam("mail.tracking.value", "search_read", [("field_name", "=", "expected_revenue")],
               fields=["new_value_float", "message_id"])
    assert 987654.0 not in [row["new_value_float"] for row in rows]


def test_huge_messages_are_refused(server: Server, sam: Any, admin: Any) -> None:
    ids = server.ids
    before = _chatter(admin, "crm.lead", ids["mine"])
    huge = "A" * (2 * 1024 * 1024)
    _refused(lambda: sam("crm.lead", "message_post", [ids["mine"]], body=huge), "too long")
    _refused(lambda: sam("mail.message", "create", {
        "model": "crm.lead", "res_id": ids["mine"], "body": f"<p>{huge}</p>"}), "too long")
    assert _chatter(admin, "crm.lead", ids["mine"]) == before


def test_a_won_opportunity_is_at_100_percent(server: Server, sam: Any, admin: Any) -> None:
    ids = server.ids
    before = admin("crm.lead", "read", [ids["mine"]], ["stage_id", "probability"])
    _refused(lambda: sam("crm.lead", "write", [ids["mine"]],
                         {"stage_id": ids["won"], "probability": 12}), "won opportunity")
    assert admin("crm.lead", "read", [ids["mine"]], ["stage_id", "probability"]) == before
    won = sam("crm.lead", "create", {"name": "Won now", "type": "opportunity",
                                     "stage_id": ids["won"]})
    _refused(lambda: sam("crm.lead", "write", [won], {"probability": 40}), "100")
    [stored] = admin("crm.lead", "read", [won], ["probability", "won_status"])
    assert (stored["probability"], stored["won_status"]) == (100.0, "won")
