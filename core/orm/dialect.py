"""What differs between SQLite and PostgreSQL, in one place.

The ORM builds its SQL with SQLAlchemy Core, which hides most differences. The few it does
not hide are answered here so that the same domain gives the same rows on both backends:

* case-insensitive matching (``ilike``): PostgreSQL's ``ILIKE`` folds every Unicode letter;
  SQLite's ``LIKE`` only ASCII, so SQLite gets a ``erp_lower()`` SQL function backed by
  Python's ``str.lower`` and ``LIKE`` is made case-sensitive as it is on PostgreSQL;
* date buckets for ``read_group`` (day/week/month/quarter/year, in the user's time zone);
* connection set-up: SQLite in WAL mode with foreign keys on and transactional DDL (the
  driver's implicit transactions are turned off so that ``BEGIN`` covers schema changes too,
  which makes a failed install roll back completely). A transaction announced as writing
  (``registry.transaction(write=True)``) starts with ``BEGIN IMMEDIATE``: it takes the
  write lock at once, waiting up to the busy timeout behind the current writer, so that
  writers queue instead of failing (a deferred transaction that has read cannot wait for
  the lock: SQLite answers "database is locked" at once). Readers are never blocked (WAL).
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects.sqlite.base import SQLiteDDLCompiler
from sqlalchemy.engine import make_url

GRANULARITIES = ("day", "week", "month", "quarter", "year")
#: how long an SQLite connection waits for another process's write lock before giving up
#: (milliseconds; ``ERP_SQLITE_BUSY_TIMEOUT_MS`` overrides it, read when an engine is made)
SQLITE_BUSY_TIMEOUT_MS = 15000


def sqlite_busy_timeout_ms() -> int:
    value = os.environ.get("ERP_SQLITE_BUSY_TIMEOUT_MS", "")
    return int(value) if value.isdigit() else SQLITE_BUSY_TIMEOUT_MS


def truncate_date(value: dt.date, granularity: str) -> dt.date:
    """The first day of the bucket of ``value``."""
    if granularity == "day":
        return value
    if granularity == "week":
        return value - dt.timedelta(days=value.weekday())
    if granularity == "month":
        return value.replace(day=1)
    if granularity == "quarter":
        return value.replace(month=(value.month - 1) // 3 * 3 + 1, day=1)
    if granularity == "year":
        return value.replace(month=1, day=1)
    raise ValueError(f"Unknown granularity {granularity!r}")


def next_bucket(start: dt.date, granularity: str) -> dt.date:
    """The first day of the bucket after the one starting at ``start``."""
    if granularity == "day":
        return start + dt.timedelta(days=1)
    if granularity == "week":
        return start + dt.timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[granularity]
    month = start.month - 1 + months
    return start.replace(year=start.year + month // 12, month=month % 12 + 1, day=1)


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _sqlite_date_trunc(granularity: str, value: Any, tz: str | None) -> str | None:
    if value is None:
        return None
    text = str(value)
    if len(text) > 10 and tz and tz != "UTC":  # a datetime in UTC, bucketed in ``tz``
        moment = dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC).astimezone(_zone(tz))
        day = moment.date()
    else:
        day = dt.date.fromisoformat(text[:10])
    return truncate_date(day, granularity).isoformat()


def _sqlite_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


class InlineForeignKeyDDLCompiler(SQLiteDDLCompiler):
    """Foreign keys as column constraints, so that SQLite can drop such a column later.

    SQLite's ``ALTER TABLE ... DROP COLUMN`` refuses a column named in a table-level
    ``FOREIGN KEY`` clause but accepts one carrying its own ``REFERENCES`` clause; columns
    added by an addon later (``ADD COLUMN ... REFERENCES``) have the same shape.
    """

    def get_column_specification(self, column: Any, **kwargs: Any) -> str:
        spec = super().get_column_specification(column, **kwargs)
        keys = list(column.foreign_keys)
        if len(keys) == 1 and len(keys[0].constraint.elements) == 1:
            key = keys[0]
            target = key.column
            spec += (f" REFERENCES {self.preparer.format_table(target.table)} "
                     f"({self.preparer.quote(target.name)})")
            if key.ondelete:
                spec += f" ON DELETE {key.ondelete}"
        return spec

    def visit_foreign_key_constraint(self, constraint: Any, **kw: Any) -> Any:
        if len(constraint.elements) == 1:
            return None
        return super().visit_foreign_key_constraint(constraint, **kw)


class Dialect:
    name = ""

    def ilike(self, expr: Any, pattern: str, escape: str | None) -> Any:
        return expr.ilike(pattern, escape=escape) if escape else expr.ilike(pattern)

    def lower(self, expr: Any) -> Any:
        return sa.func.lower(expr)

    def date_trunc(self, expr: Any, granularity: str, tz: str | None, is_datetime: bool) -> Any:
        raise NotImplementedError

    def parse_group_date(self, value: Any) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value)[:10])

    def configure_engine(self, engine: sa.Engine) -> None:
        """Install connection hooks on a freshly created engine."""


class SQLiteDialect(Dialect):
    name = "sqlite"

    def ilike(self, expr: Any, pattern: str, escape: str | None) -> Any:
        lowered = sa.func.erp_lower(expr)
        pattern = pattern.lower()
        return lowered.like(pattern, escape=escape) if escape else lowered.like(pattern)

    def lower(self, expr: Any) -> Any:
        return sa.func.erp_lower(expr)

    def date_trunc(self, expr: Any, granularity: str, tz: str | None, is_datetime: bool) -> Any:
        return sa.func.erp_date_trunc(granularity, expr, tz if is_datetime else None)

    def configure_engine(self, engine: sa.Engine) -> None:
        engine.dialect.ddl_compiler = InlineForeignKeyDDLCompiler
        busy_timeout = sqlite_busy_timeout_ms()

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection: Any, record: Any) -> None:
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            dbapi_connection.create_function("erp_lower", 1, _sqlite_lower, deterministic=True)
            dbapi_connection.create_function("erp_date_trunc", 3, _sqlite_date_trunc,
                                             deterministic=True)
            cursor = dbapi_connection.cursor()
            for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL",
                           f"busy_timeout={busy_timeout}", "case_sensitive_like=ON"):
                cursor.execute(f"PRAGMA {pragma}")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: Any) -> None:
            write = connection.get_execution_options().get("erp_write")
            connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


class PostgresDialect(Dialect):
    name = "postgresql"

    def date_trunc(self, expr: Any, granularity: str, tz: str | None, is_datetime: bool) -> Any:
        if is_datetime and tz and tz != "UTC":
            expr = sa.func.timezone(tz, sa.func.timezone("UTC", expr))
        return sa.cast(sa.func.date_trunc(granularity, expr), sa.Date)


def dialect_for(engine_or_name: Any) -> Dialect:
    name = engine_or_name if isinstance(engine_or_name, str) else engine_or_name.dialect.name
    return SQLiteDialect() if name == "sqlite" else PostgresDialect()


def normalize_url(url: str) -> str:
    """Accept ``postgresql://`` and ``postgres://`` and use psycopg 3 for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def database_name(url: str) -> str:
    """The name RPC clients see: the PostgreSQL database, or the SQLite file stem."""
    parsed = make_url(normalize_url(url))
    if parsed.get_backend_name() == "sqlite":
        from pathlib import Path
        return Path(parsed.database or "erp").stem
    return parsed.database or ""


def create_engine(url: str, **kwargs: Any) -> sa.Engine:
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValueError(f"Unsupported database URL {url!r}: use sqlite:///path/file.sqlite3 "
                         "or postgresql://user@host/dbname")
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise ValueError("An SQLite database must be a file (sqlite:///path/erp.sqlite3)")
        engine = sa.create_engine(url, **kwargs)
    else:
        engine = sa.create_engine(url, isolation_level="REPEATABLE READ", pool_pre_ping=True,
                                  **kwargs)
    dialect_for(engine).configure_engine(engine)
    return engine
