"""A served, seeded database per test module, and small helpers to talk to it raw.

The seed is a CRM-like shape on the ORM test models (``test.lead`` for crm.lead,
``test.partner`` for res.partner, ``test.tag`` for crm.tag, ``test.category`` for
crm.stage), with access rights from the ``test_rpc`` addon: internal users may read,
Settings administrators (the admin, uid 2) may do everything.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import xmlrpc.client
from collections.abc import Iterator
from typing import Any

import pytest

from core.orm.environment import Environment
from core.testing import ADMIN_PASSWORD, DatabaseFactory, new_user

from .server import Server, serving

USER_PASSWORD = "demo-password-1"
ADDONS = ["test_rpc"]


def _lead(env: Environment, name: str, **values: Any) -> int:
    return env["test.lead"].create({"name": name, **values}).id


def seed(env: Environment) -> dict[str, Any]:
    """Users, partners, tags, categories (stages) and leads the scenarios use."""
    demo = new_user(env, "demo", name="Demo User", password=USER_PASSWORD)
    german = new_user(env, "german", name="German User", password=USER_PASSWORD,
                      lang="de_DE", tz="Europe/Berlin")
    key = Environment(env.transaction, demo.id, {})["res.users.apikeys"]._generate(
        "rpc", "Tests")
    tag = {t.name: t.id for t in env["test.tag"].create(
        [{"name": n} for n in ("Hot", "Cold", "Product")])}
    tag["VIP"] = env.ref("test_orm.tag_vip").id
    partners = env["test.partner"]
    azure = partners.create({"name": "Azure Interior", "email": "info@azure.example"})
    brandon = partners.create({"name": "Brandon Freeman", "parent_id": azure.id})
    deco = partners.create({"name": "Deco Addict", "email": "deco@example.com"})
    gemini = partners.create({"name": "Gemini Furniture"})
    root, child = env.ref("test_orm.category_root").id, env.ref("test_orm.category_child").id
    qualified = env["test.category"].create({"name": "Qualified", "sequence": 5}).id
    leads = {
        "big": _lead(env, "Big deal", partner_id=azure.id, priority="2", revenue=50000,
                     probability=40, date_deadline="2024-05-10",
                     date_closed="2024-05-01 23:30:00", category_id=root,
                     description="Strategic", tag_ids=[(6, 0, [tag["VIP"], tag["Hot"]])]),
        "medium": _lead(env, "Medium deal", partner_id=brandon.id, priority="1",
                        revenue=7000, probability=60, date_deadline="2024-06-20",
                        date_closed="2024-06-01 10:00:00", category_id=child,
                        tag_ids=[(6, 0, [tag["Hot"]])]),
        "small": _lead(env, "Small deal", partner_id=deco.id, priority="1", revenue=1000,
                       probability=20, date_deadline="2024-06-15", category_id=child,
                       description="small", tag_ids=[(6, 0, [tag["Cold"]])]),
        "lost": _lead(env, "Lost cause", partner_id=gemini.id, state="lost", revenue=500,
                      category_id=qualified),
        "nopartner": _lead(env, "No partner lead", probability=10, category_id=root,
                           revenue=0),
        "archived": _lead(env, "Archived lead", partner_id=azure.id, revenue=300,
                          active=False),
        "won": _lead(env, "Won already", partner_id=deco.id, priority="2", state="won",
                     revenue=12000, probability=100, date_deadline="2024-04-01",
                     date_closed="2024-04-02 08:00:00", category_id=qualified,
                     tag_ids=[(6, 0, [tag["Product"]])]),
    }
    return {"demo": demo.id, "german": german.id, "api_key": key, "tags": tag,
            "partners": {"azure": azure.id, "brandon": brandon.id, "deco": deco.id,
                         "gemini": gemini.id},
            "categories": {"root": root, "child": child, "qualified": qualified},
            "leads": leads}


@pytest.fixture(scope="module")
def server(databases: DatabaseFactory) -> Iterator[Server]:
    """The seeded database served by ``erp serve`` (one per test module)."""
    with serving(databases, ADDONS, seed) as served:
        yield served


class Raw:
    """Raw JSON-RPC and XML-RPC requests, to check the exact wire shapes."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.db = server.db

    def post(self, path: str, body: bytes, content_type: str = "application/json",
             headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
        request = urllib.request.Request(self.server.url + path, data=body, method="POST",
                                         headers={"Content-Type": content_type,
                                                  **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers["Content-Type"], response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers["Content-Type"], error.read()

    def json(self, path: str, params: dict[str, Any], request_id: Any = 1,
             headers: dict[str, str] | None = None) -> dict[str, Any]:
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params,
                           "id": request_id}).encode()
        status, content_type, data = self.post(path, body, headers=headers)
        assert status == 200, data
        assert "json" in content_type
        return json.loads(data)

    def service(self, service: str, method: str, *args: Any) -> dict[str, Any]:
        return self.json("/jsonrpc", {"service": service, "method": method, "args": list(args)})

    def execute_kw(self, model: str, method: str, args: list[Any],
                   kwargs: dict[str, Any] | None = None, uid: int = 2,
                   password: str = ADMIN_PASSWORD) -> dict[str, Any]:
        call = [self.db, uid, password, model, method, args]
        if kwargs is not None:
            call.append(kwargs)
        return self.service("object", "execute_kw", *call)

    def proxy(self, service: str, legacy: bool = False) -> xmlrpc.client.ServerProxy:
        path = f"/xmlrpc/{service}" if legacy else f"/xmlrpc/2/{service}"
        return xmlrpc.client.ServerProxy(self.server.url + path)

    def models(self, legacy: bool = False) -> Any:
        """``execute_kw`` of the documentation: ``models(model, method, args, kwargs)``."""
        proxy = self.proxy("object", legacy)

        def call(model: str, method: str, args: list[Any], kwargs: dict | None = None,
                 uid: int = 2, password: str = ADMIN_PASSWORD) -> Any:
            extra = [kwargs] if kwargs is not None else []
            return proxy.execute_kw(self.db, uid, password, model, method, args, *extra)
        return call


@pytest.fixture(scope="module")
def raw(server: Server) -> Raw:
    return Raw(server)


def error_of(answer: dict[str, Any]) -> dict[str, Any]:
    """The ``error`` member of a JSON-RPC answer, checked for Odoo's mandatory keys."""
    assert "result" not in answer, answer
    error = answer["error"]
    assert set(error) >= {"code", "message", "data"}
    assert set(error["data"]) >= {"name", "message", "arguments", "context", "debug"}
    assert "Traceback" not in error["data"]["message"]
    return error
