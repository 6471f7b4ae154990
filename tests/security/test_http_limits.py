"""Request size and nesting limits (issue 11, point 4): 413 before reading past the limit,
over-deep JSON and XML-RPC refused with a clear, translated error, no entity declarations.

In-process tests drive the WSGI application with streams they control (and count); the
last ones run a real ``erp serve`` and upload over a socket, chunked, as an attacker would.
"""

from __future__ import annotations

import io
import json
import select
import socket
import time
import urllib.request
import xmlrpc.client
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from werkzeug.routing import Rule
from werkzeug.wrappers import Response

from core.testing import ADMIN_PASSWORD, DatabaseFactory
from core.web.app import Application, Route

from ..rpc.server import HOST, Server, serving
from .http_app import Endless, FullSite, envelope, execute_kw, json_of, nested, raw_post

LIMIT = 64 * 1024
GERMAN = {"Accept-Language": "de-DE"}


@pytest.fixture(scope="module")
def site(databases: DatabaseFactory) -> FullSite:
    site = FullSite(databases)
    site.app.max_request_size = LIMIT
    return site


# -- size ---------------------------------------------------------------------------------
def test_a_content_length_over_the_limit_is_refused_unread(site: FullSite) -> None:
    for path, kind in (("/jsonrpc", "application/json"), ("/xmlrpc/2/object", "text/xml"),
                       ("/web/session/authenticate", "application/json"),
                       ("/web/login", "application/x-www-form-urlencoded")):
        stream = Endless()
        status, headers, data = raw_post(site.app, path, stream, kind, 100 * 1024 * 1024,
                                         GERMAN)
        assert status == 413, (path, data[:300])
        assert stream.read_bytes == 0
        assert headers["X-Content-Type-Options"] == "nosniff"
        if kind == "application/json":
            error = json_of(data)["error"]["data"]
            assert error["message"] == ("Die Anfrage ist zu groß: höchstens 64 KB werden "
                                        "angenommen.")
        elif kind == "text/xml":
            with pytest.raises(xmlrpc.client.Fault) as info:
                xmlrpc.client.loads(data)
            assert "zu groß" in info.value.faultString
        else:
            assert "text/html" in headers["Content-Type"] and "zu groß" in data.decode()


def test_a_body_without_length_is_read_up_to_the_limit_only(site: FullSite) -> None:
    padding = "x" * (LIMIT - 1000)
    body = json.dumps(envelope({"service": "common", "method": "version", "args": [],
                                "padding": padding})).encode()
    status, _headers, data = raw_post(site.app, "/jsonrpc", io.BytesIO(body),
                                      "application/json")
    assert status == 200 and "result" in json_of(data)          # what fits is served
    stream = Endless()
    status, _headers, data = raw_post(site.app, "/jsonrpc", stream, "application/json")
    assert status == 413
    assert stream.read_bytes <= LIMIT + 1                        # one byte to know
    assert json_of(data)["error"]["data"]["name"] == \
        "werkzeug.exceptions.RequestEntityTooLarge"


def test_the_default_limit_is_ten_megabytes_and_routes_may_raise_it(
        databases: DatabaseFactory, site: FullSite) -> None:
    def echo(ctx: object) -> Response:
        return Response(str(len(ctx.request.get_data())))  # type: ignore[attr-defined]

    routes = SimpleNamespace(ROUTES=[
        Rule("/echo", endpoint=Route(echo, auth="none"), methods=["POST"]),
        Rule("/upload", endpoint=Route(echo, auth="none", max_body=12 * 1024 * 1024),
             methods=["POST"])])
    app = Application(site.registry.url, databases.catalog, route_modules=[routes])
    ten = 10 * 1024 * 1024
    assert raw_post(app, "/echo", Endless(), "text/plain", ten + 1)[0] == 413
    assert raw_post(app, "/echo", io.BytesIO(b"a" * ten), "text/plain", ten)[2] == \
        str(ten).encode()
    assert raw_post(app, "/upload", io.BytesIO(b"a" * (ten + 5)), "text/plain")[2] == \
        str(ten + 5).encode()
    assert raw_post(app, "/upload", Endless(), "text/plain")[0] == 413


