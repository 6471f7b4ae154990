"""Test support: throwaway databases on SQLite or PostgreSQL, and per-test rollback.

The test suite runs on SQLite by default. With ``ERP_TEST_DB`` set to a PostgreSQL server
URL (``postgresql://postgres@127.0.0.1:5433/postgres``) every database is created on that
server instead, so the same tests run on both backends::

    def test_something(make_env):
        env = make_env(["crm"])          # a database with crm installed, shared per session
        env["crm.lead"].create({...})    # rolled back after the test

Databases are initialised once per set of addons and session; each test gets its own
transaction, rolled back at the end, as Odoo's test cases do.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from core.orm.dialect import normalize_url
from core.orm.environment import Environment, Transaction
from core.registry.loader import Catalog
from core.registry.modules import initialize
from core.registry.registry import Registry

ADMIN_PASSWORD = "admin-password-1"


def backend() -> str:
    url = os.environ.get("ERP_TEST_DB", "")
    return "postgresql" if url.startswith(("postgres", "postgresql")) else "sqlite"


class DatabaseFactory:
    """Creates (and finally drops) the test databases of one pytest session."""

    def __init__(self, addons_paths: Iterable[str | Path] = ()) -> None:
        self.server_url = os.environ.get("ERP_TEST_DB", "")
        self.tmpdir = Path(tempfile.mkdtemp(prefix="erp-test-"))
        self.addons_paths = [str(p) for p in addons_paths]
        self.created: list[str] = []
        self.registries: dict[tuple, Registry] = {}
        self._catalog: Catalog | None = None

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = Catalog.discover(self.addons_paths)
        return self._catalog

    def new_url(self, label: str = "db") -> str:
        name = f"erp_test_{label}_{secrets.token_hex(4)}"
        if backend() == "sqlite":
            return f"sqlite:///{self.tmpdir / name}.sqlite3"
        admin = sa.create_engine(normalize_url(self.server_url), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING '
                                 "'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")
        admin.dispose()
        self.created.append(name)
        url = sa.engine.make_url(normalize_url(self.server_url)).set(database=name)
        return url.render_as_string(hide_password=False)

    def registry(self, addons: Iterable[str] = (), demo: bool = False,
                 lang: str = "en_US") -> Registry:
        key = (tuple(sorted(set(addons))), demo, lang)
        if key not in self.registries:
            url = self.new_url("_".join(key[0])[:30] or "base")
            registry, _pw = initialize(url, self.catalog, admin_password=ADMIN_PASSWORD,
                                       lang=lang, demo=demo, install_names=key[0])
            self.registries[key] = registry
        return self.registries[key]

    def fresh_registry(self, addons: Iterable[str] = (), demo: bool = False) -> Registry:
        """A database of its own (for tests that install, uninstall or commit)."""
        url = self.new_url("fresh")
        registry, _pw = initialize(url, self.catalog, admin_password=ADMIN_PASSWORD,
                                   demo=demo, install_names=list(addons))
        return registry

    def close(self) -> None:
        for registry in self.registries.values():
            registry.engine.dispose()
        if backend() == "postgresql" and self.created:
            admin = sa.create_engine(normalize_url(self.server_url),
                                     isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                for name in self.created:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()


@contextlib.contextmanager
def rollback_env(registry: Registry, uid: int = 1, context: dict | None = None
                 ) -> Iterator[Environment]:
    """An environment whose transaction is rolled back at the end of the block."""
    with registry.engine.connect() as conn:
        trans = conn.begin()
        try:
            yield Environment(Transaction(registry, conn), uid, context or {})
        finally:
            trans.rollback()


def count_queries(env: Environment) -> Callable[[], int]:
    """``n = count_queries(env); ...; n()`` → statements executed since the call."""
    start = env.transaction.sql_count
    return lambda: env.transaction.sql_count - start


def new_user(env: Environment, login: str, groups: Iterable[str] = ("base.group_user",),
             **values: Any) -> Any:
    group_ids = [env.ref(g).id for g in groups]
    return env["res.users"].create({"name": values.pop("name", login.title()), "login": login,
                                    "groups_id": [(6, 0, group_ids)], **values})


# -- a served database ----------------------------------------------------------------------
ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class ErpServe:
    """``erp serve`` as an operator starts it, in a subprocess on a free port of 127.0.0.1;
    ``url`` once it answers ``/web/health``, ``stop()`` (or the ``with`` block) ends it.

    ``cli_options`` go before the command (``--addons-path DIR``), ``serve_options`` after
    it (``--workers 2``). The log goes to a file — a pipe nobody reads fills up after a few
    hundred requests and the server then blocks on its next log line; a log file passed in
    is kept for the caller, one made here is deleted by ``stop()``."""

    def __init__(self, db_url: str, *serve_options: str, cli_options: Iterable[str] = (),
                 log: Path | None = None, timeout: float = 60.0) -> None:
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self._own_log = log is None
        self.log = log or Path(tempfile.mkstemp(prefix="erp-serve-", suffix=".log")[1])
        command = [sys.executable, "-m", "core.cli", "--db", db_url, *cli_options, "serve",
                   "--host", HOST, "--port", str(self.port), *serve_options]
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(command, cwd=ROOT, stdout=out,
                                            stderr=subprocess.STDOUT,
                                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self._wait_ready(timeout)

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"erp serve ended at start:\n{self.output()}")
            try:
                with urllib.request.urlopen(f"{self.url}/web/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"erp serve did not answer in {timeout} s:\n{self.output()}")

    def output(self) -> str:
        """The end of the server's log."""
        return self.log.read_text(errors="replace")[-5000:] if self.log.exists() else ""

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        if self._own_log:
            self.log.unlink(missing_ok=True)

    def __enter__(self) -> ErpServe:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()
