"""Throttling of failed sign-ins, per login and per remote address, across all workers.

After :data:`MAX_FAILURES` failures within :data:`WINDOW` for the same login, or from the
same address, further attempts are refused without even checking the password until the
oldest of those failures is older than the window — about a minute::

    attempts = env["res.users.login.attempt"]
    attempts._check_not_throttled(login, remote_addr)   # AccessDenied "Too many ..."
    ...wrong password...
    attempts._record_failure(login, remote_addr)

Failures are rows of a table, so every worker process sees them. They are written on a
connection of their own and committed at once: the request that failed is rolled back,
its failure must stay. On SQLite a writer may hold the database; the failure is then
recorded in the caller's transaction instead (the caller's commit or rollback decides).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from core.exceptions import AccessDenied
from core.i18n import Domain
from core.orm import fields, models
from core.orm.fields.temporal import now
from core.registry.autonomous import write_after

_ = Domain("base")
_logger = logging.getLogger(__name__)

MAX_FAILURES = 10
WINDOW = dt.timedelta(minutes=1)
KEEP = dt.timedelta(days=1)          # older failures are deleted
SQLITE_WAIT_MS = 300                 # how long to wait for SQLite's write lock


def normalize_login(login: Any) -> str:
    """The form a login is compared and counted in (case-insensitive, bounded)."""
    return str(login or "").strip().lower()[:256]


class LoginAttempt(models.Model):
    """One failed sign-in (wrong password, unknown login or disabled user)."""

    _name = "res.users.login.attempt"
    _description = "Failed Sign-in Attempt"
    _order = "attempt_date desc, id desc"
    _rec_name = "login"
    _log_access = False

    login = fields.Char(index=True)
    remote_addr = fields.Char(string="Remote Address", index=True)
    attempt_date = fields.Datetime(string="Date", required=True, index=True)

    # -- checking ---------------------------------------------------------------------------
    def _check_not_throttled(self, login: str, remote_addr: str | None) -> None:
        """AccessDenied with a clear message when the login or address is cooling down."""
        if self._is_throttled(login, remote_addr):
            _logger.warning("Sign-in refused (too many failures) for login %r from %s",
                            normalize_login(login), remote_addr or "unknown address")
            raise AccessDenied(_("Too many failed sign-in attempts. Please wait a minute and "
                                 "try again."))

    def _is_throttled(self, login: str, remote_addr: str | None) -> bool:
        stmt = self._count_statement(normalize_login(login), remote_addr, now() - WINDOW)
        in_tx = self.env.transaction.execute(stmt).one()
        fresh = self._autonomous(lambda conn: conn.execute(stmt).one())
        counts = [max(a or 0, b or 0) for a, b in zip(in_tx, fresh or (0, 0))]
        return any(count >= MAX_FAILURES for count in counts)

    def _count_statement(self, login: str, remote_addr: str | None, since: dt.datetime) -> Any:
        table = self._table_obj
        recent = table.c.attempt_date >= since
        by_login = sa.func.sum(sa.case((table.c.login == login, 1), else_=0))
        by_addr = (sa.func.sum(sa.case((table.c.remote_addr == remote_addr, 1), else_=0))
                   if remote_addr else sa.literal(0))
        where = table.c.login == login
        if remote_addr:
            where = sa.or_(where, table.c.remote_addr == remote_addr)
        return sa.select(by_login, by_addr).where(recent, where)

    # -- recording --------------------------------------------------------------------------
    def _record_failure(self, login: str, remote_addr: str | None) -> None:
        """Remember a failure, committed at once (see the module docstring)."""
        table = self._table_obj
        stamp = now()
        insert = table.insert().values(login=normalize_login(login),
                                       remote_addr=(remote_addr or None), attempt_date=stamp)
        purge = table.delete().where(table.c.attempt_date < stamp - KEEP)

        def write(conn: Any) -> bool:
            conn.execute(purge)
            conn.execute(insert)
            return True

        if not self._autonomous(write, writes=True):    # our own request holds the lock
            tx, registry = self.env.transaction, self.env.registry
            tx.execute(insert)                          # kept if the request commits,
            tx.postrollback.append(lambda: write_after(registry, insert))   # else after it

    def _clear_failures(self, login: str) -> None:
        """A successful sign-in forgets the failures of that login (in the caller's
        transaction, which commits: on SQLite an outside write would invalidate it)."""
        table = self._table_obj
        mine = table.c.login == normalize_login(login)
        tx = self.env.transaction      # a DELETE always takes SQLite's write lock: only if any
        if tx.execute(sa.select(table.c.id).where(mine).limit(1)).first() is not None:
            tx.execute(table.delete().where(mine))

    def _autonomous(self, work: Callable[[Any], Any], writes: bool = False) -> Any:
        """Run ``work(connection)`` in a transaction of its own, committed at once.

        Returns its result, or None when the database is locked by another writer (SQLite,
        possibly the caller's own transaction)."""
        registry = self.env.registry
        sqlite = registry.dialect.name == "sqlite"
        try:
            with registry.engine.connect() as conn:
                raw = conn.connection.driver_connection if sqlite and writes else None
                if raw is not None:
                    raw.execute(f"PRAGMA busy_timeout={SQLITE_WAIT_MS}")
                try:
                    with conn.begin():
                        return work(conn)
                finally:
                    if raw is not None:
                        raw.execute("PRAGMA busy_timeout=15000")
        except OperationalError as exc:
            _logger.debug("Sign-in bookkeeping deferred to the request's transaction: %s", exc)
            return None


MODELS = [LoginAttempt]
