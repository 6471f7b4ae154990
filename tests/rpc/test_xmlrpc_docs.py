"""RPC_SPEC §10 with xmlrpc.client used as Odoo's External API documentation shows it."""

from __future__ import annotations

import datetime as dt
import xmlrpc.client

import pytest

from core.testing import ADMIN_PASSWORD

from .conftest import Raw
from .server import Server


def test_documentation_login(server: Server, raw: Raw) -> None:
    common = raw.proxy("common")
    assert common.version()["server_version"] == "17.0"
    assert common.authenticate(server.db, "admin", ADMIN_PASSWORD, {}) == 2
    assert common.login(server.db, "admin", ADMIN_PASSWORD) == 2
    with pytest.raises(xmlrpc.client.Fault) as info:
        common.authenticate(server.db, "admin", "wrong-password", {})
    assert info.value.faultCode == 3
    with pytest.raises(xmlrpc.client.Fault) as info:
        raw.models()("test.lead", "search", [[]], password="wrong-password")
    assert (info.value.faultCode, info.value.faultString) == (3, "Access Denied")
    with pytest.raises(xmlrpc.client.Fault) as info:
        common.login("no_such_db", "admin", ADMIN_PASSWORD)
    assert 'database "no_such_db" does not exist' in info.value.faultString


def test_documentation_calls(server: Server, raw: Raw) -> None:
    models = raw.models()
    assert models("test.partner", "check_access_rights", ["read"],
                  {"raise_exception": False}) is True
    assert models("test.partner", "search", [[["email", "!=", False]]],
                  {"offset": 1, "limit": 5}) == [server.ids["partners"]["deco"]]
    assert models("test.partner", "search_count", [[["email", "!=", False]]]) == 2
    partner = models("test.partner", "create", [{"name": "New Partner"}])
    assert isinstance(partner, int)
    assert models("test.partner", "write", [[partner], {"name": "Newer partner"}]) is True
    assert models("test.partner", "read", [[partner], ["display_name"]]) == [
        {"id": partner, "display_name": "Newer partner"}]
    assert models("test.partner", "name_get", [[partner]]) == [[partner, "Newer partner"]]
    assert models("test.partner", "unlink", [[partner]]) is True
    assert models("test.partner", "read", [[partner]]) == []


def test_search_read_values(server: Server, raw: Raw) -> None:
    rows = raw.models()("test.lead", "search_read", [[["state", "=", "open"]]],
                        {"fields": ["name", "partner_id", "category_id", "description"],
                         "limit": 2, "order": "revenue desc"})
    assert rows == [
        {"id": server.ids["leads"]["big"], "name": "Big deal",
         "partner_id": [server.ids["partners"]["azure"], "Azure Interior"],
         "category_id": [server.ids["categories"]["root"], "Root"],
         "description": "Strategic"},
        {"id": server.ids["leads"]["medium"], "name": "Medium deal",
         "partner_id": [server.ids["partners"]["brandon"], "Brandon Freeman"],
         "category_id": [server.ids["categories"]["child"], "Child"],
         "description": False},
    ]


def test_missing_records(raw: Raw) -> None:
    models = raw.models()
    lead = models("test.lead", "create", [{"name": "Short-lived"}])
    assert models("test.lead", "unlink", [[lead]]) is True
    assert models("test.lead", "read", [[lead], ["name"]]) == []
    assert models("test.lead", "unlink", [[lead]]) is True
    assert models("test.lead", "exists", [[lead]]) == []
    with pytest.raises(xmlrpc.client.Fault) as info:
        models("test.lead", "write", [[lead], {"name": "Back?"}])
    assert info.value.faultCode == 2


def test_fields_get(raw: Raw) -> None:
    models = raw.models()
    everything = models("test.lead", "fields_get", [])
    assert all("type" in attrs for attrs in everything.values())
    assert everything["partner_id"]["relation"] == "test.partner"
    assert everything["line_ids"]["relation"] == "test.line"
    assert everything["state"]["selection"] == [["open", "Open"], ["won", "Won"],
                                                ["lost", "Lost"]]
    assert isinstance(everything["partner_id"]["context"], dict)
    assert "display_name" in everything
    some = models("test.lead", "fields_get", [], {"attributes": ["string", "help", "type"]})
    assert all(set(attrs) <= {"string", "help", "type"} for attrs in some.values())
    assert some["name"] == {"string": "Name", "help": False, "type": "char"}


def test_model_helpers(server: Server, raw: Raw) -> None:
    models = raw.models()
    lead = server.ids["leads"]["big"]
    assert models("test.lead", "default_get", [["state", "priority", "name"]]) == {
        "state": "open", "priority": "0"}
    meta = models("test.lead", "get_metadata", [[lead]])[0]
    assert meta["id"] == lead and meta["create_uid"] == [1, "System"]
    assert dt.datetime.strptime(meta["create_date"], "%Y-%m-%d %H:%M:%S")
    copy = models("test.lead", "copy", [lead, {"name": "Big deal (copy)"}])
    assert isinstance(copy, int)
    assert models("test.lead", "exists", [[lead, copy, 10**6]]) == [lead, copy]
    assert models("test.lead", "unlink", [copy]) is True
    tag, name = models("test.tag", "name_create", ["Brand new"])
    assert name == "Brand new" and models("test.tag", "unlink", [[tag]]) is True
    assert models("test.lead", "search", [[["state", "=", "open"]], 0, False, False]) == \
        models("test.lead", "search", [[["state", "=", "open"]]])
    assert models("test.lead", "search", [[]], {"count": True}) == 6


