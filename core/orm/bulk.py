"""Bulk inserts: many rows in few statements, ids back in order.

``create`` of 500 records must not cost 500 statements. SQLAlchemy's generic executemany
with RETURNING inserts row by row on SQLite and builds one huge parameter string per batch
on psycopg; these helpers use what each database does best, keeping the stored format
identical by running the columns' own SQLAlchemy bind processors:

* SQLite: one multi-row ``INSERT ... VALUES (...), (...)`` per chunk; the ids follow from
  the last rowid, since the transaction holds the database's write lock;
* PostgreSQL: ids drawn from the table's sequence, rows loaded with ``COPY``.

Small batches go through SQLAlchemy as usual.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

SQLITE_MAX_VARIABLES = 32000
COPY_THRESHOLD = 20


def _values(row: dict, names: list[str], processors: list[Any]) -> list[Any]:
    return [process(row[n]) if process is not None and row[n] is not None else row[n]
            for n, process in zip(names, processors)]


def insert_returning_ids(tx: Any, table: sa.Table, rows: list[dict]) -> list[int]:
    """Insert ``rows`` (dicts with the same keys) and return their new ids in order."""
    dialect = tx.registry.dialect.name
    if dialect == "sqlite":
        return _sqlite_insert(tx, table, rows)
    if len(rows) > COPY_THRESHOLD:
        ids = _next_ids(tx, table, len(rows))
        _copy(tx, table, rows, ids)
        return ids
    stmt = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    return [row[0] for row in tx.execute(stmt, rows).all()]


def insert(tx: Any, table: sa.Table, rows: list[dict]) -> None:
    """Insert ``rows`` without needing ids back (relation tables)."""
    if not rows:
        return
    if tx.registry.dialect.name == "postgresql" and len(rows) > COPY_THRESHOLD:
        _copy(tx, table, rows, None)
    else:
        tx.execute(table.insert(), rows)


def _sqlite_insert(tx: Any, table: sa.Table, rows: list[dict]) -> list[int]:
    registry = tx.registry
    names = list(rows[0])
    processors = registry.bind_processors(table, names)
    chunk = max(1, SQLITE_MAX_VARIABLES // len(names))
    ids: list[int] = []
    for start in range(0, len(rows), chunk):
        part = rows[start:start + chunk]
        params: list[Any] = []
        for row in part:
            params.extend(_values(row, names, processors))
        sql = registry.insert_sql(table, names, len(part))
        tx.sql_count += 1
        last = tx.connection.exec_driver_sql(sql, tuple(params)).lastrowid
        ids.extend(range(last - len(part) + 1, last + 1))
    return ids


def _next_ids(tx: Any, table: sa.Table, count: int) -> list[int]:
    sequence = tx.registry.id_sequence(tx, table)
    return [r[0] for r in tx.execute(sa.select(sa.func.nextval(sequence)).select_from(
        sa.func.generate_series(1, count)))]


def _copy(tx: Any, table: sa.Table, rows: list[dict], ids: list[int] | None) -> None:
    import psycopg
    registry = tx.registry
    names = list(rows[0])
    processors = registry.bind_processors(table, names)
    quote = registry.engine.dialect.identifier_preparer.quote
    columns = ([quote("id")] if ids is not None else []) + [quote(n) for n in names]
    sql = f"COPY {quote(table.name)} ({', '.join(columns)}) FROM STDIN"
    cursor = tx.connection.connection.driver_connection.cursor()
    tx.sql_count += 1
    try:
        with cursor.copy(sql) as copy:
            if ids is None:
                for row in rows:
                    copy.write_row(_values(row, names, processors))
            else:
                for rid, row in zip(ids, rows):
                    copy.write_row([rid, *_values(row, names, processors)])
    except psycopg.errors.IntegrityError as exc:
        raise IntegrityError(sql, None, exc) from None
    finally:
        cursor.close()
