"""A real ``erp serve`` process on a free port, for driving with real client libraries.

The database is created and seeded in this process (committed), then the server runs as a
subprocess exactly as an integrator starts it; the tests talk to it only over HTTP.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from core.orm.environment import Environment
from core.testing import DatabaseFactory

ROOT = Path(__file__).resolve().parents[2]
TEST_ADDONS = ROOT / "tests" / "addons"
HOST = "127.0.0.1"


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """One served database: ``url``, ``db``, the seeded ``ids``; ``stop()`` ends it."""

    def __init__(self, databases: DatabaseFactory, addons: list[str],
                 seed: Callable[[Environment], dict[str, Any]] | None = None,
                 *options: str, same_as: Server | None = None) -> None:
        if same_as is not None:             # another process serving the same database
            self.registry, self.ids = same_as.registry, same_as.ids
        else:
            self.registry = databases.fresh_registry(addons)
            self.ids = {}
            if seed is not None:
                with self.registry.transaction() as tx:
                    self.ids = seed(Environment(tx, 1, {}))
            self.registry.engine.dispose()
        self.db = self.registry.db_name
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.log = Path(tempfile.mkstemp(prefix="erp-serve-", suffix=".log")[1])
        command = [sys.executable, "-m", "core.cli", "--db", self.registry.url,
                   "--addons-path", str(TEST_ADDONS), "serve", "--host", HOST,
                   "--port", str(self.port), *options]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, stdout=log,
                                            stderr=subprocess.STDOUT,
                                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self._wait_ready()

    def _wait_ready(self, timeout: float = 60.0) -> None:
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
        return self.log.read_text(errors="replace")[-5000:]

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
        self.log.unlink(missing_ok=True)


@contextlib.contextmanager
def serving(databases: DatabaseFactory, addons: list[str],
            seed: Callable[[Environment], dict[str, Any]] | None = None,
            *options: str) -> Iterator[Server]:
    server = Server(databases, addons, seed, *options)
    try:
        yield server
    finally:
        server.stop()
