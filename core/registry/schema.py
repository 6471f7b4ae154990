"""Schema synchronisation: make the database match a registry's metadata.

Installing or upgrading an addon *adds* what the new registry declares and the database
lacks (tables, columns, indexes, foreign keys, check constraints); uninstalling *removes*
what the old registry had and the new one does not. Both work from the difference between
two ``MetaData`` objects, so no bookkeeping of "who created which column" can go stale::

    sync_schema(connection, new_registry.metadata)                     # install / upgrade
    drop_removed(connection, old_registry.metadata, new_registry.metadata)  # uninstall

All statements run on the caller's connection inside its transaction; SQLite runs DDL
transactionally too (see :mod:`core.orm.dialect`), so a failed install leaves no trace.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.schema import CreateColumn, CreateIndex, DropIndex

from core.registry.registry import SIGNAL_TABLE, signal_table_md

Progress = Callable[[str], None]


def ensure_signal_table(connection: Any) -> None:
    signal_table_md.create_all(connection, checkfirst=True)
    exists = connection.execute(sa.select(SIGNAL_TABLE.c.id)).first()
    if exists is None:
        connection.execute(SIGNAL_TABLE.insert().values(id=1, registry_sequence=1,
                                                        cache_sequence=1))


def bump_registry_signal(connection: Any) -> tuple[int, int]:
    """Tell other processes the addons changed; returns the new (registry, cache) sequences."""
    row = connection.execute(SIGNAL_TABLE.update().where(SIGNAL_TABLE.c.id == 1).values(
        registry_sequence=SIGNAL_TABLE.c.registry_sequence + 1).returning(
        SIGNAL_TABLE.c.registry_sequence, SIGNAL_TABLE.c.cache_sequence)).first()
    return (row[0], row[1]) if row else (0, 0)


def sync_schema(connection: Any, metadata: sa.MetaData, progress: Progress | None = None) -> list[str]:
    """Create missing tables, columns and indexes. Returns a log of what was done."""
    inspector = sa.inspect(connection)
    existing = set(inspector.get_table_names())
    done: list[str] = []
    missing = [t for t in metadata.sorted_tables if t.name not in existing]
    if missing:
        if progress:
            progress(f"create {len(missing)} tables")
        metadata.create_all(connection, tables=missing, checkfirst=False)
        done.extend(f"create table {t.name}" for t in missing)
    for table in metadata.sorted_tables:
        if table.name not in existing:
            continue
        done.extend(_add_columns(connection, inspector, table))
        done.extend(_add_indexes(connection, inspector, table))
        done.extend(_add_checks(connection, inspector, table))
    return done


def _add_columns(connection: Any, inspector: Any, table: sa.Table) -> list[str]:
    present = {c["name"] for c in inspector.get_columns(table.name)}
    dialect = connection.dialect
    done = []
    for column in table.columns:
        if column.name in present:
            continue
        ddl = str(CreateColumn(column).compile(dialect=dialect))
        for fkey in column.foreign_keys:
            target = fkey.target_fullname.split(".")
            ddl += f" REFERENCES {target[0]} ({target[1]})"
            if fkey.ondelete:
                ddl += f" ON DELETE {fkey.ondelete}"
        connection.exec_driver_sql(f'ALTER TABLE "{table.name}" ADD COLUMN {ddl}')
        done.append(f"add column {table.name}.{column.name}")
    return done


def _add_indexes(connection: Any, inspector: Any, table: sa.Table) -> list[str]:
    present = {i["name"] for i in inspector.get_indexes(table.name)}
    done = []
    for index in table.indexes:
        if index.name not in present:
            connection.execute(CreateIndex(index))
            done.append(f"create index {index.name}")
    return done


def _add_checks(connection: Any, inspector: Any, table: sa.Table) -> list[str]:
    if connection.dialect.name != "postgresql":
        return []  # SQLite cannot add a CHECK to an existing table; the ORM validates too
    present = {c["name"] for c in inspector.get_check_constraints(table.name)}
    done = []
    for constraint in table.constraints:
        if isinstance(constraint, sa.CheckConstraint) and constraint.name not in present:
            sql = str(constraint.sqltext.compile(dialect=connection.dialect))
            connection.exec_driver_sql(
                f'ALTER TABLE "{table.name}" ADD CONSTRAINT "{constraint.name}" CHECK ({sql})')
            done.append(f"add check {constraint.name}")
    return done


def drop_removed(connection: Any, old: sa.MetaData, new: sa.MetaData,
                 progress: Progress | None = None) -> list[str]:
    """Drop the tables and columns ``old`` has and ``new`` has not. Returns a log."""
    inspector = sa.inspect(connection)
    existing = set(inspector.get_table_names())
    done: list[str] = []
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    for table in old.sorted_tables:
        if table.name in new.tables and table.name in existing:
            done.extend(_drop_columns(connection, inspector, table, new.tables[table.name]))
    for table in reversed(old.sorted_tables):
        if table.name not in new.tables and table.name in existing:
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f'DROP TABLE "{table.name}" CASCADE')
            else:
                connection.exec_driver_sql(f'DROP TABLE "{table.name}"')
            done.append(f"drop table {table.name}")
            if progress:
                progress(f"drop table {table.name}")
    return done


def _drop_columns(connection: Any, inspector: Any, old_table: sa.Table,
                  new_table: sa.Table) -> list[str]:
    present = {c["name"] for c in inspector.get_columns(old_table.name)}
    gone = [c.name for c in old_table.columns if c.name not in new_table.columns and
            c.name in present]
    if not gone:
        return []
    done = []
    for index in inspector.get_indexes(old_table.name):
        if index.get("duplicates_constraint"):      # PostgreSQL drops it with the column
            continue
        if set(index["column_names"] or ()) & set(gone):
            connection.execute(DropIndex(sa.Index(index["name"]), if_exists=True)) \
                if connection.dialect.name != "sqlite" else \
                connection.exec_driver_sql(f'DROP INDEX IF EXISTS "{index["name"]}"')
            done.append(f"drop index {index['name']}")
    if connection.dialect.name == "postgresql":
        for fkey in inspector.get_foreign_keys(old_table.name):
            if set(fkey["constrained_columns"]) & set(gone) and fkey.get("name"):
                connection.exec_driver_sql(
                    f'ALTER TABLE "{old_table.name}" DROP CONSTRAINT IF EXISTS "{fkey["name"]}"')
    if connection.dialect.name == "sqlite" and not _sqlite_can_drop(connection, old_table.name,
                                                                     gone):
        if _referenced(connection, old_table.name):
            return [*done, *(f"keep column {old_table.name}.{name} (SQLite: a constraint names "
                             "it and other tables refer to the table)" for name in gone)]
        _sqlite_rebuild(connection, old_table.name, new_table)
        return [*done, *(f"drop column {old_table.name}.{name}" for name in gone)]
    for name in gone:
        connection.exec_driver_sql(f'ALTER TABLE "{old_table.name}" DROP COLUMN "{name}"')
        done.append(f"drop column {old_table.name}.{name}")
    return done


def _sqlite_can_drop(connection: Any, table: str, columns: list[str]) -> bool:
    """Whether SQLite's ``DROP COLUMN`` takes these columns (it refuses a column that a
    UNIQUE or CHECK constraint names), tried in a savepoint that is rolled back."""
    savepoint = connection.begin_nested()
    try:
        for name in columns:
            connection.exec_driver_sql(f'ALTER TABLE "{table}" DROP COLUMN "{name}"')
    except sa.exc.OperationalError:
        return False
    finally:
        savepoint.rollback()
    return True


def _referenced(connection: Any, table: str) -> bool:
    """Whether a foreign key of any table (itself included) refers to ``table``."""
    names = connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table'").scalars().all()
    return any(row[2] == table for name in names for row in connection.exec_driver_sql(
        f'PRAGMA foreign_key_list("{name}")').all())


def _sqlite_rebuild(connection: Any, name: str, new_table: sa.Table) -> None:
    """SQLite's table rebuild inside the caller's transaction, for a table no foreign key
    refers to (foreign keys cannot be switched off in a transaction, and dropping a table
    others refer to would run their ON DELETE actions): the old table is renamed aside,
    the new one created and filled with the kept columns (same ids), the old one dropped."""
    aside = f"_rebuild_{name}"
    for index in sa.inspect(connection).get_indexes(name):
        connection.exec_driver_sql(f'DROP INDEX IF EXISTS "{index["name"]}"')
    connection.exec_driver_sql(f'ALTER TABLE "{name}" RENAME TO "{aside}"')
    new_table.create(connection)
    present = {c["name"] for c in sa.inspect(connection).get_columns(aside)}
    columns = ", ".join(f'"{c.name}"' for c in new_table.columns if c.name in present)
    connection.exec_driver_sql(
        f'INSERT INTO "{name}" ({columns}) SELECT {columns} FROM "{aside}"')
    connection.exec_driver_sql(f'DROP TABLE "{aside}"')
