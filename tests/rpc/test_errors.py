"""Bad calls: each gets Odoo's documented error shape on every transport, nothing of it is
kept (the call's transaction is rolled back), and the server goes on serving."""

from __future__ import annotations

import xmlrpc.client
from collections.abc import Iterator
from typing import Any

import pytest

from core.testing import ADMIN_PASSWORD, DatabaseFactory

from .conftest import USER_PASSWORD, Raw, error_of
from .server import Server, serving

JSON_NAMES = {
    "unknown model": "odoo.exceptions.UserError",
    "unknown method": "builtins.AttributeError",
    "private method": "odoo.exceptions.AccessError",
    "api.private method": "odoo.exceptions.AccessError",
    "ORM internals": "odoo.exceptions.AccessError",
    "init": "odoo.exceptions.AccessError",
    "ids of the wrong type": "builtins.TypeError",
    "args not a list": "builtins.TypeError",
    "unknown keyword": "builtins.TypeError",
    "missing argument": "builtins.TypeError",
    "no ids": "builtins.TypeError",
    "kwargs not a dict": "builtins.TypeError",
    "bad limit": "builtins.ValueError",
    "invalid domain": "builtins.ValueError",
    "validation": "odoo.exceptions.ValidationError",
    "user error": "odoo.exceptions.UserError",
    "redirect warning": "odoo.exceptions.RedirectWarning",
    "missing record": "odoo.exceptions.MissingError",
    "unexpected": "builtins.ZeroDivisionError",
}
FAULT_CODES = {"odoo.exceptions.AccessError": 4, "odoo.exceptions.AccessDenied": 3,
               "odoo.exceptions.UserError": 2, "odoo.exceptions.ValidationError": 2,
               "odoo.exceptions.MissingError": 2, "odoo.exceptions.RedirectWarning": 2}
LEGACY_CODES = {"odoo.exceptions.AccessError": "warning -- AccessError\n\n",
                "odoo.exceptions.UserError": "warning -- UserError\n\n",
                "odoo.exceptions.ValidationError": "warning -- UserError\n\n",
                "odoo.exceptions.MissingError": "warning -- MissingError\n\n",
                "odoo.exceptions.RedirectWarning": "warning -- Warning\n\n"}


def bad_calls(server: Server) -> dict[str, tuple[str, str, list[Any], dict[str, Any] | None]]:
    lead = server.ids["leads"]["big"]
    return {
        "unknown model": ("test.nothing", "search", [[]], None),
        "unknown method": ("test.lead", "wrong_method", [[lead]], None),
        "private method": ("test.lead", "_private_method", [[lead]], None),
        "api.private method": ("test.lead", "rpc_secret", [[lead]], None),
        "ORM internals": ("test.lead", "sudo", [[lead]], None),
        "init": ("test.lead", "init", [[lead]], None),
        "ids of the wrong type": ("test.lead", "read", [["abc"], ["name"]], None),
        "args not a list": ("test.lead", "search", {"domain": []}, None),  # type: ignore
        "unknown keyword": ("test.lead", "rpc_add", [1], {"c": 3}),
        "missing argument": ("test.lead", "rpc_add", [], None),
        "no ids": ("test.lead", "write", [], None),
        "kwargs not a dict": ("test.lead", "search", [[]], ["not", "a", "dict"]),  # type: ignore
        "bad limit": ("test.lead", "search", [[], 0, "many"], None),
        "invalid domain": ("test.lead", "search", [[["nope", "=", 1]]], None),
        "validation": ("test.lead", "create", [[{"name": "kept?"}, {"description": "x"}]],
                       None),
        "user error": ("test.lead", "rpc_fail", ["user"], None),
        "redirect warning": ("test.lead", "rpc_fail", ["redirect"], None),
        "missing record": ("test.lead", "write", [[10**6], {"name": "x"}], None),
        "unexpected": ("test.lead", "rpc_fail", ["zero"], None),
    }


@pytest.mark.parametrize("case", list(JSON_NAMES))
def test_json_error_shapes(server: Server, raw: Raw, case: str) -> None:
    model, method, args, kwargs = bad_calls(server)[case]
    error = error_of(raw.execute_kw(model, method, args, kwargs))
    assert error["code"] == 200 and error["message"] == "Odoo Server Error"
    data = error["data"]
    assert data["name"] == JSON_NAMES[case]
    assert data["message"] and data["arguments"] and data["debug"] == ""
    if case in ("private method", "api.private method", "ORM internals", "init"):
        assert data["message"] == f"Private methods (such as {method}) cannot be called " \
                                  "remotely."
    if case == "unexpected":
        assert "division" not in data["message"]          # internals stay in the log
    if case == "redirect warning":
        assert data["arguments"][0] == "Configure first" and len(data["arguments"]) == 4
    assert raw.service("common", "version")["result"]["server_version"] == "17.0"


