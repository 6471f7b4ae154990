"""Which database errors mean "someone else was writing at the same time", on both backends.

Such an error is not a bug of the request: the same request, run again a moment later,
will most likely succeed. The web application (``core/web/app.py``) rolls back and re-runs
the whole request when one is raised anywhere in it, so every layer lets them through
(``core/web/errors.py`` re-raises them as :class:`core.exceptions.ConcurrencyError`)::

    try:
        ...
    except Exception as exc:
        if is_concurrency_error(exc):
            raise ConcurrencyError.from_error(exc) from exc

PostgreSQL reports them by SQLSTATE (as Odoo's ``PG_CONCURRENCY_ERRORS_TO_RETRY``):
``40001`` serialization failure, ``40P01`` deadlock detected, ``55P03`` lock not available.
SQLite by result code: ``SQLITE_BUSY`` (5) and ``SQLITE_LOCKED`` (6) with their extended
codes (``SQLITE_BUSY_SNAPSHOT`` = 517: a deferred transaction that read before another
connection wrote cannot start writing). The error may arrive raw (psycopg, sqlite3),
wrapped by SQLAlchemy (``exc.orig``) or as the cause of another exception.
"""

from __future__ import annotations

import sqlite3

PG_CONCURRENCY_SQLSTATES = frozenset({"40001", "40P01", "55P03"})
SQLITE_BUSY, SQLITE_LOCKED = 5, 6
_SQLITE_TEXTS = ("database is locked", "database table is locked", "database is busy")


def is_concurrency_error(exc: BaseException | None) -> bool:
    """True when ``exc`` (or what it wraps or was caused by) is a concurrency conflict."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if _is_one(exc):
            return True
        orig = getattr(exc, "orig", None)     # SQLAlchemy's DBAPIError wraps the driver's
        if isinstance(orig, BaseException) and _is_one(orig):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _is_one(exc: BaseException) -> bool:
    from core.exceptions import ConcurrencyError
    if isinstance(exc, ConcurrencyError):
        return True
    sqlstate = getattr(exc, "sqlstate", None)       # psycopg 3
    if isinstance(sqlstate, str):
        return sqlstate in PG_CONCURRENCY_SQLSTATES
    if isinstance(exc, sqlite3.OperationalError):
        code = getattr(exc, "sqlite_errorcode", None)
        if isinstance(code, int):
            return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
        return any(text in str(exc).lower() for text in _SQLITE_TEXTS)
    return False


def describe(exc: BaseException) -> str:
    """One line for the log: the driver's message without SQL or parameters."""
    orig = getattr(exc, "orig", None)
    text = str(orig if isinstance(orig, BaseException) else exc)
    return text.strip().splitlines()[0][:200] if text.strip() else type(exc).__name__
