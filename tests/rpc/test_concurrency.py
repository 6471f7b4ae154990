"""A sales team at once: parallel XML-RPC and JSON-RPC writes against a real ``erp serve``.

Eight client threads write to the same records, create records and sign in as the same user,
half of them over XML-RPC, half over JSON-RPC. Every call must succeed (the server re-runs a
request that collided with another one), the final state must be the one of the last
acknowledged writes, and counts must add up (no lost update). The servers: PostgreSQL with
``--workers 4``; SQLite with one server process, and with two processes on one file.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.request
import xmlrpc.client
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from core.testing import ADMIN_PASSWORD, DatabaseFactory, backend

from .conftest import ADDONS, USER_PASSWORD, seed
from .server import Server

THREADS = 8
CALLS = 6           # per thread and test
SETUPS = ["postgresql-4-workers"] if backend() == "postgresql" else [
    "sqlite-1-process", "sqlite-2-processes"]


@pytest.fixture(scope="module", params=SETUPS)
def servers(request: pytest.FixtureRequest, databases: DatabaseFactory
            ) -> Iterator[list[Server]]:
    """The served database: one server, or two processes serving the same SQLite file."""
    options = ("--workers", "4") if request.param.startswith("postgresql") else ()
    started = [Server(databases, ADDONS, seed, *options)]
    try:
        if request.param == "sqlite-2-processes":
            started.append(Server(databases, ADDONS, None, same_as=started[0]))
        yield started
    finally:
        for server in started:
            server.stop()


class Client:
    """One client thread's connection: XML-RPC or JSON-RPC, to one of the servers."""

    def __init__(self, server: Server, protocol: str) -> None:
        self.server, self.protocol, self.db = server, protocol, server.db
        self.proxies = {name: xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/{name}")
                        for name in ("common", "object")}

    def call(self, service: str, method: str, *args: Any) -> Any:
        if self.protocol == "xmlrpc":
            return getattr(self.proxies[service], method)(*args)
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
            "service": service, "method": method, "args": list(args)}}).encode()
        request = urllib.request.Request(f"{self.server.url}/jsonrpc", data=body,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.loads(response.read())
        if "error" in answer:
            raise AssertionError(answer["error"]["data"]["message"])
        return answer.get("result")

    def web_sign_in(self, login: str, password: str) -> Any:
        """``/web/session/authenticate`` (a new web session): the uid it answers."""
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
            "db": self.db, "login": login, "password": password}}).encode()
        request = urllib.request.Request(f"{self.server.url}/web/session/authenticate",
                                         data=body,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.loads(response.read())
        assert "error" not in answer, answer["error"]["data"]["message"]
        return answer["result"]["uid"]

    def execute(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        return self.call("object", "execute_kw", self.db, 2, ADMIN_PASSWORD, model, method,
                         list(args), kwargs)


def run_threads(servers: list[Server], work: Callable[[Client, int], list[Any]]) -> list[Any]:
    """``work(client, thread_number)`` in every thread, XML-RPC and JSON-RPC alternating,
    spread over the servers; started together; the results of all threads, flattened."""
    barrier = threading.Barrier(THREADS)

    def one(number: int) -> list[Any]:
        client = Client(servers[number % len(servers)],
                        "xmlrpc" if number % 2 == 0 else "jsonrpc")
        barrier.wait(timeout=30)
        return work(client, number)

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(one, range(THREADS)))
    return list(itertools.chain.from_iterable(results))


def admin(servers: list[Server]) -> Client:
    return Client(servers[0], "jsonrpc")


# -- the tests -------------------------------------------------------------------------------
def test_writes_to_the_same_records_all_succeed_and_the_last_one_stays(servers):
    leads = [servers[0].ids["leads"]["big"], servers[0].ids["leads"]["medium"]]

    def work(client: Client, number: int) -> list[Any]:
        done = []
        for k in range(CALLS):
            lead, text = leads[k % 2], f"thread {number} call {k}"
            start = time.monotonic()
            assert client.execute("test.lead", "write", [lead], {"description": text})
            done.append((lead, text, start, time.monotonic()))
        return done

    acknowledged = run_threads(servers, work)
    assert len(acknowledged) == THREADS * CALLS
    final = {r["id"]: r["description"] for r in admin(servers).execute(
        "test.lead", "read", leads, ["description"])}
    for lead in leads:
        writes = [w for w in acknowledged if w[0] == lead]
        # the last write is one that no other write started after it was acknowledged
        candidates = {text for _l, text, _s, end in writes
                      if not any(other[2] > end for other in writes)}
        assert final[lead] in candidates, (final[lead], sorted(candidates))


def test_read_modify_write_from_every_thread_loses_no_increment(servers):
    lead = servers[0].ids["leads"]["small"]
    before = admin(servers).execute("test.lead", "read", [lead], ["count"])[0]["count"]

    def work(client: Client, number: int) -> list[Any]:
        return [client.execute("test.lead", "rpc_increment", [lead])[0]["count"]
                for _k in range(CALLS)]

    seen = run_threads(servers, work)
    after = admin(servers).execute("test.lead", "read", [lead], ["count"])[0]["count"]
    assert after == before + THREADS * CALLS
    assert sorted(seen) == list(range(before + 1, after + 1))   # each value exactly once


def test_parallel_creates_all_succeed_and_add_up(servers):
    def work(client: Client, number: int) -> list[Any]:
        made = []
        for k in range(CALLS):
            name = f"Parallel {number}-{k}"
            made.append((client.execute("test.lead", "create", {"name": name}), name))
        return made

    made = run_threads(servers, work)
    ids = [record_id for record_id, _name in made]
    assert len(set(ids)) == THREADS * CALLS
    rows = admin(servers).execute("test.lead", "search_read", [("name", "=like", "Parallel %")],
                                  fields=["name"])
    assert {(r["id"], r["name"]) for r in rows} == set(made)


def test_parallel_sign_ins_of_one_user_all_succeed(servers):
    demo = servers[0].ids["demo"]

    def work(client: Client, number: int) -> list[Any]:
        return [client.call("common", method, client.db, "demo", USER_PASSWORD, *extra)
                for method, extra in [("login", ()), ("authenticate", ({},)),
                                      ("login", ())]] + [client.web_sign_in("demo",
                                                                            USER_PASSWORD)]

    assert run_threads(servers, work) == [demo] * (THREADS * 4)
    stamp = admin(servers).execute("res.users", "read", [demo], ["login_date"])[0]
    assert stamp["login_date"]          # recorded (after commit, skipped only when busy)
