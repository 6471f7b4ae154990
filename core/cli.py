"""The ``erp`` command: the one entry point for operators and scripts.

    erp [--db URL] [--addons-path DIR]... COMMAND
    erp init [--admin-password PW] [--lang en_US|de_DE] [--demo] [--install A[,B...]]
    erp install A...          erp uninstall A... [--dry-run] [--yes]
    erp upgrade A...          erp addons
    erp serve [--host 127.0.0.1] [--port 8069] [--workers N] [--max-request-size 10M]
              [--retries 5]
    erp shell
    erp call MODEL METHOD [ARG...] [--user LOGIN]   (ARGs in JSON; for cron jobs and scripts)

``--db`` defaults to ``$ERP_DB``, then ``sqlite:///erp.sqlite3`` in the current folder. Bad
input ends with a non-zero exit code and one clear line on stderr, never a traceback, and
the database stays as it was (every command runs in one transaction).
"""

from __future__ import annotations

import argparse
import code
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.exc import ArgumentError, DBAPIError

from core.exceptions import ConcurrencyError, UserError
from core.i18n import LANGUAGES, using_lang
from core.registry.data import DataError
from core.registry.loader import AddonError, Catalog
from core.registry.modules import (
    AlreadyInitialised,
    DatabaseError,
    initialize,
    install,
    open_registry,
    uninstall,
    upgrade,
)

DEFAULT_DB = "sqlite:///erp.sqlite3"


class CommandError(Exception):
    """A command failed in a way the user can fix; the message says how."""


def _progress(enabled: bool) -> Callable[[str], None] | None:
    if not enabled:
        return None
    width = 78

    def show(message: str) -> None:
        sys.stderr.write("\r" + message[:width].ljust(width))
        sys.stderr.flush()
    return show


