"""One registry per database: its installed addons, plugin manager, models and tables.

A registry is built for a database URL and a list of installed addons, then frozen::

    registry = Registry.build("sqlite:///erp.sqlite3", ["base", "crm"], catalog)
    with registry.transaction() as tx:
        env = Environment(tx, SUPERUSER_ID)
        env["crm.lead"].search([])

Nothing about it is global: two databases served by one process have two registries, two
plugin managers and two SQLAlchemy ``MetaData``. Installing or uninstalling addons builds a
new registry (see :mod:`core.registry.modules`); a running server notices through the
``registry_signal`` row in the database when another process did so, and reloads.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import pluggy
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from core.exceptions import ConcurrencyError
from core.i18n import register_catalog_root, register_domain_alias
from core.orm.concurrency import is_concurrency_error
from core.orm.dialect import create_engine, database_name, dialect_for
from core.orm.environment import SUPERUSER_ID, Environment, Transaction
from core.registry import gate as request_gate
from core.registry import hookspecs
from core.registry.builder import Builder
from core.registry.loader import Addon, Catalog

NAMING_CONVENTION = {
    "ix": "%(table_name)s_%(column_0_N_name)s_index",
    "uq": "%(table_name)s_%(column_0_N_name)s_key",
    "fk": "%(table_name)s_%(column_0_name)s_fkey",
    "pk": "%(table_name)s_pkey",
}

_UNIQUE_FAILED = re.compile(r"UNIQUE constraint failed: (?P<cols>[\w., ]+)")
_CHECK_FAILED = re.compile(r"CHECK constraint failed: (?P<name>\w+)")

_logger = logging.getLogger(__name__)
signal_table_md = sa.MetaData()
SIGNAL_TABLE = sa.Table("registry_signal", signal_table_md,
                        sa.Column("id", sa.Integer, primary_key=True),
                        sa.Column("registry_sequence", sa.Integer, nullable=False, default=1),
                        sa.Column("cache_sequence", sa.Integer, nullable=False, default=1))


class RegistryFrozen(RuntimeError):
    """Raised when something tries to change a registry after its set-up."""


class Registry:
    """Models, tables and plugins of one database."""

    def __init__(self, url: str, catalog: Catalog, engine: sa.Engine | None = None) -> None:
        self.url = url
        self.db_name = database_name(url)
        self.catalog = catalog
        self.engine = engine if engine is not None else create_engine(url)
        self.dialect = dialect_for(self.engine)
        self.metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
        self.models: dict[str, type] = {}
        self.addons: list[Addon] = []
        self.plugin_manager = pluggy.PluginManager(hookspecs.PROJECT)
        self.plugin_manager.add_hookspecs(hookspecs)
        self.field_triggers: dict[Any, tuple] = {}
        self.compute_groups: dict[Any, tuple] = {}
        self.stored_computed: dict[str, tuple] = {}
        self.one2many_inverses: dict[Any, list] = {}
        self.many2many_by_relation: dict[str, list] = {}
        self.cascade_dependents: dict[str, set[str]] = {}
        self.constraint_messages: dict[str, tuple] = {}
        self.signal_sequence = 0
        self.cache_sequence = 0
        self.caches: dict[Any, Any] = {}
        self._cache_lock = threading.Lock()
        self._cache_generation = 0      # bumped by clear_caches (see ``cached``)
        self._frozen = False
        self._stored_dependents: set[Any] = set()
        self.replacement: Registry | None = None
        self._aliases: dict[tuple[str, int], Any] = {}
        self._sql_memo: dict[tuple, Any] = {}
        self.replace_listeners: list[Any] = []
        #: installed addons of the database whose code the catalog lacks (or that need
        #: one): the registry is built without them and cannot serve (RestartNeeded)
        self.missing_addons: list[str] = []

    # -- construction --------------------------------------------------------------------
    @classmethod
    def build(cls, url: str, addon_names: Iterable[str], catalog: Catalog,
              engine: sa.Engine | None = None) -> Registry:
        registry = cls(url, catalog, engine)
        registry._load(catalog.load_order(addon_names))
        return registry

    def _load(self, addons: list[Addon]) -> None:
        self._check_not_frozen()
        builder = Builder(self)
        pm = self.plugin_manager
        for addon in addons:
            module = addon.import_module()
            pm.register(module, name=addon.name)
            i18n_dir = addon.path / "i18n"
            if i18n_dir.is_dir():
                register_catalog_root(addon.name, i18n_dir)
            if addon.glue_of:
                register_domain_alias(addon.name, addon.glue_of[0])
        pm.hook.erp_addhooks.call_historic(kwargs={"plugin_manager": pm})
        pm.check_pending()
        impls = {impl.plugin_name: impl for impl in pm.hook.erp_models.get_hookimpls()}
        for addon in addons:
            impl = impls.get(addon.name)
            if impl is not None:
                builder.add(addon.name, list(impl.function() or ()))
        self.addons = addons
        builder.build()
        self._stored_dependents = self._compute_stored_dependents()
        self._frozen = True

    def _compute_stored_dependents(self) -> set[Any]:
        result: set[Any] = set()
        changed = True
        while changed:
            changed = False
            for field, triggers in self.field_triggers.items():
                if field in result:
                    continue
                if any(t.store or t in result for _p, t in triggers):
                    result.add(field)
                    changed = True
        return result

    def _check_not_frozen(self) -> None:
        if self._frozen:
            raise RegistryFrozen(f"The registry of {self.db_name} is already set up")

    # -- models --------------------------------------------------------------------------
    def __getitem__(self, model_name: str) -> type:
        try:
            return self.models[model_name]
        except KeyError:
            raise KeyError(model_name) from None

    def __contains__(self, model_name: object) -> bool:
        return model_name in self.models

    def __iter__(self) -> Iterator[str]:
        return iter(self.models)

    @property
    def addon_names(self) -> list[str]:
        return [a.name for a in self.addons]

    def table_alias(self, table: Any, index: int) -> Any:
        """``<table> AS <table>__<index>``, built once per registry (aliases are costly)."""
        key = (table.name, index)
        alias = self._aliases.get(key)
        if alias is None:
            alias = self._aliases[key] = table.alias(f"{table.name}__{index}")
        return alias

    def bind_processors(self, table: Any, names: list[str]) -> list[Any]:
        """The SQLAlchemy bind processors of ``table``'s columns (cached)."""
        key = ("bind", table.name, tuple(names))
        found = self._sql_memo.get(key)
        if found is None:
            dialect = self.engine.dialect
            found = self._sql_memo[key] = [table.c[n].type._cached_bind_processor(dialect)
                                           for n in names]
        return found

    def id_sequence(self, tx: Any, table: Any) -> str:
        """The PostgreSQL sequence feeding ``table.id`` (looked up once)."""
        key = ("sequence", table.name)
        found = self._sql_memo.get(key)
        if found is None:
            found = self._sql_memo[key] = tx.execute(sa.select(sa.func.pg_get_serial_sequence(
                table.name, "id"))).scalar_one()
        return found

    def insert_sql(self, table: Any, names: list[str], count: int) -> str:
        """``INSERT INTO t (a, b) VALUES (?, ?), (?, ?)...`` for ``count`` rows (cached)."""
        key = ("insert", table.name, tuple(names), count)
        found = self._sql_memo.get(key)
        if found is None:
            quote = self.engine.dialect.identifier_preparer.quote
            row = "(" + ", ".join("?" * len(names)) + ")"
            found = self._sql_memo[key] = (
                f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
                f"VALUES {', '.join([row] * count)}")
        return found

    def has_stored_dependents(self, field: Any) -> bool:
        return field in self._stored_dependents

    def hook(self) -> Any:
        return self.plugin_manager.hook

    def addon_impls(self, hook_name: str) -> list[tuple[str, Any]]:
        """``(addon name, function)`` of a hook's implementations, in load order."""
        impls = {impl.plugin_name: impl.function
                 for impl in getattr(self.plugin_manager.hook, hook_name).get_hookimpls()}
        return [(a.name, impls[a.name]) for a in self.addons if a.name in impls]

    # -- transactions --------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self, connection: Any = None, *, write: bool = False,
                    gate: str | None = None) -> Iterator[Transaction]:
        """A transaction committed at the end of the block, rolled back on any error.

        A concurrency conflict (:mod:`core.orm.concurrency`), at commit or anywhere in the
        block, comes out as :class:`ConcurrencyError`. ``write=True`` announces that the
        transaction will write: SQLite then starts it with ``BEGIN IMMEDIATE``, which waits
        (up to the busy timeout) in the queue of writers instead of failing at the first
        write when another connection wrote since this one started reading. ``gate``
        ("shared" or "exclusive") is for web requests on PostgreSQL (:mod:`.gate`)."""
        if connection is not None:
            yield Transaction(self, connection)
            return
        postgres = self.dialect.name == "postgresql"
        if gate == "exclusive" and postgres:
            with request_gate.exclusive(self.engine) as alone, \
                    self.transaction(write=write, gate=None if alone else "shared") as tx:
                yield tx
            return
        with self.engine.connect() as conn:
            if write:
                conn.execution_options(erp_write=True)
            try:
                trans = conn.begin()
            except DBAPIError as exc:
                if is_concurrency_error(exc):   # SQLite: BEGIN IMMEDIATE waited in vain
                    error = ConcurrencyError.from_error(exc)
                    error.at_begin = True
                    raise error from exc
                raise
            tx = Transaction(self, conn)
            try:
                if gate == "shared" and postgres:
                    request_gate.enter_shared(conn)
                yield tx
                tx.flush()
                for callback in tx.precommit:
                    callback()
                trans.commit()
            except Exception as exc:
                trans.rollback()
                conn.close()
                _run_after_rollback(tx)
                if is_concurrency_error(exc) and not isinstance(exc, ConcurrencyError):
                    raise ConcurrencyError.from_error(exc) from exc
                raise
            except BaseException:
                trans.rollback()
                raise
        for callback in tx.postcommit:
            callback()

    def env(self, tx: Transaction, uid: int = SUPERUSER_ID, context: dict | None = None
            ) -> Environment:
        return Environment(tx, uid, context or {})

    def replaced(self, new: Registry) -> None:
        """Called after commit when an install/uninstall/upgrade built ``new``."""
        self.replacement = new
        new.replace_listeners = list(self.replace_listeners)
        for listener in self.replace_listeners:
            listener(self, new)

    # -- constraints -------------------------------------------------------------------------
    def constraint_message(self, model_name: str, name: str, text: str) -> Any:
        """The message of the SQL constraint behind a database error, if it is one of ours."""
        if name in self.constraint_messages:
            return self.constraint_messages[name][1]
        check = _CHECK_FAILED.search(text)
        if check and check.group("name") in self.constraint_messages:
            return self.constraint_messages[check.group("name")][1]
        unique = _UNIQUE_FAILED.search(text)
        if unique:
            parts = [p.strip() for p in unique.group("cols").split(",")]
            table = parts[0].split(".")[0]
            cols = tuple(p.split(".")[-1] for p in parts)
            for full, (_model, message, columns) in self.constraint_messages.items():
                if full.startswith(table + "_") and tuple(columns) == cols:
                    return message
        return None

    # -- signalling between processes -------------------------------------------------------
    def read_signals(self, tx: Transaction) -> tuple[int, int]:
        row = tx.execute(sa.select(SIGNAL_TABLE.c.registry_sequence,
                                   SIGNAL_TABLE.c.cache_sequence)
                         .where(SIGNAL_TABLE.c.id == 1)).first()
        return (row[0], row[1]) if row else (0, 0)

    def bump_cache_signal(self, tx: Transaction) -> None:
        """Tell other processes that access rights or similar caches changed."""
        value = tx.execute(SIGNAL_TABLE.update().where(SIGNAL_TABLE.c.id == 1)
                           .values(cache_sequence=SIGNAL_TABLE.c.cache_sequence + 1)
                           .returning(SIGNAL_TABLE.c.cache_sequence)).scalar()

        def apply() -> None:
            self.clear_caches()
            if value is not None:
                self.cache_sequence = value
        tx.postcommit.append(apply)

    def clear_caches(self) -> None:
        with self._cache_lock:
            self.caches.clear()
            self._cache_generation += 1

    def cached(self, key: Any, compute: Any) -> Any:
        """A registry-wide memo (access rights, menus, the database secret...), cleared by
        ``clear_caches``. A value computed while the caches were cleared (another thread
        committed a change meanwhile) is returned but not kept: it may be the old one."""
        try:
            return self.caches[key]
        except KeyError:
            generation = self._cache_generation
            value = compute()
            with self._cache_lock:
                if generation == self._cache_generation:
                    self.caches[key] = value
            return value


def _run_after_rollback(tx: Transaction) -> None:
    """The ``postrollback`` callbacks (bookkeeping that must survive the rollback, written
    in a transaction of its own); a failing one is logged, the original error goes on."""
    for callback in tx.postrollback:
        try:
            callback()
        except Exception:  # noqa: BLE001 - never hide the error that caused the rollback
            _logger.exception("A post-rollback task failed")
