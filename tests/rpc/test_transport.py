"""The transports themselves: endpoints, versions, envelopes, content types, bad bodies."""

from __future__ import annotations

import http.client
import json
import urllib.request
import xmlrpc.client

import odoolib
import odooly
import odoorpc
import pytest

from core.testing import ADMIN_PASSWORD

from .conftest import Raw, error_of
from .server import HOST, Server

VERSION = {"server_version": "17.0", "server_version_info": [17, 0, 0, "final", 0, ""],
           "server_serie": "17.0", "protocol_version": 1}


def test_version_on_every_transport(server: Server, raw: Raw) -> None:
    assert raw.proxy("common").version() == VERSION
    assert raw.proxy("common", legacy=True).version() == VERSION
    assert raw.service("common", "version")["result"] == VERSION
    assert raw.json("/web/webclient/version_info", {})["result"] == VERSION
    assert odoorpc.ODOO(HOST, port=server.port).version == "17.0"


def test_database_list_on_every_client(server: Server, raw: Raw) -> None:
    assert raw.service("db", "list")["result"] == [server.db]
    assert raw.proxy("db").list() == [server.db]
    assert raw.json("/web/database/list", {})["result"] == [server.db]
    assert odoorpc.ODOO(HOST, port=server.port).db.list() == [server.db]
    conn = odoolib.get_connection(hostname=HOST, port=server.port, database=server.db,
                                  login="admin", password=ADMIN_PASSWORD, protocol="xmlrpc")
    assert conn.get_service("db").list() == [server.db]
    client = odooly.Client(server.url)
    assert client.database.list() == [server.db]


def test_small_service_methods(raw: Raw) -> None:
    assert raw.proxy("common").about() == "See http://openerp.com"
    assert raw.proxy("common").about(True) == ["See http://openerp.com", "17.0"]
    assert ["de_DE", "Deutsch"] in raw.json("/web/session/get_lang_list", {})["result"]


def test_db_service_without_master_password(server: Server, raw: Raw) -> None:
    db = raw.proxy("db")
    assert db.server_version() == "17.0"
    assert db.db_exist(server.db) is True and db.db_exist("other") is False
    assert ["de_DE", "Deutsch"] in db.list_lang()
    for method, args in (("drop", ("admin", server.db)), ("dump", ("admin", server.db)),
                         ("create_database", ("admin", "new", False, "en_US"))):
        with pytest.raises(xmlrpc.client.Fault) as info:
            getattr(db, method)(*args)
        assert info.value.faultCode == 3
    error = error_of(raw.service("db", "drop", "x", server.db))
    assert error["data"]["name"] == "odoo.exceptions.AccessDenied"


def test_json_id_is_echoed_whatever_its_type(raw: Raw) -> None:
    for request_id in (7, "2525565c4000c3", None, 1.5):
        answer = raw.json("/web/webclient/version_info", {}, request_id=request_id)
        assert answer["id"] == request_id and answer["jsonrpc"] == "2.0"
    params = {"service": "object", "method": "execute_kw",
              "args": [raw.db, 2, ADMIN_PASSWORD, "res.users", "no_such_method", []]}
    answer = raw.json("/jsonrpc", params, request_id="abc")
    assert answer["id"] == "abc" and error_of(answer)["data"]["name"] == "builtins.AttributeError"


def test_none_result_omits_the_key_over_json_and_is_false_over_xmlrpc(server: Server,
                                                                       raw: Raw) -> None:
    lead = server.ids["leads"]["big"]
    answer = raw.execute_kw("test.lead", "action_return_none", [[lead]])
    assert "result" not in answer and "error" not in answer
    assert raw.models()("test.lead", "action_return_none", [[lead]]) is False
    assert raw.models(legacy=True)("test.lead", "action_return_none", [[lead]]) is False


def test_head_and_get_root(server: Server) -> None:
    connection = http.client.HTTPConnection(HOST, server.port, timeout=10)
    connection.request("HEAD", "/")
    assert connection.getresponse().status == 200
    connection.close()
    request = urllib.request.Request(server.url + "/", method="GET")
    opener = urllib.request.build_opener(NoRedirect())
    with pytest.raises(urllib.error.HTTPError) as info:
        opener.open(request, timeout=10)
    assert info.value.code == 303 and info.value.headers["Location"].endswith("/web")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        return None


def test_malformed_bodies_get_400_and_the_server_keeps_serving(server: Server,
                                                                 raw: Raw) -> None:
    for path, body, kind in (("/jsonrpc", b"{not json", "application/json"),
                             ("/jsonrpc", b"[1, 2]", "application/json"),
                             ("/web/session/authenticate", b"\xff\xfe", "application/json"),
                             ("/jsonrpc", json.dumps({"params": [1]}).encode(),
                              "application/json"),
                             ("/xmlrpc/2/common", b"<methodCall><oops", "text/xml"),
                             ("/xmlrpc/object", b"not xml at all", "text/xml"),
                             ("/xmlrpc/2/object", xmlrpc.client.dumps((1,), methodresponse=True)
                              .encode(), "text/xml")):
        status, content_type, data = raw.post(path, body, content_type=kind)
        assert status == 400, (path, body, data)
        assert content_type.startswith("text/plain") and data
    assert raw.service("common", "version")["result"] == VERSION
    assert raw.proxy("common").version() == VERSION
    assert server.alive()


def test_unknown_service_and_service_methods(raw: Raw) -> None:
    error = error_of(raw.service("nothing", "version"))
    assert error["code"] == 200
    error = error_of(raw.service("common", "nothing"))
    assert error["data"]["message"] == "Method not found: nothing"
    error = error_of(raw.service("object", "nothing", raw.db, 2, ADMIN_PASSWORD, "x", "y"))
    assert error["data"]["name"] == "builtins.NameError"
    with pytest.raises(xmlrpc.client.Fault) as info:
        raw.proxy("common").nothing()
    assert info.value.faultCode == 1 and "Traceback" not in info.value.faultString


def test_legacy_route_is_not_captured_by_the_versioned_one(raw: Raw) -> None:
    """``/xmlrpc/2/common`` and ``/xmlrpc/common`` are two routes with two fault styles."""
    with pytest.raises(xmlrpc.client.Fault) as versioned:
        raw.proxy("common").authenticate(raw.db, "admin", "wrong-password", {})
    with pytest.raises(xmlrpc.client.Fault) as legacy:
        raw.proxy("common", legacy=True).authenticate(raw.db, "admin", "wrong-password", {})
    assert versioned.value.faultCode == 3
    assert legacy.value.faultCode == "AccessDenied"
    assert legacy.value.faultString == "Access Denied"


def test_xmlrpc_answers_are_text_xml(raw: Raw) -> None:
    body = xmlrpc.client.dumps((), "version").encode()
    status, content_type, data = raw.post("/xmlrpc/2/common", body, content_type="text/xml")
    assert status == 200 and content_type.startswith("text/xml")
    assert b"<nil/>" not in data


def test_get_on_rpc_routes_is_refused_without_crashing(server: Server) -> None:
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(server.url + "/xmlrpc/2/common", timeout=10)
    assert info.value.code in (404, 405)
    assert server.alive()
