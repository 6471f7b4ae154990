"""A real server and a real browser: ``erp serve`` in a subprocess, Debian's chromium.

One server per test module (its own database, initialised with the ``test_web`` demo
data through the ``erp`` command, on SQLite or PostgreSQL like every test), one
browser per session. Tests are skipped only when /usr/bin/chromium is not installed.
Screenshots go to ``tests/screenshots/`` (not committed; a CI artifact).
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.testing import ROOT, ErpServe

CHROMIUM = Path("/usr/bin/chromium")
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


def _erp(db: str, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "core.cli", "--db", db, "--addons-path", str(ADDONS),
               *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def initialised_database(databases: Any, label: str, addons: str) -> str:
    """A new database made by ``erp init --demo --install <addons>``, as an operator does
    (the test is skipped without Debian's chromium)."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    db = databases.new_url(label)
    result = _erp(db, "init", "--demo", "--install", addons, "--admin-password", PASSWORD)
    assert result.returncode == 0, result.stderr
    return db


@contextlib.contextmanager
def superuser_env(db: str, databases: Any) -> Iterator[Any]:
    """An environment on ``db`` to prepare records (committed at the end); the engine is
    disposed of afterwards so that the served database is not held open."""
    from core.orm.environment import Environment
    from core.registry.modules import open_registry
    registry = open_registry(db, databases.catalog)
    try:
        with registry.transaction() as tx:
            yield Environment(tx, 1, {})
    finally:
        registry.engine.dispose()


def header_button(page: Any, name: str) -> Any:
    """A button of the form's header (Mark Won, New Quotation...)."""
    return page.locator(".header-buttons").get_by_role("button", name=name, exact=True)


@pytest.fixture(scope="module")
def browser_db(databases: Any) -> str:
    """The URL of this module's database: test_web and its demo data."""
    return initialised_database(databases, "browser", "test_web")


@contextlib.contextmanager
def running_server(db: str, *extra_args: str) -> Iterator[str]:
    """``erp serve`` on ``db`` in a subprocess, on a free port; yields its base URL
    (``extra_args`` go before the command: ``--addons-path DIR``)."""
    with ErpServe(db, cli_options=extra_args) as server:
        yield server.url


@contextlib.contextmanager
def open_page(browser: Any, server: str, height: int = 900, timeout: int = 15000
              ) -> Iterator[Any]:
    """A fresh browser context and page on ``server``; fails on any JavaScript error."""
    context = browser.new_context(base_url=server, viewport={"width": 1360, "height": height})
    context.set_default_timeout(timeout)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture(scope="module")
def server(browser_db: str) -> Iterator[str]:
    """The base URL of a running server on :func:`browser_db`."""
    with running_server(browser_db, "--addons-path", str(ADDONS)) as url:
        yield url


def sign_in(page: Any, login: str = "admin", password: str = PASSWORD) -> None:
    page.goto("/web/login")
    page.get_by_label("Login").fill(login)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/web")


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