# -- depth --------------------------------------------------------------------------------
def test_over_deep_json_is_a_translated_jsonrpc_error(site: FullSite) -> None:
    client = site.client()
    for deep in ("[" * 30000 + "]" * 30000,
                 json.dumps(execute_kw(site.db, "test.lead", "search_count", [[]],
                                       {"context": {"deep": nested(101)}}))):
        response = client.post("/jsonrpc", data=deep, content_type="application/json",
                               headers=GERMAN)
        error = response.get_json()["error"]["data"]
        assert error["message"].startswith("Die Anfrage ist zu tief verschachtelt"), error
        assert "RecursionError" not in json.dumps(error)
    fits = execute_kw(site.db, "test.lead", "search_count", [[]],
                      {"context": {"deep": nested(80)}})
    assert client.post("/jsonrpc", json=fits).get_json()["result"] == 0


def test_over_deep_json_in_a_page_request_is_refused() -> None:
    """Pages read JSON through the application's request class (``get_json``)."""
    from core.web.limits import LimitedRequest, RequestTooDeep
    request = LimitedRequest.from_values(data="[" * 5000 + "]" * 5000, method="POST",
                                         content_type="application/json")
    with pytest.raises(RequestTooDeep):
        request.get_json()
    for encoding in ("utf-8", "utf-16", "utf-32"):      # json.loads takes all three
        with pytest.raises(RequestTooDeep):
            LimitedRequest.from_values(data=json.dumps(nested(101)).encode(encoding),
                                       method="POST", content_type="application/json"
                                       ).get_json(silent=True)
    tricky = {"text": '[[[\\"{{' * 60, "list": nested(99)}    # brackets inside strings
    assert LimitedRequest.from_values(data=json.dumps(tricky), method="POST",
                                      content_type="application/json").get_json() == tricky


def _xml_call(method: str, *params: object) -> bytes:
    return xmlrpc.client.dumps(params, method).encode()


def test_over_deep_xmlrpc_is_a_translated_fault(site: FullSite) -> None:
    client = site.client()
    array = "<value><array><data>"
    very_deep = ("<?xml version='1.0'?><methodCall><methodName>version</methodName><params>"
                 "<param>" + array * 1400 + "</data></array></value>" * 1400 +
                 "</param></params></methodCall>")
    for body in (very_deep.encode(),
                 _xml_call("execute_kw", site.db, 2, ADMIN_PASSWORD, "test.lead",
                           "search_count", [[]], {"context": {"deep": nested(101)}})):
        response = client.post("/xmlrpc/2/object", data=body, content_type="text/xml",
                               headers=GERMAN)
        with pytest.raises(xmlrpc.client.Fault) as info:
            xmlrpc.client.loads(response.get_data())
        assert info.value.faultCode == 2
        assert info.value.faultString.startswith("Die Anfrage ist zu tief verschachtelt")
    fits = _xml_call("execute_kw", site.db, 2, ADMIN_PASSWORD, "test.lead", "search_count",
                     [[]], {"context": {"deep": nested(80)}})
    answer = client.post("/xmlrpc/2/object", data=fits, content_type="text/xml")
    assert xmlrpc.client.loads(answer.get_data())[0] == (0,)


