"""The erp command as other programs use it: exit codes, one-line errors, no tracebacks."""

import subprocess
import sys
from pathlib import Path

import pytest

from core.testing import backend

ADDONS = str(Path(__file__).resolve().parents[1] / "addons")


def erp(*args, db):
    result = subprocess.run([sys.executable, "-m", "core.cli", "--db", db, "--addons-path",
                             ADDONS, *args], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def db(databases):
    return databases.new_url("cli")


def test_init_install_uninstall_cycle(db):
    first = erp("init", "--install", "test_stack_a", db=db)
    assert first.returncode == 0, first.stderr
    assert "Password:" in first.stdout
    again = erp("init", db=db)
    assert again.returncode == 0 and "already initialised" in again.stdout
    assert "Password:" not in again.stdout
    installed = erp("install", "test_stack_b", db=db)
    assert installed.returncode == 0 and "test_stack_b" in installed.stdout
    table = erp("addons", db=db)
    line = next(row for row in table.stdout.splitlines() if row.startswith("test_stack_b "))
    assert "installed" in line and "Extends test.stack" in line
    dry = erp("uninstall", "test_stack_a", "--dry-run", db=db)
    assert dry.returncode == 0 and "test_stack_b" in dry.stdout and "table test_stack" in dry.stdout
    refused = erp("uninstall", "test_stack_a", db=db)  # no terminal, no --yes
    assert refused.returncode == 1 and "--yes" in refused.stderr
    done = erp("uninstall", "test_stack_b", "--yes", db=db)
    assert done.returncode == 0
    table = erp("addons", db=db)
    line = next(row for row in table.stdout.splitlines() if row.startswith("test_stack_b "))
    assert "uninstalled" in line
    assert erp("upgrade", "test_stack_a", db=db).returncode == 0


@pytest.mark.parametrize("args, message", [
    (("install", "no_such_addon"), "Unknown addon: no_such_addon"),
    (("install", "test_cycle_a"), "Circular dependency"),
    (("install", "test_missing_dep"), "does_not_exist"),
    (("install", "test_broken"), "nowhere.missing"),
    (("uninstall", "test_stack_b", "--yes"), "not installed"),
])
def test_bad_input_is_one_clear_line(db, args, message):
    assert erp("init", db=db).returncode == 0
    result = erp(*args, db=db)
    assert result.returncode != 0
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_database_errors(db, tmp_path):
    result = erp("addons", db=db)
    assert result.returncode == 1 and "not initialised" in result.stderr
    result = erp("addons", db="mysql://x/y")
    assert result.returncode == 1 and "Unsupported database URL" in result.stderr
    if backend() == "postgresql":
        result = erp("addons", db="postgresql://nobody@127.0.0.1:1/x")
        assert result.returncode == 1 and "cannot use the database" in result.stderr


def test_failed_install_changes_nothing(db):
    assert erp("init", "--install", "test_stack_a", db=db).returncode == 0
    before = erp("addons", db=db).stdout
    assert erp("install", "test_broken", db=db).returncode == 1
    assert erp("addons", db=db).stdout == before


def test_shell_binds_env_to_admin(db):
    assert erp("init", db=db).returncode == 0
    result = subprocess.run(
        [sys.executable, "-m", "core.cli", "--db", db, "shell"],
        input="print('LOGIN=' + env.user.login)\nprint('SU=' + str(env.su))\n",
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "LOGIN=admin" in result.stdout and "SU=False" in result.stdout


SYSTEM = ("--user", "__system__")  # test.stack has no access rights: the superuser


def test_call_runs_a_public_method_in_one_transaction(db):
    assert erp("init", "--install", "test_stack_a", "--admin-password", "call-admin-1",
               db=db).returncode == 0
    created = erp("call", "test.stack", "create", '{"name": "first"}', *SYSTEM, db=db)
    assert created.returncode == 0, created.stderr
    record_id = int(created.stdout)
    described = erp("call", "test.stack", "describe", f"[{record_id}]", *SYSTEM, db=db)
    assert described.stdout.strip() == '"A"'
    found = erp("call", "test.stack", "search_read", '[["name", "=", "first"]]', '["name"]',
                *SYSTEM, db=db)
    assert found.stdout.strip() == f'[{{"id": {record_id}, "name": "first"}}]'


@pytest.mark.parametrize("args, message", [
    (("test.stack", "create", '{"name": "x"}'), "not allowed to create"),  # admin: no ACL
    (("test.stack", "create", '{"name": false}', *SYSTEM), "Name (Stack) is required"),
    (("test.stack", "_table_query"), "Private methods"),
    (("test.stack", "create", "{name}"), "arguments are JSON values"),
    (("test.nothing", "search", "[]"), "no model 'test.nothing'"),
    (("test.stack", "search", "[]", "--user", "nobody"), "no active user"),
    (("test.stack", "describe"), "first argument must hold their ids"),
])
def test_call_with_bad_input_changes_nothing(db, args, message):
    assert erp("init", "--install", "test_stack_a", "--admin-password", "call-admin-1",
               db=db).returncode == 0
    result = erp("call", *args, db=db)
    assert result.returncode == 1 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert erp("call", "test.stack", "search_count", "[]", *SYSTEM, db=db).stdout.strip() == "0"


def test_uninstall_counts_every_row_it_deletes(db):
    """The dry run rehearses the uninstall: rows that no addon owns (users' records, their
    children by cascade) are counted too, and the real uninstall deletes exactly those."""
    assert erp("init", "--install", "test_stack_b", db=db).returncode == 0
    for name in ("one", "two", "three"):
        created = erp("call", "test.stack", "create", f'{{"name": "{name}"}}', *SYSTEM, db=db)
        assert created.returncode == 0, created.stderr
        child = erp("call", "test.stack.child", "create", f'{{"stack_id": {created.stdout}}}',
                    *SYSTEM, db=db)
        assert child.returncode == 0, child.stderr
    dry = erp("uninstall", "test_stack_a", "--dry-run", db=db)
    assert dry.returncode == 0, dry.stderr
    assert "     3 row(s) in test_stack\n" in dry.stdout
    assert "     3 row(s) in test_stack_child\n" in dry.stdout
    count = erp("call", "test.stack", "search_count", "[]", *SYSTEM, db=db)
    assert count.stdout.strip() == "3"                      # the rehearsal was rolled back
    done = erp("uninstall", "test_stack_a", "--yes", db=db)
    assert done.returncode == 0, done.stderr
    rows = [line for line in dry.stdout.splitlines() if "row(s) in" in line]
    total = sum(int(line.split()[0]) for line in rows)
    assert f"deleted {total} row(s) in {len(rows)} table(s)" in done.stdout


def test_sqlite_files_that_cannot_be_used(tmp_path):
    """Whatever the test backend: SQLite files of their own."""
    missing = tmp_path / "missing.sqlite3"
    result = erp("addons", db=f"sqlite:///{missing}")
    assert result.returncode == 1 and "no database file" in result.stderr
    assert not missing.exists()                               # nothing was created
    corrupt = tmp_path / "corrupt.sqlite3"
    corrupt.write_bytes(b"this is not an SQLite database" * 200)
    for command in (("addons",), ("call", "res.users", "search", "[]"), ("upgrade", "base")):
        result = erp(*command, db=f"sqlite:///{corrupt}")
        assert result.returncode == 1 and "not a usable SQLite database" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_call_while_another_process_writes(tmp_path, monkeypatch):
    """An SQLite file of its own (whatever the test backend) whose write lock is held."""
    import sqlite3
    path = tmp_path / "locked.sqlite3"
    db = f"sqlite:///{path}"
    assert erp("init", "--install", "test_stack_a", db=db).returncode == 0
    monkeypatch.setenv("ERP_SQLITE_BUSY_TIMEOUT_MS", "300")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO test_stack (name) VALUES ('held')")
    try:
        result = erp("call", "test.stack", "create", '{"name": "x"}', *SYSTEM, db=db)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1 and "locked by another process" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    monkeypatch.delenv("ERP_SQLITE_BUSY_TIMEOUT_MS")
    count = erp("call", "test.stack", "search_count", "[]", *SYSTEM, db=db)
    assert count.stdout.strip() == "0"