def test_read_group(server: Server, raw: Raw) -> None:
    models = raw.models()
    groups = models("test.lead", "read_group", [[], ["revenue"], ["category_id"]])
    for group in groups:
        assert {"category_id", "category_id_count", "revenue", "__domain"} <= set(group)
        assert models("test.lead", "search_count", [group["__domain"]]) == \
            group["category_id_count"]
    flat = models("test.lead", "read_group", [[], ["revenue:sum"], ["priority", "category_id"]],
                  {"lazy": False})
    assert all("__count" in group for group in flat)
    months = models("test.lead", "read_group",
                    [[["date_deadline", "!=", False]], ["revenue"], ["date_deadline:month"]])
    may = next(g for g in months if g["__range"]["date_deadline:month"]["from"] == "2024-05-01")
    assert may["date_deadline:month"] == "May 2024"
    assert may["__range"]["date_deadline:month"]["to"] == "2024-06-01"
    top = models("test.lead", "read_group", [[], ["revenue:sum"], ["category_id"]],
                 {"orderby": "revenue desc", "limit": 1})
    assert len(top) == 1 and top[0]["category_id"][0] == server.ids["categories"]["root"]
    second = models("test.lead", "read_group", [[], ["revenue:sum"], ["category_id"]],
                    {"orderby": "revenue desc", "limit": 1, "offset": 1})
    assert second[0]["category_id"] != top[0]["category_id"]


def test_read_group_buckets_datetimes_in_the_context_time_zone(server: Server,
                                                               raw: Raw) -> None:
    models = raw.models()
    domain = [["id", "=", server.ids["leads"]["big"]]]       # closed 2024-05-01 23:30 UTC

    def day(tz: str) -> str:
        group = models("test.lead", "read_group", [domain, ["revenue"], ["date_closed:day"]],
                       {"context": {"tz": tz}})[0]
        return group["__range"]["date_closed:day"]["from"]
    assert day("UTC") == "2024-05-01"
    assert day("Europe/Berlin") == "2024-05-02"


def test_marshalling(server: Server, raw: Raw) -> None:
    models = raw.models()
    sample = models("test.lead", "rpc_sample", [])
    assert sample["when"] == "2024-05-01 10:30:15" and sample["day"] == "2024-05-02"
    assert sample["by_id"] == {"1": "one", "2": "two"}
    assert sample["text"] == "bell and tab\t kept"
    assert sample["nothing"] is False and sample["pair"] == [1, "a"]
    assert len(sample["records"]) == 2 and sample["raw"] == "bytes"
    json_sample = raw.execute_kw("test.lead", "rpc_sample", [])["result"]
    assert json_sample["when"] == "2024-05-01 10:30:15"
    assert json_sample["by_id"] == {"1": "one", "2": "two"}
    lead = server.ids["leads"]["small"]
    values = {"attachment": xmlrpc.client.Binary(b"hello"),
              "date_closed": dt.datetime(2024, 7, 1, 12, 0, 0),
              "date_deadline": dt.datetime(2024, 7, 2, 0, 0, 0)}
    proxy = xmlrpc.client.ServerProxy(server.url + "/xmlrpc/2/object", use_datetime=True)
    assert proxy.execute_kw(server.db, 2, ADMIN_PASSWORD, "test.lead", "write",
                            [[lead], values]) is True
    row = models("test.lead", "read", [[lead], ["attachment", "date_closed", "date_deadline"]])
    assert row == [{"id": lead, "attachment": "aGVsbG8=", "date_closed": "2024-07-01 12:00:00",
                    "date_deadline": "2024-07-02"}]
    sized = models("test.lead", "read", [[lead], ["attachment"]], {"context": {"bin_size": True}})
    assert sized[0]["attachment"] == "5 bytes"
    with pytest.raises(xmlrpc.client.Fault) as info:
        models("test.lead", "rpc_big_int", [])
    assert info.value.faultCode == 1
    assert raw.execute_kw("test.lead", "rpc_big_int", [])["result"] == 2**40


def test_no_nil_in_any_xmlrpc_answer(server: Server, raw: Raw) -> None:
    for method, args in (("rpc_sample", []), ("default_get", [["name", "partner_id"]]),
                         ("read", [[server.ids["leads"]["nopartner"]]])):
        body = xmlrpc.client.dumps((server.db, 2, ADMIN_PASSWORD, "test.lead", method, args),
                                   "execute_kw").encode()
        status, _type, data = raw.post("/xmlrpc/2/object", body, content_type="text/xml")
        assert status == 200 and b"<nil/>" not in data and b"<fault>" not in data
