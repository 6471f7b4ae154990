"""A served demo database for the fuzzer: ``erp init``, ``erp serve``, its log.

The fuzz test and ``bench/fuzz_bench.py`` start the server as an operator does, in a
subprocess on a free port of 127.0.0.1, with its log in a file (a pipe nobody reads
would fill up and block the server); :func:`tracebacks` lists what that log must not hold.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def init_demo(db_url: str, addons: str = "crm,sale,rental") -> None:
    """``erp init --demo --install <addons>`` on ``db_url``, as an operator does."""
    result = subprocess.run([sys.executable, "-m", "core.cli", "--db", db_url, "init",
                             "--demo", "--install", addons], cwd=ROOT, capture_output=True,
                            text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"erp init failed: {result.stderr[-2000:]}")


@contextlib.contextmanager
def serving(db_url: str, log: Path) -> Iterator[str]:
    """``erp serve`` on ``db_url`` and a free port, logging to ``log``; yields its URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "core.cli", "--db", db_url, "serve", "--port", str(port)],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"erp serve stopped: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/web/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("erp serve did not answer in time")


def tracebacks(log_text: str) -> list[str]:
    """The tracebacks in a server log, each with the line that names the exception."""
    found = []
    lines = log_text.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("Traceback (most recent call last)"):
            tail = next((lines[j] for j in range(index + 1, min(index + 400, len(lines)))
                         if lines[j] and not lines[j].startswith((" ", "\t"))), "")
            context = lines[index - 1] if index else ""
            found.append(f"{context} | {tail}")
    return found
