"""Shared pytest fixtures: databases on SQLite or PostgreSQL, environments rolled back.

Set ``ERP_TEST_DB`` to a PostgreSQL server URL to run everything on PostgreSQL.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from core.testing import DatabaseFactory, backend, rollback_env

# Password hashes at a test cost (core/base/passwords.py): the suite creates users by the
# hundred, and the production cost (N = 2**17) takes half a second per hash. Servers the
# tests start inherit it. tests/security/test_password_hashing.py checks the real default.
os.environ.setdefault("ERP_SCRYPT_N", str(2**10))

TEST_ADDONS = Path(__file__).parent / "tests" / "addons"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def pytest_report_header(config: pytest.Config) -> str:
    return f"erp database backend: {backend()}"


@pytest.fixture(scope="session")
def databases() -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory([TEST_ADDONS])
    yield factory
    factory.close()


@pytest.fixture
def make_env(databases: DatabaseFactory) -> Iterator[Callable[..., Any]]:
    """``make_env(["crm"], uid=..., context=...)``: an env rolled back after the test."""
    stack: list[Any] = []

    def make(addons: list[str] | tuple = (), uid: int = 1, context: dict | None = None,
             demo: bool = False) -> Any:
        registry = databases.registry(addons, demo=demo)
        manager = rollback_env(registry, uid, context)
        stack.append(manager)
        return manager.__enter__()

    yield make
    while stack:
        stack.pop().__exit__(None, None, None)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium through Playwright, one per test process (shared by every
    browser test: Playwright's sync API runs a single event loop per process)."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A fresh page on the test module's ``server`` (a URL fixture each browser module
    defines); the test fails on any JavaScript error."""
    from tests.browser.conftest import open_page
    with open_page(browser, server) as page:
        yield page


@pytest.fixture
def env(make_env: Callable[..., Any]) -> Any:
    """A superuser environment on a database with only base installed."""
    return make_env()