def _end_progress(enabled: bool) -> None:
    if enabled:
        sys.stderr.write("\r" + " " * 78 + "\r")
        sys.stderr.flush()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="erp", description="ERP server and administration")
    parser.add_argument("--db", default=os.environ.get("ERP_DB") or DEFAULT_DB,
                        help="database URL (default: $ERP_DB or sqlite:///erp.sqlite3)")
    parser.add_argument("--addons-path", action="append", default=[], metavar="DIR",
                        help="a folder of extra addons (repeatable)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    init = sub.add_parser("init", help="create the database and its base data")
    init.add_argument("--admin-password")
    init.add_argument("--lang", default="en_US", choices=sorted(LANGUAGES))
    init.add_argument("--demo", action="store_true", help="load demonstration data")
    init.add_argument("--install", default="", help="addons to install, comma-separated")
    for name, text in (("install", "install addons"), ("upgrade", "upgrade addons")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("addons", nargs="+")
    rem = sub.add_parser("uninstall", help="uninstall addons and those depending on them")
    rem.add_argument("addons", nargs="+")
    rem.add_argument("--dry-run", action="store_true", help="only show what would go")
    rem.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    sub.add_parser("addons", help="list the addons and their state")
    serve = sub.add_parser("serve", help="run the web server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8069)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--debug", action="store_true", help="include tracebacks in RPC errors")
    serve.add_argument("--proxy-mode", action="store_true",
                       help="behind a reverse proxy: trust X-Forwarded-For/-Proto headers")
    serve.add_argument("--master-password", default=os.environ.get("ERP_MASTER_PASSWORD"),
                       help="allow creating/dropping databases over RPC with this password")
    serve.add_argument("--max-request-size", type=size, metavar="SIZE",
                       default=os.environ.get("ERP_MAX_REQUEST_SIZE") or "10M",
                       help="largest request body accepted, e.g. 10M, 512K (default: "
                            "$ERP_MAX_REQUEST_SIZE or 10M); larger ones get HTTP 413")
    serve.add_argument("--retries", type=int, default=None, metavar="N",
                       help="re-run a request up to N times when another one wrote the same "
                            "data at the same time (default $ERP_REQUEST_RETRIES, then 5)")
    sub.add_parser("shell", help="a Python prompt with `env` bound to the admin user")
    call = sub.add_parser("call", help="call a public model method (as the RPC API would)")
    call.add_argument("model")
    call.add_argument("method")
    call.add_argument("args", nargs="*", metavar="ARG",
                      help="positional arguments as JSON (record ids first for record methods)")
    call.add_argument("--user", default="admin", help="run as this login (default: admin; __system__: "
                      "the superuser, as scheduled jobs run)")
    return parser


def _split_names(values: Sequence[str]) -> list[str]:
    return [n.strip() for value in values for n in value.split(",") if n.strip()]


def cmd_init(args: argparse.Namespace, catalog: Catalog) -> int:
    progress = sys.stderr.isatty()
    try:
        registry, generated = initialize(
            args.db, catalog, admin_password=args.admin_password, lang=args.lang,
            demo=args.demo, install_names=_split_names([args.install]),
            progress=_progress(progress))
    except AlreadyInitialised as exc:
        print(f"{exc} Nothing was changed.")
        return 0
    finally:
        _end_progress(progress)
    print(f"Database {registry.db_name} initialised with: {', '.join(registry.addon_names)}")
    if generated:
        print(f"Login: admin  Password: {generated}  (shown once; change it after signing in)")
    return 0


def cmd_install(args: argparse.Namespace, catalog: Catalog) -> int:
    registry = open_registry(args.db, catalog)
    before = set(registry.addon_names)
    progress = sys.stderr.isatty()
    new = install(registry, _split_names(args.addons), progress=_progress(progress))
    _end_progress(progress)
    added = [n for n in new.addon_names if n not in before]
    print("Installed: " + (", ".join(added) if added else "nothing (already installed)"))
    return 0


def cmd_upgrade(args: argparse.Namespace, catalog: Catalog) -> int:
    registry = open_registry(args.db, catalog)
    progress = sys.stderr.isatty()
    upgrade(registry, _split_names(args.addons), progress=_progress(progress))
    _end_progress(progress)
    print("Upgraded: " + ", ".join(_split_names(args.addons)))
    return 0


def cmd_uninstall(args: argparse.Namespace, catalog: Catalog) -> int:
    registry = open_registry(args.db, catalog)
    names = _split_names(args.addons)
    _new, plan = uninstall(registry, names, dry_run=True)
    print("Addons to uninstall: " + ", ".join(a for a in plan.addons))
    _print_removal(plan)
    if args.dry_run:
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            raise CommandError("Confirm with --yes (or run interactively).")
        answer = input(f"Uninstall {', '.join(plan.addons)} and delete "
                       f"{_rows_summary(plan)}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was changed.")
            return 1
    progress = sys.stderr.isatty()
    _new, done = uninstall(registry, names, progress=_progress(progress))
    _end_progress(progress)
    print(f"Uninstalled: {', '.join(done.addons)}; deleted {_rows_summary(done)}")
    return 0


def _print_removal(plan: Any) -> None:
    """Rows per table the uninstall deletes (counted by rehearsing it), then the schema."""
    for table, count in sorted(plan.rows.items()):
        print(f"  {count:6d} row(s) in {table}")
    for table in plan.tables:
        print(f"  table {table}")
    for column in plan.columns:
        print(f"  column {column}")


def _rows_summary(plan: Any) -> str:
    return f"{sum(plan.rows.values())} row(s) in {len(plan.rows)} table(s)"


def cmd_addons(args: argparse.Namespace, catalog: Catalog) -> int:
    registry = open_registry(args.db, catalog)
    with registry.transaction() as tx:
        modules = registry.env(tx)["ir.module.module"]
        states = {m.name: (m.state, m.latest_version) for m in modules.search([])}
    rows = [("NAME", "STATE", "VERSION", "SUMMARY")]
    for name, addon in sorted(catalog.addons.items()):
        state, version = states.get(name, ("uninstalled", False))
        rows.append((name, state, version or addon.version, addon.summary))
    widths = [max(len(str(r[i])) for r in rows) for i in range(3)]
    for row in rows:
        print("  ".join(str(v).ljust(widths[i]) for i, v in enumerate(row[:3])) + "  " + row[3])
    return 0


def cmd_serve(args: argparse.Namespace, catalog: Catalog) -> int:
    from core.web.server import serve
    open_registry(args.db, catalog)  # fail early and clearly when the database is not ready
    return serve(args.db, catalog, host=args.host, port=args.port, workers=args.workers,
                 debug=args.debug, master_password=args.master_password,
                 addons_paths=args.addons_path, proxy_mode=args.proxy_mode,
                 max_request_size=args.max_request_size, retries=args.retries)


def size(text: str) -> int:
    """A size in bytes for argparse (``10M``, ``512K``, ``1048576``)."""
    from core.web.limits import parse_size
    return parse_size(text)


def cmd_shell(args: argparse.Namespace, catalog: Catalog) -> int:
    registry = open_registry(args.db, catalog)
    with registry.engine.connect() as conn:
        trans = conn.begin()
        from core.orm.environment import Environment, Transaction
        tx = Transaction(registry, conn)
        admin = Environment(tx, 1)["ir.model.data"]._xmlid_to_record("base.user_admin")
        env = Environment(tx, admin.id, admin.sudo().context_get())

        def commit() -> None:
            tx.flush()
            trans.commit()
            conn.begin()

        namespace: dict[str, Any] = {"env": env, "registry": registry, "commit": commit}
        banner = (f"env: admin on {registry.db_name} ({', '.join(registry.addon_names)}).\n"
                  "commit() saves your changes; leaving the shell discards the rest.")
        code.interact(banner=banner, local=namespace, exitmsg="")
        if conn.in_transaction():
            conn.rollback()
    return 0


def cmd_call(args: argparse.Namespace, catalog: Catalog) -> int:
    """One public method call in one transaction, as the user ``--user``; prints JSON."""
    from core.rpc.call_kw import call_kw
    registry = open_registry(args.db, catalog)
    positional = [_json_argument(value) for value in args.args]
    with registry.transaction(write=True) as tx:    # SQLite: queue behind the server's writes
        env = _call_env(registry.env(tx), args.user)
        if args.model not in registry:
            raise CommandError(f"no model {args.model!r} in this database")
        try:
            result = call_kw(env[args.model], args.method, positional, {})
        except (TypeError, AttributeError) as exc:
            raise CommandError(f"{args.model}.{args.method}: {exc}") from None
    print(json.dumps(result, default=str, ensure_ascii=False))
    return 0


def _call_env(root: Any, login: str) -> Any:
    """The environment of ``login``; ``__system__`` is the superuser of scheduled jobs."""
    if login == "__system__":
        return root
    user = root["res.users"].with_context(active_test=False).search(
        [("login", "=", login)], limit=1)
    if not user or not user.active:
        raise CommandError(f"no active user with the login {login!r}")
    return root(user=user.id, context=user.context_get())


def _json_argument(value: str) -> Any:
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        raise CommandError(f"arguments are JSON values: {value!r} is not one "
                           "(quote strings twice: '\"text\"')") from None


COMMANDS: dict[str, Callable[[argparse.Namespace, Catalog], int]] = {
    "init": cmd_init, "install": cmd_install, "uninstall": cmd_uninstall,
    "upgrade": cmd_upgrade, "addons": cmd_addons, "serve": cmd_serve, "shell": cmd_shell,
    "call": cmd_call,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        with using_lang("en_US"):
            catalog = Catalog.discover(args.addons_path)
            return COMMANDS[args.command](args, catalog)
    except (AddonError, DatabaseError, DataError, CommandError, UserError) as exc:
        return _fail(str(exc))
    except (DBAPIError, ArgumentError) as exc:
        return _fail(_database_problem(args.db, exc))
    except ConcurrencyError as exc:
        return _fail(_database_problem(args.db, exc))
    except ValueError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted; nothing was changed")


def _database_problem(url: str, exc: BaseException) -> str:
    """One line for a database that cannot be used: locked, corrupted, unreachable..."""
    detail = _first_line(exc)
    if "locked" in detail or "busy" in detail:
        return (f"the database {url} is locked by another process (a running command, shell "
                "or server holds a write); nothing was changed, try again")
    if isinstance(exc, ConcurrencyError):
        return (f"another process changed the same data at the same time ({detail}); "
                "nothing was changed, try again")
    if "not a database" in detail or "malformed" in detail:
        return f"the file of {url} is not a usable SQLite database ({detail})"
    return f"cannot use the database {url}: {detail}"


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(exc).__name__


def _fail(message: str) -> int:
    sys.stderr.write(f"erp: error: {message.strip().splitlines()[0] if message.strip() else 'failed'}\n")
    return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
