"""Workers see the changes made by others: addons installed, access rights, record rules
and group memberships changed through one process are in force in the other at its next
request — against real servers: ``erp serve --workers 2`` and two ``erp serve`` processes
on one database (one SQLite file, or one PostgreSQL database), on both backends.

A server that lacks the code of an addon another process installed says "restart needed"
(503 page, RPC fault naming the addon, in the caller's language) instead of serving
without it, and so never uninstalls from a stale view of the database.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from core import cli
from core.orm.environment import Environment
from core.testing import ADMIN_PASSWORD, new_user

from .workers import LATE_ADDONS, TEST_ADDONS, Caller, ServeProcess, fault

SALLY_PASSWORD = "sally-password-1"


def _seed(registry: Any) -> dict[str, int]:
    with registry.transaction() as tx:
        env = Environment(tx, 1, {})
        salesman = env.ref("sales_team.group_sale_salesman")
        sally = new_user(env, "sally", groups=("base.group_user",
                                              "sales_team.group_sale_salesman"),
                         password=SALLY_PASSWORD)
        ids = {"sally": sally.id, "salesman": salesman.id}
    registry.engine.dispose()
    return ids


@pytest.fixture(params=["workers", "processes"])
def pair(request: pytest.FixtureRequest, databases: Any) -> Iterator[dict[str, Any]]:
    """Two ends on one database: the two workers of one server, or two servers."""
    registry = databases.fresh_registry(["sales_team"])
    ids = _seed(registry)
    if request.param == "workers":
        servers = [ServeProcess(registry.url, [TEST_ADDONS], "--workers", "2")]
        pids = servers[0].workers(2)
        ends = [(servers[0], pids[0]), (servers[0], pids[1])]
    else:
        servers = [ServeProcess(registry.url, [TEST_ADDONS]) for _ in range(2)]
        ends = [(server, None) for server in servers]
    try:
        db = registry.db_name
        yield {"ids": ids, "a": Caller(*ends[0][:1], db, "admin", ADMIN_PASSWORD,
                                       pid=ends[0][1]),
               "b": Caller(*ends[1][:1], db, "admin", ADMIN_PASSWORD, pid=ends[1][1]),
               "b_sally": Caller(*ends[1][:1], db, "sally", SALLY_PASSWORD,
                                 pid=ends[1][1])}
    finally:
        for server in servers:
            server.stop()


def _id(caller: Caller, model: str, domain: list) -> int:
    [found] = caller(model, "search", domain)
    return found


def test_changes_made_through_one_are_in_force_in_the_other(pair: dict[str, Any]) -> None:
    a, b, sally, ids = pair["a"], pair["b"], pair["b_sally"], pair["ids"]
    module = _id(b, "ir.module.module", [("name", "=", "test_access")])   # b is warm
    assert "test.access.document" not in [m["model"] for m in b(
        "ir.model", "search_read", [("model", "like", "test.access")], ["model"])]
    a("ir.module.module", "button_immediate_install", [module])
    # the other end serves the new addon at once: its routes, then its models
    assert b.get("/test_access/csrf") == 200
    desk = sally("test.access.document", "create", {"name": "Desk", "amount": 50,
                                                     "user_id": ids["sally"]})
    assert isinstance(desk, int), desk
    assert sally("test.access.document", "search", []) == [desk]
    # an access right taken away through one end is enforced by the other
    acl = _id(a, "ir.model.access", [("name", "=", "document salesman")])
    a("ir.model.access", "write", [acl], {"perm_create": False})
    assert "not allowed to create" in fault(sally("test.access.document", "create",
                                                  {"name": "Chair"}))
    assert sally("test.access.document", "search", []) == [desk]
    # a record rule added through one end filters in the other
    model = _id(a, "ir.model", [("model", "=", "test.access.document")])
    a("ir.rule", "create", {"name": "Big deals only", "model_id": model,
                            "domain_force": "[('amount', '>', 100)]"})
    assert sally("test.access.document", "search", []) == []
    # an upgrade through one end restores the addon's access rights in the other
    a("ir.module.module", "button_immediate_upgrade", [module])
    big = sally("test.access.document", "create", {"name": "Big", "amount": 500,
                                                    "user_id": ids["sally"]})
    assert isinstance(big, int), big
    assert sally("test.access.document", "search", []) == [big]
    # a group membership removed through one end is gone in the other
    a("res.users", "write", [ids["sally"]], {"groups_id": [(3, ids["salesman"])]})
    assert "not allowed to access" in fault(sally("test.access.document", "search", []))
    # uninstalled through one end: the other serves neither its routes nor its models
    a("ir.module.module", "button_immediate_uninstall", [module])
    assert b.get("/test_access/csrf") == 404
    assert "test.access.document" in fault(b("test.access.document", "search", []))


@pytest.fixture
def stack_db(databases: Any) -> Iterator[Any]:
    registry = databases.fresh_registry(["test_stack_a"])
    registry.engine.dispose()
    yield registry
    registry.engine.dispose()


def _schema(registry: Any) -> tuple[set[str], set[str], dict[str, str]]:
    with registry.engine.connect() as conn:
        inspector = sa.inspect(conn)
        tables = set(inspector.get_table_names())
        columns = {c["name"] for c in inspector.get_columns("test_stack")} \
            if "test_stack" in tables else set()
        states = dict(conn.exec_driver_sql(
            "SELECT name, state FROM ir_module_module WHERE name IN "
            "('test_late', 'test_stack_a')").all())
    registry.engine.dispose()
    return tables, columns, states


def _page(server: ServeProcess, lang: str) -> tuple[int, str]:
    request = urllib.request.Request(f"{server.url}/web/login",
                                     headers={"Accept-Language": lang})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_a_server_without_the_code_of_an_installed_addon_says_restart(
        stack_db: Any, capsys: pytest.CaptureFixture) -> None:
    full = ServeProcess(stack_db.url, [TEST_ADDONS, LATE_ADDONS])
    short = ServeProcess(stack_db.url, [TEST_ADDONS])
    try:
        db = stack_db.db_name
        on_full = Caller(full, db, "admin", ADMIN_PASSWORD)
        on_short = Caller(short, db, "admin", ADMIN_PASSWORD)
        german = Caller(short, db, "admin", ADMIN_PASSWORD, lang="de")
        assert on_short("res.users", "search_count", []) > 0     # warm
        # another process, with the late addon's code, installs it
        assert cli.main(["--db", stack_db.url, "--addons-path", str(TEST_ADDONS),
                         "--addons-path", str(LATE_ADDONS), "install", "test_late"]) == 0
        capsys.readouterr()
        assert on_full("test.late", "create", {"name": "served"}) > 0
        assert "must be restarted" in fault(on_short("res.users", "search_count", []))
        assert "test_late" in fault(on_short("res.users", "search_count", []))
        assert "muss neu gestartet werden" in fault(german("res.users", "search_count", []))
        status, html = _page(short, "en")
        assert status == 503 and "<title>Restart needed" in html
        assert "must be restarted" in html and "test_late" in html
        status, html = _page(short, "de")
        assert status == 503 and "<title>Neustart erforderlich" in html
        assert "Addons test_late" in html
        # the stale server cannot uninstall (it would leave test_late's table behind)
        module = on_full("ir.module.module", "search", [("name", "=", "test_stack_a")])
        refused = on_short("ir.module.module", "button_immediate_uninstall", module)
        assert "must be restarted" in fault(refused)
        tables, columns, states = _schema(stack_db)
        assert "test_late" in tables and "late_note" in columns
        assert states == {"test_late": "installed", "test_stack_a": "installed"}
        # the server with the code uninstalls everything, nothing is left behind
        done = on_full("ir.module.module", "button_immediate_uninstall", module)
        assert not fault(done), done
        tables, _columns, states = _schema(stack_db)
        assert not {"test_late", "test_stack"} & tables
        assert states == {"test_late": "uninstalled", "test_stack_a": "uninstalled"}
        assert on_short("res.users", "search_count", [("login", "=", "admin")]) == 1
        assert _page(short, "en")[0] == 200
    finally:
        full.stop()
        short.stop()
