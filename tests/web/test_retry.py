"""A request that meets another process's write lock is re-run, then answered clearly.

These tests hold SQLite's write lock from a second connection (as an ``erp shell`` that
wrote and did not commit yet would) on a database file of their own, whatever the test
backend: the request waits the (here very short) busy timeout, is rolled back and re-run;
when the lock goes away in time it succeeds, otherwise the client reads "The record was
changed by someone else at the same time, please retry." — a fault for RPC clients, a 409
page that sends the user's input again for the web client.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import xmlrpc.client
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa

from core.exceptions import ConcurrencyError
from core.orm.concurrency import is_concurrency_error
from core.registry.modules import initialize
from core.testing import ADMIN_PASSWORD
from core.web.app import create_app
from core.web.retry import writes

from .conftest import WebClient

MESSAGE = "The record was changed by someone else at the same time, please retry."


@pytest.fixture(scope="module")
def sqlite_file(databases: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("retry") / "retry.sqlite3"
    registry, _pw = initialize(f"sqlite:///{path}", databases.catalog,
                               admin_password=ADMIN_PASSWORD, demo=True,
                               install_names=["test_web"])
    registry.engine.dispose()
    return path


def make_app(path: Any, catalog: Any, busy_ms: int, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("ERP_SQLITE_BUSY_TIMEOUT_MS", str(busy_ms))
    return create_app(f"sqlite:///{path}", catalog)


@pytest.fixture
def app(sqlite_file: Any, databases: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The application with a busy timeout of 50 ms (a lock held longer makes it give up)."""
    application = make_app(sqlite_file, databases.catalog, 50, monkeypatch)
    yield application
    application.registries.registry.engine.dispose()


