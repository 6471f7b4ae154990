"""RPC_SPEC §10.25: the domain operator battery, with search_count over XML-RPC and odooly.

Counts refer to the six active leads of the seed (conftest.seed); the archived one is only
found when the context or the domain asks for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import odooly
import pytest

from core.testing import ADMIN_PASSWORD

from .conftest import Raw
from .server import Server

Counter = Callable[[str, list[Any]], int]


def battery(ids: dict[str, Any]) -> list[tuple[str, list[Any], int]]:
    partners, tags, categories = ids["partners"], ids["tags"], ids["categories"]
    return [
        ("test.lead", [("state", "=", "open")], 4),
        ("test.lead", [("state", "<>", "open")], 2),
        ("test.lead", [("description", "!=", "small")], 5),           # NULL rows included
        ("test.lead", [("revenue", ">", 1000)], 3),
        ("test.lead", [("revenue", ">=", 1000)], 4),
        ("test.lead", [("revenue", "<", 1000)], 2),
        ("test.lead", [("revenue", "<=", 1000)], 3),
        ("test.lead", [("partner_id", "=?", False)], 6),
        ("test.lead", [("partner_id", "=?", partners["azure"])], 1),
        ("test.lead", [("name", "=like", "B_g%")], 1),
        ("test.lead", [("name", "=like", "%deal")], 3),
        ("test.lead", [("name", "like", "deal")], 3),
        ("test.lead", [("name", "like", "DEAL")], 0),                 # case-sensitive
        ("test.lead", [("name", "not like", "deal")], 3),
        ("test.lead", [("name", "ilike", "DEAL")], 3),
        ("test.lead", [("name", "not ilike", "DEAL")], 3),
        ("test.lead", [("name", "=ilike", "big DEAL")], 1),
        ("test.lead", [("name", "ilike", False)], 6),
        ("test.lead", [("priority", "in", ["1", "2"])], 4),
        ("test.lead", [("priority", "not in", ["1", "2"])], 2),
        ("test.lead", [("id", "in", [])], 0),
        ("test.lead", [("id", "not in", [])], 6),
        ("test.lead", [("description", "in", [False, "small"])], 5),
        ("test.lead", [("tag_ids", "any", [("name", "=", "Hot")])], 2),
        ("test.lead", [("tag_ids", "not any", [("name", "=", "Hot")])], 4),
        ("test.lead", [("tag_ids", "in", [tags["Hot"]])], 2),
        ("test.lead", [("tag_ids", "=", False)], 2),
        ("test.lead", [("tag_ids", "!=", False)], 4),
        ("test.lead", [("partner_id.name", "ilike", "azure")], 1),
        ("test.lead", [("partner_id", "=", "Deco Addict")], 2),
        ("test.lead", [("partner_id", "ilike", "azure")], 1),
        ("test.lead", [("partner_id", "child_of", partners["azure"])], 2),
        ("test.lead", [("category_id", "child_of", categories["root"])], 4),
        ("test.lead", ["|", ("state", "=", "won"), "&", ("priority", "=", "1"),
                       "!", ("revenue", "<", 5000)], 2),
        ("test.lead", [(1, "=", 1)], 6),
        ("test.lead", [(0, "=", 1)], 0),
        ("test.lead", [("date_deadline", ">=", "2024-06-01")], 2),
        ("test.lead", [("date_closed", "<", "2024-05-02")], 2),
        ("test.lead", [("active", "=", False)], 1),
        ("test.partner", [("id", "child_of", partners["azure"])], 2),
        ("test.partner", [("id", "parent_of", partners["brandon"])], 2),
        ("test.partner", [("email", "=", False)], 2),
    ]


@pytest.fixture(scope="module")
def odooly_client(server: Server) -> odooly.Client:
    return odooly.Client(server.url, server.db, "admin", ADMIN_PASSWORD)


def counters(raw: Raw, client: odooly.Client) -> dict[str, Counter]:
    models = raw.models()
    return {
        "xmlrpc": lambda model, domain: models(model, "search_count", [domain]),
        "odooly": lambda model, domain: client.env[model].search_count(domain),
    }


@pytest.mark.parametrize("transport", ["xmlrpc", "odooly"])
def test_operator_battery(server: Server, raw: Raw, odooly_client: odooly.Client,
                          transport: str) -> None:
    count = counters(raw, odooly_client)[transport]
    failures = [(model, domain, expected, got) for model, domain, expected in
                battery(server.ids) if (got := count(model, domain)) != expected]
    assert failures == []


def test_active_test_context(server: Server, raw: Raw) -> None:
    models = raw.models()
    archived = server.ids["leads"]["archived"]
    assert archived not in models("test.lead", "search", [[]])
    found = models("test.lead", "search", [[]], {"context": {"active_test": False}})
    assert archived in found and len(found) == 7


def test_invalid_domains_are_value_errors(raw: Raw) -> None:
    for domain in ([("nope", "=", 1)], [("name", "bogus", 1)], [("name", "=")], ["|"],
                   "not a list"):
        answer = raw.execute_kw("test.lead", "search", [domain])
        assert answer["error"]["data"]["name"] == "builtins.ValueError", (domain, answer)
