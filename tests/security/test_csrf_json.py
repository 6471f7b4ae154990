"""CSRF on the JSON routes signed in by the session cookie (issue 11, point 5).

A page of another origin — same-site ones included, whose requests carry the
``SameSite=Lax`` cookie — can make the victim's browser POST a form (``text/plain``,
urlencoded, multipart) anywhere; ``application/json`` needs a CORS preflight it never gets.
So ``/web/session/*`` and ``/web/dataset/*`` answer only JSON, and only from this origin
when the browser names one. odooly sends JSON without ``Origin`` and keeps working
(tests/rpc/test_odooly.py); ``/jsonrpc`` carries its credentials in the body and is free.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from werkzeug.test import Client

from core.testing import ADMIN_PASSWORD, DatabaseFactory

from .http_app import FullSite, envelope

GERMAN = {"Accept-Language": "de-DE"}


@pytest.fixture(scope="module")
def site(databases: DatabaseFactory) -> FullSite:
    """The administrator speaks German: refusals are in the session's language."""
    site = FullSite(databases)
    site.run(lambda env: env["res.users"].browse(2).write({"lang": "de_DE"}))
    return site


@pytest.fixture
def lead(site: FullSite) -> int:
    return site.run(lambda env: env["test.lead"].create({"name": "Untouched"}).id)


def _rename(lead: int) -> str:
    return json.dumps(envelope({"model": "test.lead", "method": "write",
                                "args": [[lead], {"name": "Rewritten by a foreign page"}],
                                "kwargs": {}}))


def _name(site: FullSite, lead: int) -> str:
    return site.run(lambda env: env["test.lead"].browse(lead).name)


def _error(response: Any) -> str:
    answer = response.get_json()
    assert "result" not in answer, answer
    return answer["error"]["data"]["message"]


def _signed_in(site: FullSite) -> Client:
    return site.signed_in()


def test_form_and_text_bodies_do_not_reach_call_kw(site: FullSite, lead: int) -> None:
    client = _signed_in(site)
    body = _rename(lead)
    attempts = [
        {"data": body, "content_type": "text/plain"},
        {"data": body, "content_type": "text/plain;charset=UTF-8"},
        {"data": {body: ""}, "content_type": "application/x-www-form-urlencoded"},
        {"data": {"payload": body}, "content_type": "multipart/form-data"},
    ]
    for attempt in attempts:
        for path in ("/web/dataset/call_kw", "/web/dataset/call_kw/test.lead/write",
                     "/web/dataset/call_button"):
            response = client.post(path, headers=GERMAN, **attempt)
            assert _error(response) == ("Diese Adresse nimmt nur JSON-Anfragen an "
                                        "(Content-Type: application/json).")
            assert response.headers["Cache-Control"] == "no-store"
    assert _name(site, lead) == "Untouched"
    answer = client.post("/web/dataset/call_kw", data=body,
                         content_type="application/json").get_json()
    assert answer["result"] is True and _name(site, lead) == "Rewritten by a foreign page"


def test_a_foreign_page_cannot_sign_the_victim_out_or_in(site: FullSite) -> None:
    client = _signed_in(site)
    for kind in ("text/plain", "application/x-www-form-urlencoded"):
        client.post("/web/session/destroy", data=json.dumps(envelope({})), content_type=kind)
    info = client.post("/web/session/get_session_info", json=envelope({})).get_json()
    assert info["result"]["username"] == "admin"
    victim = site.client()
    login = json.dumps(envelope({"db": site.db, "login": "admin", "password": ADMIN_PASSWORD}))
    victim.post("/web/session/authenticate", data=login, content_type="text/plain")
    assert victim.get_cookie("session_id") is None
    assert "result" in victim.post("/web/session/authenticate", data=login,
                                   content_type="application/json").get_json()


def test_json_from_another_origin_is_refused(site: FullSite, lead: int) -> None:
    client = _signed_in(site)
    body = _rename(lead)
    foreign = [{"Origin": "http://evil.example.com"}, {"Origin": "null"},
               {"Origin": "http://localhost.evil.example.com"},
               {"Origin": "http://localhost:8080"},
               {"Sec-Fetch-Site": "same-site"}, {"Sec-Fetch-Site": "cross-site"},
               {"Origin": "http://localhost", "Sec-Fetch-Site": "same-site"}]
    for headers in foreign:
        response = client.post("/web/dataset/call_kw", data=body,
                               content_type="application/json", headers={**headers, **GERMAN})
        assert _error(response) == ("Diese Anfrage kam von einer anderen Website und wurde "
                                    "abgelehnt."), headers
    assert _name(site, lead) == "Untouched"
    preflight = client.open("/web/dataset/call_kw", method="OPTIONS", headers={
        "Origin": "http://evil.example.com", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert "Access-Control-Allow-Origin" not in preflight.headers
    for headers in ({"Origin": "http://localhost"}, {"Origin": "http://LOCALHOST:80"},
                    {"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"}, {}):
        answer = client.post("/web/dataset/call_kw", data=body,
                             content_type="application/json", headers=headers).get_json()
        assert answer["result"] is True, headers


def test_the_web_clients_csrf_header_is_checked_when_sent(site: FullSite, lead: int) -> None:
    client = _signed_in(site)
    page = client.get("/web").get_data(as_text=True)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)">', page).group(1)
    body = _rename(lead)
    wrong = client.post("/web/dataset/call_kw", data=body, content_type="application/json",
                        headers={"X-CSRF-Token": "0" * 64, **GERMAN})
    assert _error(wrong).startswith("Das Sicherheitstoken dieser Anfrage ist ungültig")
    assert _name(site, lead) == "Untouched"
    right = client.post("/web/dataset/call_kw", data=body, content_type="application/json",
                        headers={"X-CSRF-Token": token})
    assert right.get_json()["result"] is True


def test_rpc_with_credentials_in_the_body_is_unaffected(site: FullSite, lead: int) -> None:
    call = envelope({"service": "object", "method": "execute_kw", "args": [
        site.db, 2, ADMIN_PASSWORD, "test.lead", "read", [[lead], ["name"]]]})
    answer = site.client().post("/jsonrpc", data=json.dumps(call), content_type="text/plain",
                                headers={"Origin": "http://elsewhere.example.com"}).get_json()
    assert answer["result"][0]["name"] == "Untouched"
    signed_in = _signed_in(site)
    refused = signed_in.post("/web/dataset/call_kw", data=_rename(lead),
                             content_type="text/plain")
    assert "error" in refused.get_json() and _name(site, lead) == "Untouched"
