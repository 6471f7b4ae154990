"""The whole application (RPC, sign-in, web client) for the HTTP hardening tests.

:class:`FullSite` serves a database of its own with the ``test_rpc`` addon through
:func:`core.web.app.create_app` — every platform route, as ``erp serve`` mounts them.
:func:`raw_post` sends a body from a stream the test controls, with a ``Content-Length``
(true or not) or without one, as a chunked upload reaches the application from gunicorn.
"""

from __future__ import annotations

import io
import json
from typing import Any

from werkzeug.test import Client, EnvironBuilder, run_wsgi_app

from core.orm.environment import Environment
from core.testing import ADMIN_PASSWORD, DatabaseFactory
from core.web.app import create_app


class FullSite:
    """A database with ``test_rpc`` (admin may do everything) or other addons, its app."""

    def __init__(self, databases: DatabaseFactory, addons: tuple[str, ...] = ("test_rpc",),
                 demo: bool = False, **options: Any) -> None:
        self.registry = databases.fresh_registry(list(addons), demo=demo)
        self.db = self.registry.db_name
        self.app = create_app(self.registry.url, databases.catalog, **options)

    def run(self, function: Any) -> Any:
        with self.registry.transaction() as tx:
            return function(Environment(tx, 1, {}))

    def client(self) -> Client:
        return Client(self.app)

    def signed_in(self, login: str = "admin", password: str = ADMIN_PASSWORD) -> Client:
        """A client with a session cookie from ``/web/session/authenticate`` (odooly's way)."""
        client = self.client()
        answer = client.post("/web/session/authenticate", json=envelope(
            {"db": self.db, "login": login, "password": password})).get_json()
        assert answer["result"]["uid"], answer
        return client


def envelope(params: dict[str, Any]) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}


def execute_kw(db: str, model: str, method: str, args: list, kwargs: dict | None = None
               ) -> dict[str, Any]:
    """The ``/jsonrpc`` envelope of ``object.execute_kw`` as the administrator."""
    return envelope({"service": "object", "method": "execute_kw", "args": [
        db, 2, ADMIN_PASSWORD, model, method, args, kwargs or {}]})


def nested(depth: int) -> Any:
    """``[[[...]]]``: ``depth`` lists inside each other."""
    value: Any = []
    for _level in range(depth - 1):
        value = [value]
    return value


class Endless(io.RawIOBase):
    """A request body far larger than any limit (``b"a"`` × ``total``), counting what was
    read of it (``total`` bounded, so that a server that reads it all stays testable)."""

    def __init__(self, total: int = 16 * 1024 * 1024) -> None:
        self.read_bytes = 0
        self.total = total

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = min(len(buffer), 8192, self.total - self.read_bytes)
        buffer[:size] = b"a" * size
        self.read_bytes += size
        return size


def raw_post(app: Any, path: str, stream: Any, content_type: str,
             content_length: int | None = None, headers: dict[str, str] | None = None
             ) -> tuple[int, dict[str, str], bytes]:
    """POST ``stream`` to ``path``; without ``content_length`` the server-terminated stream
    of a chunked upload (``wsgi.input_terminated``, as gunicorn sets it)."""
    environ = EnvironBuilder(path, method="POST", content_type=content_type,
                             headers=headers or {}).get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ["wsgi.input"] = stream
    if content_length is None:
        environ["wsgi.input_terminated"] = True
    else:
        environ["CONTENT_LENGTH"] = str(content_length)
    body, status, response_headers = run_wsgi_app(app, environ)
    data = b"".join(body)
    return int(status.split()[0]), dict(response_headers), data


def json_of(data: bytes) -> Any:
    return json.loads(data)
