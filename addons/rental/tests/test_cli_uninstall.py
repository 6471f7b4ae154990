"""Uninstalling sale while rental is installed: shown first, confirmed, nothing lost by default."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest


def erp(db: str, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "core.cli", "--db", db, *args],
                            capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def db(databases: Any) -> str:
    url = databases.new_url("cli_rental")
    result = erp(url, "init", "--install", "rental")
    assert result.returncode == 0, result.stderr
    return url


def states(db: str) -> dict[str, str]:
    rows = erp(db, "addons").stdout.splitlines()
    return {row.split()[0]: row.split()[1] for row in rows if row.split()[:1] in
            (["sale"], ["rental"])}


def test_dry_run_lists_rental_with_its_tables(db: str) -> None:
    dry = erp(db, "uninstall", "sale", "--dry-run")
    assert dry.returncode == 0
    first = dry.stdout.splitlines()[0]
    assert first.startswith("Addons to uninstall:") and "rental" in first and "sale" in first
    assert "table product_pricing" in dry.stdout and "table sale_order" in dry.stdout
    assert states(db) == {"sale": "installed", "rental": "installed"}


def test_uninstall_without_confirmation_changes_nothing(db: str) -> None:
    refused = erp(db, "uninstall", "sale")            # no terminal and no --yes
    assert refused.returncode == 1
    assert "--yes" in refused.stderr and "rental" in refused.stdout
    assert states(db) == {"sale": "installed", "rental": "installed"}