@pytest.mark.parametrize("case", list(JSON_NAMES))
@pytest.mark.parametrize("legacy", [False, True])
def test_xmlrpc_faults(server: Server, raw: Raw, case: str, legacy: bool) -> None:
    model, method, args, kwargs = bad_calls(server)[case]
    with pytest.raises(xmlrpc.client.Fault) as info:
        raw.models(legacy)(model, method, args, kwargs)
    fault = info.value
    name = JSON_NAMES[case]
    assert "Traceback" not in str(fault.faultString)
    if legacy:
        expected = LEGACY_CODES.get(name)
        if expected is None:
            assert fault.faultString == "" and fault.faultCode
        else:
            assert fault.faultCode.startswith(expected) and fault.faultString == ""
    else:
        assert fault.faultCode == FAULT_CODES.get(name, 1)


def test_nothing_of_a_failed_call_is_kept(raw: Raw) -> None:
    assert raw.execute_kw("test.lead", "search_count", [[["name", "=", "kept?"]]])[
        "result"] == 0


def test_access_errors(server: Server, raw: Raw) -> None:
    demo = server.ids["demo"]
    lead = server.ids["leads"]["big"]
    error = error_of(raw.execute_kw("test.lead", "write", [[lead], {"name": "Mine"}],
                                    uid=demo, password=USER_PASSWORD))
    assert error["data"]["name"] == "odoo.exceptions.AccessError"
    assert error["data"]["arguments"][0] == error["data"]["message"]
    with pytest.raises(xmlrpc.client.Fault) as info:
        raw.models()("test.lead", "unlink", [[lead]], uid=demo, password=USER_PASSWORD)
    assert info.value.faultCode == 4
    with pytest.raises(xmlrpc.client.Fault) as info:
        raw.models(legacy=True)("res.users", "write", [[2], {"name": "Me"}], uid=demo,
                                password=USER_PASSWORD)
    assert info.value.faultCode.startswith("warning -- AccessError\n\n")
    module = raw.execute_kw("ir.module.module", "search", [[]], uid=demo,
                            password=USER_PASSWORD)
    assert error_of(module)["data"]["name"] == "odoo.exceptions.AccessError"


def test_wrong_credentials(server: Server, raw: Raw) -> None:
    for uid, password in ((2, "wrong-password"), ("abc", ADMIN_PASSWORD),
                          (server.ids["demo"], ADMIN_PASSWORD)):
        error = error_of(raw.execute_kw("res.users", "context_get", [], uid=uid,
                                        password=password))
        assert error["data"]["name"] == "odoo.exceptions.AccessDenied"
        assert error["data"]["message"] == "Access Denied"
    assert raw.execute_kw("res.users", "context_get", [], uid="2")["result"]["uid"] == 2
    error = error_of(raw.service("common", "authenticate", "other_db", "admin",
                                 ADMIN_PASSWORD, {}))
    assert error["data"]["name"] == "psycopg2.OperationalError"
    assert 'database "other_db" does not exist' in error["data"]["message"]


def test_api_key_instead_of_password(server: Server, raw: Raw) -> None:
    key, demo = server.ids["api_key"], server.ids["demo"]
    assert raw.service("common", "login", server.db, "demo", key)["result"] == demo
    assert raw.models()("test.lead", "search_count", [[]], uid=demo, password=key) == 6
    answer = raw.json("/web/session/authenticate", {"db": server.db, "login": "demo",
                                                     "password": key})
    assert error_of(answer)["data"]["name"] == "odoo.exceptions.AccessDenied"


def test_execute_positional_and_six_argument_execute_kw(server: Server, raw: Raw) -> None:
    answer = raw.service("object", "execute", server.db, 2, ADMIN_PASSWORD, "test.lead",
                         "search_count", [["state", "=", "open"]])
    assert answer["result"] == 4
    assert raw.execute_kw("res.users", "context_get", [])["result"]["uid"] == 2
    assert raw.proxy("object").execute(server.db, 2, ADMIN_PASSWORD, "test.lead",
                                       "rpc_add", 1, 2) == 3
    assert raw.execute_kw("test.lead", "rpc_add", [1], {"b": 41})["result"] == 42


def test_messages_in_the_language_of_the_context(raw: Raw) -> None:
    error = error_of(raw.execute_kw("test.lead", "_private_method", [[1]],
                                    {"context": {"lang": "de_DE"}}))
    assert error["data"]["message"] == "Private Methoden (wie _private_method) können " \
                                       "nicht von außen aufgerufen werden."
    error = error_of(raw.execute_kw("test.nothing", "search", [[]],
                                    {"context": {"lang": "de_DE"}}))
    assert error["data"]["message"] == "Objekt test.nothing existiert nicht"