def test_xmlrpc_refuses_entity_declarations(site: FullSite) -> None:
    entity = ('<?xml version="1.0"?><!DOCTYPE m [<!ENTITY v "version">]>'
              "<methodCall><methodName>&v;</methodName><params/></methodCall>")
    laughs = ['<!ENTITY l0 "lol">'] + [
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    bomb = ('<?xml version="1.0"?><!DOCTYPE m [' + "".join(laughs) + "]><methodCall>"
            "<methodName>version</methodName><params><param><value><string>&l9;</string>"
            "</value></param></params></methodCall>")
    client = site.client()
    for body in (entity, bomb):
        started = time.monotonic()
        response = client.post("/xmlrpc/2/common", data=body, content_type="text/xml")
        assert time.monotonic() - started < 2
        assert response.status_code == 400
        assert "document type declaration" in response.get_data(as_text=True)


# -- a real server, over a socket ---------------------------------------------------------
SERVED_LIMIT = 1024 * 1024


@pytest.fixture(scope="module")
def server(databases: DatabaseFactory) -> Iterator[Server]:
    with serving(databases, ["test_rpc"], None, "--max-request-size", "1M") as served:
        yield served


def _read_response(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data or len(data) < _expected_length(data):
        try:
            piece = sock.recv(65536)
        except ConnectionResetError:
            break
        if not piece:
            break
        data += piece
    return data


def _expected_length(data: bytes) -> int:
    head, _sep, _body = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(head) + 4 + int(line.split(b":")[1])
    return len(data) + 1


def _upload_chunked(server: Server, total: int) -> tuple[int, bytes]:
    """Send up to ``total`` bytes of a chunked body, stopping as soon as the server
    answers: (bytes sent, the response)."""
    sock = socket.create_connection((HOST, server.port), timeout=20)
    try:
        sock.sendall(b"POST /jsonrpc HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json"
                     b"\r\nTransfer-Encoding: chunked\r\n\r\n" % HOST.encode())
        sent, piece = 0, b"a" * 65536
        while sent < total and not select.select([sock], [], [], 0)[0]:
            try:
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(piece)
        if sent >= total:
            sock.sendall(b"0\r\n\r\n")
        return sent, _read_response(sock)
    finally:
        sock.close()


def _healthy(server: Server) -> bool:
    with urllib.request.urlopen(server.url + "/web/health", timeout=10) as response:
        healthy = response.status == 200
    request = urllib.request.Request(server.url + "/jsonrpc", method="POST", data=json.dumps(
        envelope({"service": "common", "method": "version", "args": []})).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return healthy and "result" in json.load(response) and server.alive()


def test_served_chunked_upload_gets_413_before_the_body_is_read(server: Server) -> None:
    total = 64 * 1024 * 1024
    started = time.monotonic()
    sent, response = _upload_chunked(server, total)
    assert response.startswith(b"HTTP/1.1 413"), response[:300]
    assert sent < total                      # answered while the client was still sending
    assert b"RequestEntityTooLarge" in response and b"1 MB" in response
    assert time.monotonic() - started < 10
    assert _healthy(server)


def test_served_anonymous_huge_content_length_is_refused_at_once(server: Server) -> None:
    sock = socket.create_connection((HOST, server.port), timeout=10)
    try:
        sock.sendall(b"POST /jsonrpc HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json"
                     b"\r\nContent-Length: %d\r\n\r\n{\"jsonrpc\": " % (HOST.encode(),
                                                                     100 * 1024 * 1024))
        response = _read_response(sock)
    finally:
        sock.close()
    assert response.startswith(b"HTTP/1.1 413"), response[:300]
    assert b"no-store" in response and b"nosniff" in response
    assert _healthy(server)


def test_the_limit_option_takes_sizes_and_refuses_nonsense(
        capsys: pytest.CaptureFixture[str]) -> None:
    from core.cli import main
    from core.web.limits import format_size, parse_size
    assert [parse_size(t) for t in ("10M", "512k", "1048576", "2 MB", "1GiB")] == [
        10 * 1024 ** 2, 512 * 1024, 1024 ** 2, 2 * 1024 ** 2, 1024 ** 3]
    assert [format_size(n) for n in (10 * 1024 ** 2, 65536, 1000)] == ["10 MB", "64 KB",
                                                                       "1000 B"]
    for bad in ("0", "-5M", "ten", "5T"):
        with pytest.raises(SystemExit) as info:
            main(["--db", "sqlite://", "serve", f"--max-request-size={bad}"])
        assert info.value.code == 2
        assert "invalid size value" in capsys.readouterr().err
