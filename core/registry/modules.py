"""Initialise a database, install, uninstall and upgrade addons — each in one transaction.

Every operation builds the registry the database will have afterwards, applies the schema
difference, loads or removes data and records the new addon states, all on one connection
inside one transaction: if anything fails, the database is exactly as before::

    registry = open_registry(url, catalog)
    registry = install(registry, ["crm"])                    # crm and its dependencies
    plan = uninstall(registry, ["sales_team"], dry_run=True)  # what would go
    registry = upgrade(registry, ["crm"])

The registry returned replaces the old one; other processes notice through the registry
signal row and rebuild theirs.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from core.exceptions import RestartNeeded, UserError
from core.i18n import Domain
from core.orm.dialect import normalize_url
from core.orm.environment import SUPERUSER_ID, Environment, Transaction
from core.registry.data import DataLoader
from core.registry.loader import Addon, AddonError, Catalog
from core.registry.registry import SIGNAL_TABLE, Registry
from core.registry.schema import (
    bump_registry_signal,
    drop_removed,
    ensure_signal_table,
    sync_schema,
)

_ = Domain("core")
Progress = Callable[[str], None] | None


class DatabaseError(Exception):
    """The database cannot be used as asked (not initialised, already initialised...)."""


class AlreadyInitialised(DatabaseError):
    """``erp init`` on a database that already has its base data."""


@dataclass
class UninstallPlan:
    """What an uninstall removes (shown before confirmation, and by ``--dry-run``)."""

    addons: list[str]
    records: dict[str, int] = field(default_factory=dict)
    tables: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    #: rows each table loses, counted by doing the uninstall (a dry run rolls it back):
    #: cascades and the records of other addons that point to removed ones included
    rows: dict[str, int] = field(default_factory=dict)
    #: the model stored in each table of ``rows`` (relation tables have none)
    models: dict[str, str] = field(default_factory=dict)


# -- opening ------------------------------------------------------------------------------
def installed_addons(connection: Any) -> list[str] | None:
    """Names of the installed addons, or None when the database is not initialised."""
    inspector = sa.inspect(connection)
    if "ir_module_module" not in inspector.get_table_names():
        return None
    rows = connection.exec_driver_sql(
        "SELECT name FROM ir_module_module WHERE state IN ('installed', 'to upgrade')").all()
    return [row[0] for row in rows]


def open_registry(url: str, catalog: Catalog, engine: sa.Engine | None = None) -> Registry:
    """The registry of an initialised database (DatabaseError if it is not). Installed
    addons the catalog lacks are listed in ``registry.missing_addons``."""
    if engine is None:
        _require_existing_file(url)
    probe = Registry(url, catalog, engine)
    with probe.engine.connect() as conn:
        registry = _build_installed(probe, catalog, conn)
    with registry.transaction() as tx:
        registry.signal_sequence, registry.cache_sequence = registry.read_signals(tx)
    return registry


def _build_installed(probe: Registry, catalog: Catalog, conn: Any) -> Registry:
    """The registry of the addons installed in the database ``conn`` is connected to."""
    names = installed_addons(conn)
    if not names:
        raise DatabaseError(_("The database %s is not initialised: run `erp init` first.")
                            % probe.db_name)
    missing = set(n for n in names if n not in catalog)
    available = [n for n in names if n not in missing]
    for name in available:   # an addon that needs a missing one cannot be loaded either
        try:
            catalog.closure([name])
        except AddonError:
            missing.add(name)
    registry = Registry.build(probe.url, [n for n in available if n not in missing],
                              catalog, probe.engine)
    registry.missing_addons = sorted(missing)
    return registry


def current_registry(registry: Registry, conn: Any) -> Registry:
    """``registry``, or the one the database has now when another process installed,
    upgraded or uninstalled addons since it was built (read on ``conn``): install,
    upgrade and uninstall always work on the addons really installed. RestartNeeded when
    this process lacks the code of an installed addon."""
    row = conn.execute(sa.select(SIGNAL_TABLE.c.registry_sequence, SIGNAL_TABLE.c.cache_sequence)
                       .where(SIGNAL_TABLE.c.id == 1)).first()
    if row is not None and row[0] != registry.signal_sequence:
        fresh = _build_installed(registry, registry.catalog, conn)
        fresh.signal_sequence, fresh.cache_sequence = row[0], row[1]
        fresh.replace_listeners = list(registry.replace_listeners)
        registry = fresh
    if registry.missing_addons:
        raise RestartNeeded(registry.missing_addons)
    return registry


def _require_existing_file(url: str) -> None:
    """Opening an SQLite database never creates its file: only ``erp init`` does."""
    parsed = sa.engine.make_url(normalize_url(url))
    if parsed.get_backend_name() == "sqlite" and parsed.database \
            and not Path(parsed.database).is_file():
        raise DatabaseError(_(
            "There is no database file %s (not initialised): run `erp init` first.")
                            % parsed.database)


# -- init ---------------------------------------------------------------------------------
def initialize(url: str, catalog: Catalog, *, admin_password: str | None = None,
               lang: str = "en_US", demo: bool = False, install_names: Iterable[str] = (),
               progress: Progress = None) -> tuple[Registry, str | None]:
    """Create the base data of a new database; returns (registry, generated password)."""
    probe = Registry(url, catalog)
    generated = None
    with probe.engine.connect() as conn:
        if installed_addons(conn):
            raise AlreadyInitialised(_("The database %s is already initialised.")
                                     % probe.db_name)
    password = admin_password
    if not password:
        password = generated = secrets.token_urlsafe(12)
    with probe.engine.connect() as conn, conn.begin():
        ensure_signal_table(conn)
        empty = Registry(url, catalog, probe.engine)
        empty._frozen = True
        registry = _install_on(conn, empty, ["base", *install_names], demo=demo,
                               progress=progress,
                               setup=lambda env: _setup_base(env, password, lang, demo))
    with registry.transaction() as tx:
        registry.signal_sequence, registry.cache_sequence = registry.read_signals(tx)
    return registry, generated


def _setup_base(env: Environment, password: str, lang: str, demo: bool) -> None:
    admin = env.ref("base.user_admin")
    admin._set_password(password)
    admin.write({"lang": lang})
    params = env["ir.config_parameter"]
    params.set_param("base.demo", "1" if demo else "0")
    params.set_param("database.uuid", secrets.token_hex(16))
    modules = env["ir.module.module"]
    modules._sync_catalog()


# -- install ------------------------------------------------------------------------------
def install(registry: Registry, names: Iterable[str], *, progress: Progress = None,
            connection: Any = None, demo: bool | None = None) -> Registry:
    """Install ``names`` and their dependencies (next to the addons the database has now,
    :func:`current_registry`); returns the new registry."""
    names = list(names)
    for name in names:
        registry.catalog[name]  # unknown addon → AddonError
    if connection is not None:
        return _install_on(connection, current_registry(registry, connection), names,
                           demo=demo, progress=progress)
    with registry.engine.connect() as conn, conn.begin():
        return _install_on(conn, current_registry(registry, conn), names, demo=demo,
                           progress=progress)


def _install_on(conn: Any, old: Registry, names: list[str], *, demo: bool | None,
                progress: Progress, setup: Callable[[Environment], None] | None = None
                ) -> Registry:
    catalog = old.catalog
    before = set(old.addon_names)
    wanted = {a.name for a in catalog.load_order(names) if not a.glue_of} | {
        a.name for a in old.addons if not a.glue_of}
    new = Registry.build(old.url, wanted, catalog, old.engine)
    added_columns = sync_schema(conn, new.metadata, progress)
    env = Environment(Transaction(new, conn), SUPERUSER_ID, {"active_test": True})
    _fill_new_column_defaults(env, added_columns)
    fresh = [a for a in new.addons if a.name not in before]
    if demo is None:
        demo = bool(before) and env["ir.config_parameter"].get_param("base.demo") == "1"
    for addon in fresh:
        _run_hook(new, addon, "erp_pre_install", env=env)
        _sync_model_records(env, addon)
        _load_addon_data(env, addon, "init", demo, progress)
        if addon.name == "base" and setup is not None:
            setup(env)
        env["ir.module.module"]._mark_installed(addon)
        _recompute_new_columns(env, added_columns)
    for addon in fresh:
        _run_hook(new, addon, "erp_post_install", env=env)
    env.transaction.flush()
    new.signal_sequence, new.cache_sequence = bump_registry_signal(conn)
    return new


def _load_addon_data(env: Environment, addon: Addon, mode: str, demo: bool,
                     progress: Progress) -> DataLoader:
    loader = DataLoader(env, addon.name, mode, progress)
    files = [(f, False) for f in addon.manifest.get("data", [])]
    if demo:  # demo records are user data: loaded once, then kept as users edit them
        files += [(f, True) for f in addon.manifest.get("demo", [])]
    for relative, noupdate in files:
        path = addon.path / relative
        if not path.is_file():
            raise AddonError(_("Addon %(addon)s: data file %(file)s does not exist",
                               addon=addon.name, file=relative))
        loader.load_file(path, noupdate)
    env.transaction.flush()
    return loader


def _sync_model_records(env: Environment, addon: Addon) -> None:
    env["ir.model"]._reflect_models(addon.name)


def _new_columns(env: Environment, added: list[str]) -> Iterator[tuple[Any, Any]]:
    """(model class, field) of each column ``sync_schema`` added."""
    by_table = {cls._table: cls for cls in env.registry.models.values() if not cls._abstract}
    for entry in added:
        if not entry.startswith("add column "):
            continue
        table, _dot, column = entry[len("add column "):].partition(".")
        cls = by_table.get(table)
        column_field = cls._fields.get(column) if cls is not None else None
        if column_field is not None:
            yield cls, column_field


def _recompute_new_columns(env: Environment, added: list[str]) -> None:
    """New stored computed columns get their values on existing records."""
    for cls, new_field in _new_columns(env, added):
        if new_field.compute and new_field.store:
            records = env[cls._name].with_context(active_test=False).search([])
            records._recompute_fields([new_field.name])


def _fill_new_column_defaults(env: Environment, added: list[str]) -> None:
    """Rows that existed before a column was added get the field's default, computed once
    on the model (as Odoo's ``_init_column``); runs before any data file of the install."""
    for cls, new_field in _new_columns(env, added):
        if new_field.compute or new_field.default is None:
            continue
        model = env[cls._name]
        table = model._table_obj
        column = table.c[new_field.name]
        missing = env.transaction.execute(
            sa.select(table.c.id).where(column.is_(None)).limit(1)).first()
        if missing is None:
            continue
        value = new_field.convert_to_cache(new_field.default_value(model), model, validate=False)
        if value is not None:
            env.transaction.execute(table.update().where(column.is_(None)).values(
                {column: new_field.convert_to_column(value)}))


def _run_hook(registry: Registry, addon: Addon, hook: str, **kwargs: Any) -> None:
    function = dict(registry.addon_impls(hook)).get(addon.name)
    if function is not None:
        function(**kwargs)


# -- uninstall ------------------------------------------------------------------------------
def uninstall(registry: Registry, names: Iterable[str], *, dry_run: bool = False,
              progress: Progress = None, connection: Any = None
              ) -> tuple[Registry | None, UninstallPlan]:
    """Remove ``names`` and the addons depending on them (with their data and schema),
    as the database has them now (:func:`current_registry`)."""
    names = list(names)
    if connection is not None:
        registry = current_registry(registry, connection)
        new, gone = _removal(registry, names)
        savepoint = connection.begin_nested() if dry_run else None
        try:
            plan = _uninstall_on(connection, registry, new, gone, progress)
        finally:
            if savepoint is not None:
                savepoint.rollback()
    else:
        with registry.engine.connect() as conn:
            trans = conn.begin()
            try:
                registry = current_registry(registry, conn)
                new, gone = _removal(registry, names)
                plan = _uninstall_on(conn, registry, new, gone, progress)
            except BaseException:
                trans.rollback()
                raise
            if dry_run:
                trans.rollback()
            else:
                trans.commit()
    return (None if dry_run else new), plan


def _removal(registry: Registry, names: list[str]) -> tuple[Registry, list[Addon]]:
    """The registry without ``names`` and their dependents, and the addons that go."""
    installed = [a.name for a in registry.addons if not a.glue_of]
    for name in names:
        registry.catalog[name]
        if name not in installed:
            raise UserError(_("The addon %s is not installed.") % name)
        if name == "base":
            raise UserError(_("The base addon cannot be uninstalled."))
    removal = registry.catalog.dependents(names, installed)
    remaining = [n for n in installed if n not in removal]
    new = Registry.build(registry.url, remaining, registry.catalog, registry.engine)
    return new, [a for a in registry.addons if a.name not in new.addon_names]


def _uninstall_on(conn: Any, old: Registry, new: Registry, gone: list[Addon],
                  progress: Progress) -> UninstallPlan:
    """Uninstall for real on ``conn``; a dry run is this, rolled back by the caller, so the
    plan counts exactly what the uninstall drops."""
    env = Environment(Transaction(old, conn), SUPERUSER_ID, {"active_test": False})
    modules = [a.name for a in gone]
    plan = UninstallPlan(addons=modules)
    owned = env["ir.model.data"]._owned_records(modules)
    for model_name, ids in owned.items():
        plan.records[model_name] = len(ids)
    plan.tables = sorted(t for t in old.metadata.tables if t not in new.metadata.tables)
    plan.columns = sorted(
        f"{name}.{col.name}" for name, table in old.metadata.tables.items()
        if name in new.metadata.tables for col in table.columns
        if col.name not in new.metadata.tables[name].columns)
    before = _row_counts(conn, old.metadata)
    for addon in reversed(gone):
        _run_hook(old, addon, "erp_pre_uninstall", env=env)
    _remove_owned(env, owned, set(plan.tables), modules, progress)
    env.transaction.flush()
    drop_removed(conn, old.metadata, new.metadata, progress)
    new_env = Environment(Transaction(new, conn), SUPERUSER_ID, {"active_test": False})
    new_env["ir.module.module"]._mark_uninstalled(modules)
    new_env.transaction.flush()
    after = _row_counts(conn, new.metadata)
    plan.rows = {name: count - after.get(name, 0) for name, count in sorted(before.items())
                 if count > after.get(name, 0)}
    plan.models = {cls._table: name for name, cls in old.models.items()
                   if not cls._abstract and cls._table in plan.rows}
    new.signal_sequence, new.cache_sequence = bump_registry_signal(conn)
    return plan


def _row_counts(conn: Any, metadata: sa.MetaData) -> dict[str, int]:
    """Rows per table of ``metadata`` (one statement)."""
    tables = list(metadata.tables.values())
    if not tables:
        return {}
    counts = [sa.select(sa.literal(t.name).label("t"), sa.func.count().label("n"))
              .select_from(t) for t in tables]
    return {name: count for name, count in conn.execute(sa.union_all(*counts)).all()}


def _remove_owned(env: Environment, owned: dict[str, list[int]], dropped: set[str],
                  modules: list[str], progress: Progress) -> None:
    registry = env.registry
    order = sorted(owned, key=lambda m: _removal_rank(m))
    for model_name in order:
        if model_name not in registry:
            continue
        cls = registry[model_name]
        if cls._abstract or cls._table in dropped:
            continue
        if progress:
            progress(f"remove {len(owned[model_name])} {model_name}")
        records = env[model_name].browse(sorted(owned[model_name], reverse=True)).exists()
        records.unlink()
    env["ir.model.data"]._forget_modules(modules)


def _removal_rank(model_name: str) -> tuple[int, str]:
    """Business records first, then menus/actions/views, then rules, groups, models."""
    late = ["ir.ui.menu", "ir.actions.act_window", "ir.actions.server", "ir.ui.view",
            "ir.rule", "ir.model.access", "res.groups", "ir.module.category",
            "ir.model.fields", "ir.model"]
    return (late.index(model_name) + 1 if model_name in late else 0, model_name)


# -- upgrade ------------------------------------------------------------------------------
def upgrade(registry: Registry, names: Iterable[str], *, progress: Progress = None,
            connection: Any = None) -> Registry:
    """Re-synchronise schema and data of ``names`` (and the addons depending on them)."""
    names = list(names)
    if connection is not None:
        return _upgrade_current(connection, registry, names, progress)
    with registry.engine.connect() as conn, conn.begin():
        return _upgrade_current(conn, registry, names, progress)


def _upgrade_current(conn: Any, registry: Registry, names: list[str],
                     progress: Progress) -> Registry:
    registry = current_registry(registry, conn)
    installed = [a.name for a in registry.addons if not a.glue_of]
    for name in names:
        registry.catalog[name]
        if name not in installed:
            raise UserError(_("The addon %s is not installed.") % name)
    return _upgrade_on(conn, registry, names, installed, progress)


def _upgrade_on(conn: Any, old: Registry, names: list[str], installed: list[str],
                progress: Progress) -> Registry:
    catalog = Catalog(dict(old.catalog.addons))
    new = Registry.build(old.url, installed, catalog, old.engine)
    added = sync_schema(conn, new.metadata, progress)
    env = Environment(Transaction(new, conn), SUPERUSER_ID, {"active_test": True})
    _fill_new_column_defaults(env, added)
    targets = catalog.dependents(names, installed)
    demo = env["ir.config_parameter"].get_param("base.demo") == "1"
    previous = env["ir.module.module"]._installed_versions()
    for addon in new.addons:
        if addon.name not in targets and not (addon.glue_of and set(addon.glue_of) & targets):
            continue
        _sync_model_records(env, addon)
        loader = _load_addon_data(env, addon, "update", demo, progress)
        env["ir.model.data"]._remove_obsolete(addon.name, loader.loaded)
        env["ir.module.module"]._mark_installed(addon)
        _recompute_new_columns(env, added)
        _run_hook(new, addon, "erp_post_upgrade", env=env,
                  previous_version=previous.get(addon.name, ""))
    env.transaction.flush()
    new.signal_sequence, new.cache_sequence = bump_registry_signal(conn)
    return new
