"""A real server and a real browser: ``erp serve`` in a subprocess, Debian's chromium.

One server per test module (its own database, initialised with the ``test_web`` demo
data through the ``erp`` command, on SQLite or PostgreSQL like every test), one
browser per session. Tests are skipped only when /usr/bin/chromium is not installed.
Screenshots go to ``tests/screenshots/`` (not committed; a CI artifact).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ADDONS = ROOT / "tests" / "addons"
SCREENSHOTS = ROOT / "tests" / "screenshots"
PASSWORD = "browser-admin-1"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason="/usr/bin/chromium is not installed")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _erp(db: str, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "core.cli", "--db", db, "--addons-path", str(ADDONS),
               *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def _wait_until_up(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"erp serve stopped: {server.stdout.read()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "/web/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("erp serve did not answer in time")


@pytest.fixture(scope="module")
def browser_db(databases: Any) -> str:
    """The URL of this module's database: test_web and its demo data."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    db = databases.new_url("browser")
    result = _erp(db, "init", "--demo", "--install", "test_web", "--admin-password", PASSWORD)
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture(scope="module")
def server(browser_db: str) -> Iterator[str]:
    """The base URL of a running server on :func:`browser_db`."""
    db = browser_db
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "core.cli", "--db", db, "--addons-path", str(ADDONS),
         "serve", "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(base_url=server, viewport={"width": 1360, "height": 860})
    context.set_default_timeout(10000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def sign_in(page: Any, login: str = "admin", password: str = PASSWORD) -> None:
    page.goto("/web/login")
    page.get_by_label("Login").fill(login)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/web")


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
