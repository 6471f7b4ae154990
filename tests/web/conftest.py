"""Fixtures of the web client tests: a database of their own per module, and browsers.

Pages commit like real requests, so the tests of a module share one fresh database with
the ``test_web`` addon and its demo data; each test creates what it changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.test import Client

from core.orm.environment import Environment
from core.testing import ADMIN_PASSWORD, new_user
from core.web.app import create_app

TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]*)">')


class WebClient:
    """A werkzeug test client that signs in and puts the CSRF token in every post."""

    def __init__(self, app: Any) -> None:
        self.client = Client(app)
        self.token = ""

    def _remember(self, response: Any) -> Any:
        match = TOKEN.search(response.get_data(as_text=True)) \
            if response.mimetype == "text/html" else None
        if match and match.group(1):
            self.token = match.group(1)
        return response

    def get(self, url: str, **kwargs: Any) -> Any:
        return self._remember(self.client.get(url, **kwargs))

    def post(self, url: str, data: Any = None, *, token: bool = True, **kwargs: Any) -> Any:
        data = dict(data or {}) if not isinstance(data, list) else data
        if token:
            if not self.token:
                self.get("/web/login")
            if isinstance(data, list):
                data = [*data, ("csrf_token", self.token)]
            else:
                data.setdefault("csrf_token", self.token)
        if isinstance(data, list):
            from werkzeug.datastructures import MultiDict
            data = MultiDict(data)
        return self._remember(self.client.post(url, data=data, **kwargs))

    def login(self, login: str, password: str) -> Any:
        self.get("/web/login")
        response = self.post("/web/login", {"login": login, "password": password})
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        self.get("/web")
        return response


@pytest.fixture(scope="module")
def web_registry(databases: Any) -> Any:
    return databases.fresh_registry(["test_web"], demo=True)


@pytest.fixture(scope="module")
def app(web_registry: Any, databases: Any) -> Any:
    return create_app(web_registry.url, databases.catalog)


@pytest.fixture
def run(web_registry: Any) -> Any:
    """``run(lambda env: ...)``: a committed superuser transaction on the web database."""
    def call(function: Any, uid: int = 1, context: dict | None = None) -> Any:
        with web_registry.transaction() as tx:
            return function(Environment(tx, uid, context or {}))
    return call


@pytest.fixture
def admin(app: Any) -> WebClient:
    client = WebClient(app)
    client.login("admin", ADMIN_PASSWORD)
    return client


@pytest.fixture
def anonymous(app: Any) -> WebClient:
    return WebClient(app)


@pytest.fixture(scope="module")
def users(web_registry: Any) -> Iterator[dict[str, int]]:
    """A German-speaking internal user and a portal user (no access to tasks)."""
    with web_registry.transaction() as tx:
        env = Environment(tx, 1, {})
        german = new_user(env, "greta", lang="de_DE", password="greta-password-1")
        portal = new_user(env, "paul", groups=("base.group_portal",),
                          password="paul-password-1")
        result = {"greta": german.id, "paul": portal.id}
    yield result


def ids_of(env: Any, model: str, domain: list) -> list[int]:
    return env[model].search(domain).ids
