"""Several real ``erp serve`` processes (or workers) on one database, and a JSON-RPC client
that knows which process answers.

A call is pinned to a worker process: the client opens TCP connections until the worker
it wants holds the server side of one (read from ``/proc``: the worker's socket inodes and
``/proc/net/tcp``), then sends the request on it. So "the other worker" is a fact of the
test, not a probability.
"""

from __future__ import annotations

import http.client
import json
import os
import time
from pathlib import Path
from typing import Any

from core.testing import ErpServe

from .server import HOST, ROOT, TEST_ADDONS

LATE_ADDONS = ROOT / "tests" / "addons_late"


class ServeProcess(ErpServe):
    """``erp serve`` on ``db_url`` with ``addons_paths`` (and options); ``stop()`` ends it."""

    def __init__(self, db_url: str, addons_paths: list[Path], *options: str) -> None:
        paths = [arg for path in addons_paths for arg in ("--addons-path", str(path))]
        super().__init__(db_url, *options, cli_options=paths)

    def workers(self, count: int, timeout: float = 30.0) -> list[int]:
        """The pids of the gunicorn workers (waits until ``count`` run)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pids = _children(self.process.pid)
            if len(pids) >= count:
                return sorted(pids)
            time.sleep(0.1)
        raise RuntimeError(f"{count} workers did not start:\n{self.output()}")


def _children(pid: int) -> list[int]:
    result = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                result.append(int(entry.name))
    return result


def _socket_inodes(pid: int) -> set[str]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def _server_side_inode(server_port: int, client_port: int) -> str | None:
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        parts = line.split()
        local, remote, inode = parts[1], parts[2], parts[9]
        if int(local.split(":")[1], 16) == server_port and inode != "0" and \
                int(remote.split(":")[1], 16) == client_port:   # "0": not accepted yet
            return inode
    return None


def _owner(server: ServeProcess, client_port: int, pids: list[int]) -> int | None:
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline:
        inode = _server_side_inode(server.port, client_port)
        if inode is not None:
            for pid in pids:
                if inode in _socket_inodes(pid):
                    return pid
        time.sleep(0.01)
    return None


class Caller:
    """JSON-RPC as one user, through ``server`` (pinned to the worker ``pid`` if given)."""

    def __init__(self, server: ServeProcess, db: str, login: str, password: str,
                 pid: int | None = None, lang: str = "en") -> None:
        self.server, self.db, self.password, self.pid = server, db, password, pid
        self.lang = lang
        self.uid = self.rpc("common", "login", db, login, password)
        assert self.uid, f"cannot sign in as {login}"

    def _connection(self) -> http.client.HTTPConnection:
        if self.pid is None:
            return http.client.HTTPConnection(HOST, self.server.port, timeout=120)
        pids = self.server.workers(1)
        for _attempt in range(200):
            connection = http.client.HTTPConnection(HOST, self.server.port, timeout=120)
            connection.connect()
            if _owner(self.server, connection.sock.getsockname()[1], pids) == self.pid:
                return connection
            connection.close()
        raise RuntimeError(f"worker {self.pid} never accepted a connection")

    def rpc(self, service: str, method: str, *args: Any) -> Any:
        """The result, or the error object (a dict with ``data``) of a fault."""
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
            "service": service, "method": method, "args": list(args)}})
        connection = self._connection() if service == "object" else \
            http.client.HTTPConnection(HOST, self.server.port, timeout=120)
        try:
            connection.request("POST", "/jsonrpc", body, {
                "Content-Type": "application/json", "Accept-Language": self.lang})
            answer = json.loads(connection.getresponse().read())
        finally:
            connection.close()
        return answer["error"] if "error" in answer else answer["result"]

    def get(self, path: str) -> int:
        """The status of ``GET path`` (on the pinned worker)."""
        connection = self._connection()
        try:
            connection.request("GET", path, headers={"Accept-Language": self.lang})
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()

    def __call__(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        return self.rpc("object", "execute_kw", self.db, self.uid, self.password, model,
                        method, list(args), kwargs)


def fault(answer: Any) -> str:
    """The message of a JSON-RPC fault ('' when the call succeeded)."""
    return answer["data"]["message"] if isinstance(answer, dict) and "data" in answer \
        else ""


__all__ = ["LATE_ADDONS", "TEST_ADDONS", "Caller", "ServeProcess", "fault"]
