"""The fuzzer of issue 11: a few hundred seeded junk calls against a real ``erp serve``.

A database with crm, sale and rental and their demo data is served by ``erp serve``; the
demo salesperson ``jeff`` ("own documents") sends junk over XML-RPC, JSON-RPC,
``/web/dataset/call_kw`` and the web pages (see :mod:`tests.security.fuzzer`). No answer
may be ≥ 500 or an internal RPC error, the server must still be healthy afterwards, and
its log must hold no traceback (expected errors are logged in one line). The seed is
fixed so that a failure can be replayed: ``bench/fuzz_bench.py --seed 11 --calls 300``
runs the same calls on SQLite.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.security.fuzz_server import serving, tracebacks
from tests.security.fuzzer import Fuzzer

SEED = 11
CALLS = 300
SECONDS = 60          # the bound of one run on a slow, shared machine


@pytest.fixture(scope="module")
def served(databases: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    registry = databases.fresh_registry(["crm", "sale", "rental"], demo=True)
    registry.engine.dispose()
    log = tmp_path_factory.mktemp("fuzz") / "serve.log"
    with serving(registry.url, log) as url:
        yield url, registry.db_name, log


def test_junk_never_gets_a_server_error(served: tuple) -> None:
    url, db, log = served
    fuzzer = Fuzzer(url, db, "jeff", "jeff-demo-1", SEED)
    fuzzer.sign_in()
    try:
        report = fuzzer.run(CALLS, deadline=time.monotonic() + SECONDS)
        healthy = fuzzer.healthy()
    finally:
        fuzzer.close()
    assert report.calls >= CALLS // 3, report.summary()
    assert set(report.by_channel) == {"xmlrpc", "jsonrpc", "call_kw", "web", "web_save",
                                      "web_post"}
    assert report.problems == [], "\n".join(report.problems)
    assert not any(status >= 500 for status in report.by_status), report.summary()
    assert healthy
    assert tracebacks(Path(log).read_text(errors="replace")) == []