@pytest.fixture
def patient_app(sqlite_file: Any, databases: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The application with a busy timeout of 10 s."""
    application = make_app(sqlite_file, databases.catalog, 10000, monkeypatch)
    yield application
    application.registries.registry.engine.dispose()


@contextmanager
def write_lock(path: Any, commit_after: float | None = None) -> Iterator[None]:
    """Hold the database's write lock for the block, or until it commits a write after
    ``commit_after`` seconds (as an ``erp shell`` user who saved something)."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("CREATE TABLE IF NOT EXISTS shell_scratch (x INTEGER)")
    conn.execute("INSERT INTO shell_scratch VALUES (1)")
    timer = threading.Timer(commit_after, conn.commit) if commit_after is not None else None
    if timer is not None:
        timer.start()
    try:
        yield
    finally:
        if timer is not None:
            timer.join()
        if conn.in_transaction:
            conn.rollback()
        conn.close()


def task_count(path: Any, name: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM test_web_task WHERE name = ?",
                            (name,)).fetchone()[0]


def new_task_form(client: WebClient, name: str) -> Any:
    assert client.get("/web/model/test_web.task/form/new").status_code == 200
    return {"name": name, "partner_name": "Initech", "email": "", "user_id": "",
            "stage_id": "", "date_deadline": "", "priority": "0", "planned_hours": "",
            "hourly_rate": "50", "amount": "", "description": "typed by hand",
            "__write_date": ""}


def test_a_form_save_waits_for_a_shell_that_commits_and_is_saved(patient_app, sqlite_file):
    client = WebClient(patient_app)
    client.login("admin", ADMIN_PASSWORD)
    form = new_task_form(client, "Saved after the shell")
    with write_lock(sqlite_file, commit_after=0.2):
        response = client.post("/web/model/test_web.task/form/new", form)
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    assert task_count(sqlite_file, "Saved after the shell") == 1


def test_a_form_save_still_locked_keeps_the_input_on_a_409_page(app, sqlite_file, caplog):
    client = WebClient(app)
    client.login("admin", ADMIN_PASSWORD)
    app.max_retries = 2
    form = new_task_form(client, "Typed while locked")
    with write_lock(sqlite_file):
        response = client.post("/web/model/test_web.task/form/new", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert MESSAGE in page
    assert '<input type="hidden" name="name" value="Typed while locked">' in page
    assert '<input type="hidden" name="description" value="typed by hand">' in page
    assert 'action="/web/model/test_web.task/form/new' in page and "csrf_token" in page
    assert task_count(sqlite_file, "Typed while locked") == 0
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def flaky_execute(monkeypatch: pytest.MonkeyPatch, failures: int) -> list[int]:
    """The ORM call of /jsonrpc raises SQLite's "database is locked" ``failures`` times
    (as a statement inside the request would), then runs; returns the call counter."""
    from core.rpc import services
    real, calls = services.execute, [0]

    def execute(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] <= failures:
            raise sa.exc.OperationalError("UPDATE ...", {}, sqlite3.OperationalError(
                "database is locked"))
        return real(*args, **kwargs)
    monkeypatch.setattr(services, "execute", execute)
    return calls


def rpc_create(app: Any, name: str) -> dict[str, Any]:
    from werkzeug.test import Client
    call = ["retry", 2, ADMIN_PASSWORD, "test_web.task", "create", [{"name": name}]]
    return Client(app).post("/jsonrpc", json={"jsonrpc": "2.0", "method": "call", "id": 7,
                                              "params": {"service": "object",
                                                         "method": "execute_kw",
                                                         "args": call}}).json


def test_a_conflict_inside_the_request_reruns_it(app, sqlite_file, monkeypatch, caplog):
    app.max_retries = 5
    calls = flaky_execute(monkeypatch, 2)
    caplog.set_level(logging.INFO, logger="core.web.retry")
    answer = rpc_create(app, "Created on the third run")
    assert isinstance(answer.get("result"), int), answer
    assert calls[0] == 3 and task_count(sqlite_file, "Created on the third run") == 1
    retries = [r for r in caplog.records if r.name == "core.web.retry"]
    assert len(retries) == 2
    assert all(r.levelno == logging.INFO and not r.exc_info for r in retries)


def test_the_number_of_reruns_is_configurable(app, sqlite_file, monkeypatch):
    app.max_retries = 3
    calls = flaky_execute(monkeypatch, 100)
    answer = rpc_create(app, "Never created")
    assert calls[0] == 4 and answer["error"]["data"]["message"] == MESSAGE
    assert task_count(sqlite_file, "Never created") == 0


def test_rpc_writes_still_locked_get_a_clear_fault_reads_answer(app, sqlite_file):
    from werkzeug.test import Client
    client = Client(app)
    app.max_retries = 1
    call = ["retry", 2, ADMIN_PASSWORD, "test_web.task", "create", [{"name": "RPC locked"}]]
    with write_lock(sqlite_file):
        answer = client.post("/jsonrpc", json={"jsonrpc": "2.0", "method": "call", "id": 3,
                                               "params": {"service": "object",
                                                          "method": "execute_kw",
                                                          "args": call}}).json
        body = xmlrpc.client.dumps(tuple(call), "execute_kw")
        fault = client.post("/xmlrpc/2/object", data=body, content_type="text/xml")
        read = ["retry", 2, ADMIN_PASSWORD, "test_web.task", "search_count", [[]]]
        count = xmlrpc.client.loads(client.post(
            "/xmlrpc/2/object", data=xmlrpc.client.dumps(tuple(read), "execute_kw"),
            content_type="text/xml").get_data())[0][0]
    assert answer["id"] == 3 and answer["error"]["data"]["message"] == MESSAGE
    assert answer["error"]["data"]["name"] == "psycopg2.errors.SerializationFailure"
    with pytest.raises(xmlrpc.client.Fault) as info:
        xmlrpc.client.loads(fault.get_data())
    assert MESSAGE in info.value.faultString
    assert task_count(sqlite_file, "RPC locked") == 0
    assert count > 0                    # reads never wait for the writer


def test_what_counts_as_a_concurrency_error(tmp_path):
    assert is_concurrency_error(psycopg.errors.SerializationFailure("x"))
    assert is_concurrency_error(psycopg.errors.DeadlockDetected("x"))
    assert is_concurrency_error(psycopg.errors.LockNotAvailable("x"))
    assert not is_concurrency_error(psycopg.errors.UniqueViolation("x"))
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'busy.sqlite3'}",
                              connect_args={"timeout": 0})
    with engine.connect() as first, engine.connect() as second:
        first.exec_driver_sql("CREATE TABLE t (x)")
        first.commit()
        first.exec_driver_sql("INSERT INTO t VALUES (1)")
        with pytest.raises(sa.exc.OperationalError) as busy:
            second.exec_driver_sql("INSERT INTO t VALUES (2)")
        assert is_concurrency_error(busy.value)
        try:
            raise ValueError("wrapped") from busy.value
        except ValueError as wrapped:
            assert is_concurrency_error(wrapped)
    engine.dispose()
    assert is_concurrency_error(ConcurrencyError("x"))
    assert not is_concurrency_error(sqlite3.OperationalError("no such table: t"))


def test_which_requests_start_as_writers_on_sqlite():
    def rpc(method: str) -> bytes:
        return json.dumps({"params": {"service": "object", "method": "execute_kw",
                                      "args": ["db", 2, "pw", "res.partner", method, []]}}
                          ).encode()
    assert writes("POST", "/web/model/x/form/new", "http", bytes)
    assert not writes("GET", "/web/action/1", "http", bytes)
    assert writes("POST", "/jsonrpc", "json", lambda: rpc("write"))
    assert not writes("POST", "/jsonrpc", "json", lambda: rpc("search_read"))
    assert not writes("POST", "/web/session/get_session_info", "json", lambda: b"{}")
    xml = xmlrpc.client.dumps(("db", 2, "pw", "res.partner", "create", [{}]), "execute_kw")
    assert writes("POST", "/xmlrpc/2/object", "xmlrpc", xml.encode)
    xml = xmlrpc.client.dumps(("db", "demo", "pw"), "login")
    assert not writes("POST", "/xmlrpc/2/common", "xmlrpc", xml.encode)


def test_a_rerun_reads_the_same_body_and_uploads_again():
    import io

    from werkzeug.test import EnvironBuilder
    from werkzeug.wrappers import Request

    from core.web.retry import _rewind_uploads
    request = Request(EnvironBuilder(method="POST", data={
        "note": "typed", "file": (io.BytesIO(b"attached"), "a.txt")}).get_environ())
    assert request.files["file"].read() == b"attached" and request.form["note"] == "typed"
    _rewind_uploads(request)                       # what run_with_retries does before a re-run
    assert request.files["file"].read() == b"attached" and request.form["note"] == "typed"