def test_session_expired(server: Server, raw: Raw) -> None:
    call = {"model": "res.users", "method": "context_get", "args": [], "kwargs": {}}
    for path, headers in (("/web/dataset/call_kw/res.users/context_get", None),
                          ("/web/dataset/call_kw", {"Cookie": "session_id=forged-token"}),
                          ("/web/dataset/call_button", None),
                          ("/web/session/get_session_info", None),
                          ("/web/session/check", None),
                          ("/web/session/destroy", None)):
        error = error_of(raw.json(path, call, request_id="x1", headers=headers))
        assert error["code"] == 100 and error["message"] == "Odoo Session Expired"
        assert error["data"]["name"] == "odoo.http.SessionExpiredException"
    assert raw.service("common", "version")["result"]["server_version"] == "17.0"


def test_web_session_calls(server: Server) -> None:
    """call_kw and call_button with a cookie; an unknown model is a KeyError there."""
    import http.cookiejar
    import json
    import urllib.request
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(
        http.cookiejar.CookieJar()))

    def post(path: str, params: dict[str, Any]) -> dict[str, Any]:
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params,
                           "id": 1}).encode()
        request = urllib.request.Request(server.url + path, data=body,
                                         headers={"Content-Type": "application/json"})
        with opener.open(request, timeout=30) as response:
            return json.loads(response.read())

    info = post("/web/session/authenticate", {"db": server.db, "login": "admin",
                                              "password": ADMIN_PASSWORD})["result"]
    assert info["uid"] == 2 and info["user_context"]["uid"] == 2 and info["is_system"]
    assert post("/web/session/get_session_info", {})["result"]["username"] == "admin"
    assert "result" not in post("/web/session/check", {})
    lead = server.ids["leads"]["big"]
    action = post("/web/dataset/call_button", {"model": "test.lead",
                                               "method": "action_open_partner",
                                               "args": [[lead]], "kwargs": {}})["result"]
    assert action["res_model"] == "test.partner"
    assert post("/web/dataset/call_button/test.lead/action_return_none", {
        "model": "test.lead", "method": "action_return_none", "args": [[lead]],
        "kwargs": {}})["result"] is False
    error = error_of(post("/web/dataset/call_kw/x/y", {"model": "test.nothing",
                                                       "method": "search", "args": [[]]}))
    assert error["data"]["name"] == "builtins.KeyError"
    context = post("/web/dataset/call_kw", {"model": "test.lead", "method": "rpc_context",
                                            "args": [], "kwargs": {"context": {"x": 1}}})
    assert context["result"]["x"] == 1 and context["result"]["tz"] == "Europe/Berlin"
    assert "result" not in post("/web/session/destroy", {})
    assert post("/web/dataset/call_kw", {"model": "test.lead", "method": "search",
                                         "args": [[]]})["error"]["code"] == 100


def test_server_is_still_serving(server: Server, raw: Raw) -> None:
    assert server.alive()
    assert raw.proxy("common").version()["server_version"] == "17.0"
    assert raw.models()("test.lead", "search_count", [[]]) == 6


# -- a server started with --debug and a master password --------------------------------
MASTER = "master-secret-1"


@pytest.fixture(scope="module")
def debug_server(databases: DatabaseFactory) -> Iterator[Server]:
    with serving(databases, ["test_rpc"], None, "--debug", "--master-password",
                 MASTER) as served:
        yield served


def test_debug_mode_adds_tracebacks_to_debug_only(debug_server: Server) -> None:
    raw = Raw(debug_server)
    error = error_of(raw.execute_kw("test.lead", "rpc_fail", ["zero"]))
    assert "Traceback" in error["data"]["debug"]
    assert "ZeroDivisionError" in error["data"]["debug"]
    with pytest.raises(xmlrpc.client.Fault) as info:
        raw.models()("test.lead", "wrong_method", [[]])
    assert info.value.faultCode == 1 and "Traceback" in info.value.faultString


def test_master_password(debug_server: Server) -> None:
    db = Raw(debug_server).proxy("db")
    with pytest.raises(xmlrpc.client.Fault) as info:
        db.drop("wrong", debug_server.db)
    assert info.value.faultCode == 3
    with pytest.raises(xmlrpc.client.Fault) as info:
        db.drop(MASTER, debug_server.db)
    assert info.value.faultCode == 2 and "erp" in info.value.faultString
    assert db.list() == [debug_server.db]
