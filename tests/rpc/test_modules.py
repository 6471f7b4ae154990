"""Installing and uninstalling addons over RPC, as integrators script it with odoorpc: the
server's registry is replaced after the commit, so the next call sees the new models."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import odoorpc
import pytest

from core.orm.environment import Environment
from core.testing import ADMIN_PASSWORD, DatabaseFactory, new_user

from .conftest import USER_PASSWORD
from .server import HOST, Server, serving


def seed(env: Environment) -> dict[str, Any]:
    return {"demo": new_user(env, "demo", password=USER_PASSWORD).id}


@pytest.fixture(scope="module")
def server(databases: DatabaseFactory) -> Iterator[Server]:
    with serving(databases, ["base"], seed) as served:
        yield served


def login(server: Server, user: str = "admin", password: str = ADMIN_PASSWORD) -> Any:
    odoo = odoorpc.ODOO(HOST, port=server.port)
    odoo.login(server.db, user, password)
    return odoo


def module_ids(odoo: Any, name: str) -> list[int]:
    return odoo.env["ir.module.module"].search([("name", "=", name)])


def describe(odoo: Any) -> str:
    return odoo.execute_kw("test.stack", "describe", [[]])


def test_install_and_uninstall(server: Server) -> None:
    odoo = login(server)
    assert "test.stack" not in odoo.env
    Module = odoo.env["ir.module.module"]
    action = Module.button_immediate_install(module_ids(odoo, "test_stack_b"))
    assert action == {"type": "ir.actions.client", "tag": "reload"}
    states = Module.read(module_ids(odoo, "test_stack_a") + module_ids(odoo, "test_stack_b"),
                         ["state"])
    assert {row["state"] for row in states} == {"installed"}
    assert "test.stack" in odoo.env
    assert describe(odoo) == "A+B"
    Module.button_immediate_uninstall(module_ids(odoo, "test_stack_b"))
    assert describe(odoo) == "A"
    Module.button_immediate_uninstall(module_ids(odoo, "test_stack_a"))
    assert "test.stack" not in odoo.env
    with pytest.raises(odoorpc.error.RPCError) as info:
        describe(odoo)
    assert str(info.value) == "Object test.stack doesn't exist"


def test_only_settings_administrators_may(server: Server) -> None:
    odoo = login(server, "demo", USER_PASSWORD)
    admin = login(server)
    ids = module_ids(admin, "test_stack_a")
    with pytest.raises(odoorpc.error.RPCError) as info:
        odoo.execute_kw("ir.module.module", "button_immediate_install", [ids])
    assert info.value.info["data"]["name"] == "odoo.exceptions.AccessError"
    assert admin.env["ir.module.module"].read(ids, ["state"])[0]["state"] == "uninstalled"
    assert "test.stack" not in admin.env
