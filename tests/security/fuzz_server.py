"""A served demo database for the fuzzer: ``erp init``, ``erp serve``, its log.

The fuzz test and ``bench/fuzz_bench.py`` start the server as an operator does, in a
subprocess on a free port of 127.0.0.1, with its log in a file (a pipe nobody reads
would fill up and block the server); :func:`tracebacks` lists what that log must not hold.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from core.testing import ROOT, ErpServe


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
    with ErpServe(db_url, log=log) as server:
        yield server.url


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
