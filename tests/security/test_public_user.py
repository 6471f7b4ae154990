"""Anonymous visitors act as the public user, and as nobody else: without a public user
(its xmlid deleted, or pointed at another user) anonymous requests are refused, never run
as the superuser (the fallback the review found)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from werkzeug.routing import Rule
from werkzeug.test import Client
from werkzeug.wrappers import Response

from core.orm.environment import Environment
from core.testing import ADMIN_PASSWORD, DatabaseFactory
from core.web import route_modules
from core.web.app import Application, Route
from core.web.session import SessionStore


def _anonymous_uid(ctx: Any) -> Response:
    env = ctx.env()
    return Response(json.dumps({"uid": env.uid, "su": env.su}),
                    content_type="application/json")


PROBE = SimpleNamespace(ROUTES=[Rule("/test_public/uid", methods=["GET"],
                                     endpoint=Route(_anonymous_uid, auth="public"))])


class Site:
    def __init__(self, databases: DatabaseFactory) -> None:
        self.registry = databases.fresh_registry([])
        self.app = Application(self.registry.url, databases.catalog,
                               route_modules=[*route_modules(), PROBE])
        self.app.session_store = SessionStore(self.app)
        self.public = self.run(lambda env: env.ref("base.public_user").id)

    def run(self, function: Any) -> Any:
        with self.registry.transaction() as tx:
            return function(Environment(tx, 1, {}))

    def point_xmlid_to(self, uid: int | None) -> None:
        def change(env: Environment) -> None:
            data = env["ir.model.data"].search([("module", "=", "base"),
                                                ("name", "=", "public_user")])
            if uid is None:
                data.unlink()
            elif data:
                data.write({"res_id": uid})
            else:
                env["ir.model.data"]._record_xmlids([("base", "public_user", "res.users",
                                                      uid, True)])
        self.run(change)
        self.app.registries.registry.clear_caches()


@pytest.fixture(scope="module")
def site(databases: DatabaseFactory) -> Iterator[Site]:
    yield Site(databases)


def test_anonymous_requests_run_as_the_public_user(site: Site) -> None:
    site.point_xmlid_to(site.public)
    answer = Client(site.app).get("/test_public/uid").get_json()
    assert answer == {"uid": site.public, "su": False}


@pytest.mark.parametrize("target", [None, "superuser", "admin"])
def test_without_a_public_user_anonymous_requests_are_refused(site: Site,
                                                              target: str | None) -> None:
    uid = {None: None, "superuser": 1, "admin": 2}[target]
    site.point_xmlid_to(uid)
    try:
        client = Client(site.app)
        response = client.get("/test_public/uid", headers={"Accept-Language": "de"})
        assert response.status_code == 403
        assert b'"uid"' not in response.get_data()
        assert "Anonymer Zugriff" in response.get_data(as_text=True)
        # what needs no public user still works: the sign-in page, RPC, signing in
        assert client.get("/web/login").status_code == 200
        body = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
            "service": "common", "method": "login",
            "args": [site.registry.db_name, "admin", ADMIN_PASSWORD]}}
        assert client.post("/jsonrpc", json=body).get_json()["result"] == 2
    finally:
        site.point_xmlid_to(site.public)
