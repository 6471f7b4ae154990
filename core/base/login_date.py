"""The date of a user's latest sign-in, written so that it never makes a sign-in fail.

Eight clients signing in as one API user at once all update the same ``res_users`` row; in
the request's own transaction that is a write conflict (PostgreSQL serialization failures,
SQLite "database is locked"), and a correct sign-in failed for a date nobody needs to the
second. So :func:`record_after_commit` writes the date after the request committed, in a
short transaction of its own, and gives up without waiting when the row is busy — another
sign-in of the same user is writing nearly the same date at that moment::

    registry = env.registry
    env.transaction.postcommit.append(lambda: record(registry, uid))

PostgreSQL: ``SELECT ... FOR UPDATE SKIP LOCKED`` in READ COMMITTED, nothing done when the
row is locked. SQLite: ``BEGIN IMMEDIATE`` with a short busy timeout, nothing done when
another connection holds the write lock longer.
"""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from core.orm.concurrency import is_concurrency_error
from core.orm.dialect import sqlite_busy_timeout_ms
from core.orm.fields.temporal import now

_logger = logging.getLogger(__name__)
SQLITE_WAIT_MS = 200       # how long the bookkeeping waits for SQLite's write lock


def record_after_commit(env: Any, uid: int) -> None:
    """Write ``uid``'s sign-in date once the current transaction has committed."""
    registry = env.registry
    env.transaction.postcommit.append(lambda: record(registry, uid))


def record(registry: Any, uid: int) -> bool:
    """Set ``login_date`` of ``uid`` to now in a transaction of its own; False when the
    row or the database was busy (skipped, never an error for the caller)."""
    table = registry["res.users"]._table_obj
    try:
        with registry.engine.connect() as conn:
            if registry.dialect.name == "sqlite":
                return _record_sqlite(conn, table, uid)
            return _record_postgres(conn, table, uid)
    except DBAPIError as exc:
        if not is_concurrency_error(exc):
            raise
        _logger.debug("Sign-in date of user %s skipped (busy): %s", uid, exc.orig)
        return False


def _update(table: Any, uid: int) -> Any:
    return table.update().where(table.c.id == uid).values(login_date=now())


def _record_postgres(conn: Any, table: Any, uid: int) -> bool:
    conn.execution_options(isolation_level="READ COMMITTED")
    with conn.begin():
        locked = conn.execute(sa.select(table.c.id).where(table.c.id == uid)
                              .with_for_update(skip_locked=True)).first()
        if locked is None:
            return False
        conn.execute(_update(table, uid))
    return True


def _record_sqlite(conn: Any, table: Any, uid: int) -> bool:
    raw = conn.connection.driver_connection
    raw.execute(f"PRAGMA busy_timeout={SQLITE_WAIT_MS}")
    try:
        conn.execution_options(erp_write=True)
        with conn.begin():
            conn.execute(_update(table, uid))
    finally:
        raw.execute(f"PRAGMA busy_timeout={sqlite_busy_timeout_ms()}")
    return True
