"""Protected fields and oversized domains over the wire (issue 11, points 1, 4 and 13).

The CRM is served by ``erp serve``; a salesperson ("own documents") and the administrator
(uid 2 — nobody runs as the superuser over RPC) send the exact attacks of the issue over
XML-RPC, JSON-RPC and ``/web/dataset/call_kw``: each answer is an AccessError naming the
field, never a hash. A 30,000-term domain is a translated UserError in a moment, and
``exists`` does not confirm a lead the salesperson cannot see.
"""

from __future__ import annotations

import http.cookiejar
import json
import time
import urllib.request
import xmlrpc.client
from collections.abc import Iterator
from typing import Any

import pytest

from core.orm.environment import Environment
from core.testing import ADMIN_PASSWORD, DatabaseFactory, new_user
from tests.rpc.conftest import Raw, error_of
from tests.rpc.server import Server, serving

PASSWORD = "seller-password-1"
PREFIX = "scrypt$"


def seed(env: Environment) -> dict[str, Any]:
    seller = new_user(env, "rpc_seller", ("base.group_user", "sales_team.group_sale_salesman"),
                      password=PASSWORD)
    other = new_user(env, "rpc_other", ("base.group_user", "sales_team.group_sale_salesman"))
    leads = env["crm.lead"]
    mine = leads.create({"name": "Seller's deal", "user_id": seller.id})
    hidden = leads.create({"name": "Other's deal", "user_id": other.id})
    return {"seller": seller.id, "mine": mine.id, "hidden": hidden.id}


@pytest.fixture(scope="module")
def server(databases: DatabaseFactory) -> Iterator[Server]:
    with serving(databases, ["crm"], seed) as served:
        yield served


@pytest.fixture(scope="module")
def raw(server: Server) -> Raw:
    return Raw(server)


ATTACKS = [
    ("res.users", "read_group", [[], ["password_hash:max"], ["login"]], {"lazy": False}),
    ("res.users", "search", [[("id", "=", 2), ("password_hash", ">=", PREFIX)]], {}),
    ("crm.lead", "search", [[("write_uid.password_hash", ">=", PREFIX)]], {}),
    ("crm.lead", "search_count", [[("user_id", "any", [("password_hash", ">=", PREFIX)])]], {}),
    ("res.users", "search_read", [[], ["login"]], {"order": "password_hash desc"}),
    ("res.users", "read", [[2], ["password_hash"]], {}),
]


def credentials(server: Server, role: str) -> tuple[int, str]:
    return (server.ids["seller"], PASSWORD) if role == "seller" else (2, ADMIN_PASSWORD)


@pytest.mark.parametrize("role", ["seller", "admin"])
def test_attacks_over_xmlrpc(server: Server, raw: Raw, role: str) -> None:
    uid, password = credentials(server, role)
    call = raw.models()
    for model, method, args, kwargs in ATTACKS:
        with pytest.raises(xmlrpc.client.Fault) as info:
            call(model, method, args, kwargs, uid=uid, password=password)
        assert "password_hash" in info.value.faultString, (method, args)
        assert PREFIX not in info.value.faultString
    fields = call("res.users", "fields_get", [], {"attributes": ["type"]}, uid=uid,
                  password=password)
    assert "login" in fields and "password_hash" not in fields


@pytest.mark.parametrize("role", ["seller", "admin"])
def test_attacks_over_jsonrpc(server: Server, raw: Raw, role: str) -> None:
    uid, password = credentials(server, role)
    for model, method, args, kwargs in ATTACKS:
        error = error_of(raw.execute_kw(model, method, args, kwargs, uid=uid,
                                        password=password))
        assert error["data"]["name"] == "odoo.exceptions.AccessError", (method, args)
        assert "password_hash" in error["data"]["message"]
    german = error_of(raw.execute_kw(*ATTACKS[0][:3], {"lazy": False, "context": {
        "lang": "de_DE"}}, uid=uid, password=password))
    assert "password_hash" in german["data"]["message"]
    assert "Feld" in german["data"]["message"]


def test_attacks_over_web_call_kw(server: Server) -> None:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(
        http.cookiejar.CookieJar()))

    def post(path: str, params: dict[str, Any]) -> dict[str, Any]:
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params,
                           "id": 1}).encode()
        request = urllib.request.Request(server.url + path, data=body, headers={
            "Content-Type": "application/json", "Origin": server.url})
        with opener.open(request, timeout=30) as response:
            return json.loads(response.read())

    info = post("/web/session/authenticate", {"db": server.db, "login": "rpc_seller",
                                              "password": PASSWORD})["result"]
    assert info["uid"] == server.ids["seller"]
    for model, method, args, kwargs in ATTACKS:
        error = error_of(post("/web/dataset/call_kw", {"model": model, "method": method,
                                                       "args": args, "kwargs": kwargs}))
        assert error["data"]["name"] == "odoo.exceptions.AccessError", (method, args)
        assert "password_hash" in error["data"]["message"]


def test_exists_is_no_oracle_over_rpc(server: Server, raw: Raw) -> None:
    uid, password = credentials(server, "seller")
    asked = [server.ids["mine"], server.ids["hidden"], 999_999]
    assert raw.models()("crm.lead", "exists", [asked], uid=uid, password=password) == \
        [server.ids["mine"]]
    assert raw.models()("crm.lead", "exists", [asked]) == asked[:2]     # the admin sees both


def test_oversized_domains_are_refused_quickly(server: Server, raw: Raw) -> None:
    uid, password = credentials(server, "seller")
    domain = ["|"] * 29_999 + [["name", "=", f"deal {i}"] for i in range(30_000)]
    started = time.monotonic()
    error = error_of(raw.execute_kw("crm.lead", "search", [domain], uid=uid,
                                    password=password))
    assert time.monotonic() - started < 10
    assert error["data"]["name"] == "odoo.exceptions.UserError"
    assert "too many" in error["data"]["message"]
    with pytest.raises(xmlrpc.client.Fault, match="too many values"):
        raw.models()("crm.lead", "search", [[("id", "in", list(range(20_000)))]], uid=uid,
                     password=password)
    assert server.alive()
    assert raw.models()("crm.lead", "search_count", [[]], uid=uid, password=password) >= 1
