"""A served database for the HTTP security tests: committed users, an app, browsers."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.test import Client, TestResponse

from core.orm.environment import Environment
from core.testing import DatabaseFactory, new_user
from core.web.app import Application
from core.web.session import SessionStore

from .matrix import ROLES

PASSWORD = "s3cret-passw0rd"
_addresses = itertools.count(1)


class Browser:
    """A werkzeug test client with its own address, cookies and CSRF token."""

    def __init__(self, app: Any, address: str | None = None, **environ: Any) -> None:
        number = next(_addresses)
        self.address = address or f"10.9.{number // 250}.{number % 250 + 1}"
        self.client = Client(app, use_cookies=True)
        self.environ = {"REMOTE_ADDR": self.address, **environ}
        self.token = ""

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.client.get(path, environ_base=self.environ, **kwargs)

    def post(self, path: str, **kwargs: Any) -> TestResponse:
        return self.client.post(path, environ_base=self.environ, **kwargs)

    def csrf(self, **kwargs: Any) -> str:
        self.token = self.get("/test_access/csrf", **kwargs).get_json()["csrf_token"]
        return self.token

    def login(self, login: str, password: str = PASSWORD, **kwargs: Any) -> TestResponse:
        response = self.post("/test_access/login", data={
            "login": login, "password": password, "csrf_token": self.csrf(**kwargs)}, **kwargs)
        if response.status_code == 200:
            self.token = response.get_json()["csrf_token"]
        return response

    def call(self, method: str, ids: list[int] | None = None, *args: Any,
             model: str = "test.access.document", **kwargs: Any) -> TestResponse:
        return self.post("/test_access/call", headers={"X-CSRF-Token": self.token}, json={
            "model": model, "method": method, "ids": ids or [], "args": list(args),
            "kwargs": kwargs})

    def logout(self) -> TestResponse:
        return self.post("/test_access/logout", headers={"X-CSRF-Token": self.token})


class Site:
    """The database, its registry (for setup and checks) and the application."""

    def __init__(self, databases: DatabaseFactory) -> None:
        self.databases = databases
        self.registry = databases.fresh_registry(["test_access"])
        self.app = self.make_app(databases)
        with self.registry.transaction() as tx:
            env = Environment(tx, 1, {})
            self.uids = {role: new_user(env, f"web_{role}", groups, password=PASSWORD).id
                         for role, groups in ROLES.items()}
            self.uids["stranger"] = new_user(env, "web_stranger", ROLES["own"],
                                             password=PASSWORD).id
            self.uids["german"] = new_user(env, "web_german", ROLES["own"], password=PASSWORD,
                                           lang="de_DE").id
            self.uids["archived"] = new_user(env, "web_archived", ROLES["own"],
                                             password=PASSWORD, active=False).id

    def make_app(self, databases: DatabaseFactory, **options: Any) -> Application:
        """What ``create_app`` builds, with the test addon's routes only (the platform's
        pages and RPC endpoints are tested by their own suites)."""
        app = Application(self.registry.url, databases.catalog, route_modules=[])
        for name, value in options.items():
            setattr(app, name, value)
        app.session_store = SessionStore(app)
        return app

    def run(self, function: Any) -> Any:
        """``function(env)`` as superuser in a committed transaction."""
        with self.registry.transaction() as tx:
            return function(Environment(tx, 1, {}))

    def browser(self, **environ: Any) -> Browser:
        return Browser(self.app, **environ)


@pytest.fixture(scope="module")
def site(databases: DatabaseFactory) -> Iterator[Site]:
    yield Site(databases)
