"""The Sales access matrix through HTTP: signed-in browsers calling the ORM as themselves."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Browser, Site
from .matrix import CELLS, ROLES


@pytest.fixture(scope="module")
def browsers(site: Site) -> dict[str, Browser]:
    result = {}
    for role in ROLES:
        browser = site.browser()
        assert browser.login(f"web_{role}").status_code == 200
        result[role] = browser
    return result


def _owner(site: Site, role: str, owner: str) -> Any:
    return {"self": site.uids[role], "other": site.uids["stranger"], "nobody": False}[owner]


def _reached(browser: Browser, operation: str, doc: dict[str, Any], owner: Any) -> Any:
    """The response, and whether the document was reached (None when refused)."""
    if operation == "search":
        response = browser.call("search", None, [])
        return response, response.status_code == 200 and doc["id"] in response.json["result"]
    if operation == "read":
        response = browser.call("read", [doc["id"]], ["name"])
    elif operation == "write":
        response = browser.call("write", [doc["id"]], {"amount": 5})
    elif operation == "create":
        response = browser.call("create", None, {"name": "new", "user_id": owner})
    elif operation == "unlink":
        response = browser.call("unlink", [doc["id"]])
    elif operation == "read_group":
        response = browser.call("read_group", None, [("id", "=", doc["id"])], ["amount:sum"],
                                ["user_id"])
        return response, response.status_code == 200 and sum(
            g["user_id_count"] for g in response.json["result"]) == 1
    else:
        response = browser.call("name_search", None, doc["name"])
        return response, response.status_code == 200 and doc["id"] in [
            rid for rid, _n in response.json["result"]]
    return response, response.status_code == 200 and bool(response.json["result"])


@pytest.mark.parametrize(("role", "operation", "owner"), CELLS)
def test_matrix_http(site: Site, browsers: dict[str, Browser], role: str, operation: str,
                     owner: str) -> None:
    from .matrix import expected
    owner_value = _owner(site, role, owner)
    name = f"web doc {role} {operation} {owner}"
    doc = site.run(lambda env: env["test.access.document"].create(
        {"name": name, "user_id": owner_value, "amount": 1}).read(["name"])[0])
    outcome = expected(role, operation, owner)
    response, reached = _reached(browsers[role], operation, doc, owner_value)
    if outcome == "denied":
        assert response.status_code == 403
        page = response.get_data(as_text=True)
        assert "test.access.document" in page and name not in page
        amount = site.run(lambda env: env["test.access.document"].browse(doc["id"]).amount)
        assert amount == 1                                        # nothing changed
    else:
        assert response.status_code == 200
        assert reached is (outcome == "allowed")
