"""Throttling of failed sign-ins per (login, remote address), across all workers.

A login that failed :data:`THRESHOLD` times from one address is refused *from that
address* for a cooldown that doubles with every further failure — one minute, two, four...
up to :data:`MAX_DELAY` — without even checking the password. Another address is never
refused, whatever happens elsewhere: the owner signing in from their office, an RPC client
with the right password, colleagues behind the same address with other logins::

    attempts = env["res.users.login.attempt"]
    attempts._check_not_throttled(login, remote_addr)   # AccessDenied "Too many ..."
    ...wrong password...
    attempts._record_failure(login, remote_addr)
    ...right password...
    attempts._clear_failures(login, remote_addr)         # that address starts afresh

Failures are rows of a table, so every worker process sees them; recording one is a single
INSERT (concurrent workers never update the same row). They are written on a connection of
their own and committed at once: the request that failed is rolled back, its failure must
stay. On SQLite a writer may hold the database; the failure is then recorded in the
caller's transaction instead (the caller's commit or rollback decides). Attempts refused
during a cooldown are not recorded, and rows older than :data:`KEEP` or beyond the newest
:data:`MAX_ROWS` are deleted as new ones come: the table stays bounded under any attack.
Two workers checking the same pair at the same instant may both let an attempt through:
the count is off by the number of concurrent requests, never more.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from core.exceptions import AccessDenied
from core.i18n import Domain
from core.orm import fields, models
from core.orm.dialect import sqlite_busy_timeout_ms
from core.orm.fields.temporal import now
from core.registry.autonomous import write_after

_ = Domain("base")
_logger = logging.getLogger(__name__)

THRESHOLD = 5                        # failures of a login from one address before a cooldown
FIRST_DELAY = dt.timedelta(minutes=1)
MAX_DELAY = dt.timedelta(hours=1)
KEEP = dt.timedelta(days=1)          # older failures are deleted (and forgotten)
MAX_ROWS = 100_000                   # the newest failures kept, whatever their age
SQLITE_WAIT_MS = 300                 # how long to wait for SQLite's write lock


def normalize_login(login: Any) -> str:
    """The form a login is compared and counted in (case-insensitive, bounded)."""
    return str(login or "").strip().lower()[:256]


def normalize_address(address: Any) -> str:
    """The form an address is counted in ("" when the caller's address is unknown)."""
    return str(address or "").strip()[:64]


def cooldown(failures: int) -> dt.timedelta:
    """How long a (login, address) with ``failures`` recent failures must wait after the
    last one: nothing below the threshold, then 1, 2, 4... minutes up to MAX_DELAY."""
    if failures < THRESHOLD:
        return dt.timedelta(0)
    doublings = min(failures - THRESHOLD, 16)
    return min(FIRST_DELAY * (2 ** doublings), MAX_DELAY)


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
        """AccessDenied with a clear message while this login cools down at this address."""
        wait = self._remaining_cooldown(login, remote_addr)
        if wait > dt.timedelta(0):
            _logger.warning("Sign-in refused (too many failures) for login %r from %s",
                            normalize_login(login), remote_addr or "unknown address")
            minutes = max(1, math.ceil(wait.total_seconds() / 60))
            raise AccessDenied(_("Too many failed sign-in attempts. Please try again in "
                                 "%(minutes)s min.", minutes=minutes))

    def _remaining_cooldown(self, login: str, remote_addr: str | None) -> dt.timedelta:
        stamp = now()
        stmt = self._failures_statement(normalize_login(login),
                                        normalize_address(remote_addr), stamp - KEEP)
        in_tx = self.env.transaction.execute(stmt).one()
        fresh = self._autonomous(lambda conn: conn.execute(stmt).one()) or (0, None)
        count = max(in_tx[0] or 0, fresh[0] or 0)
        last = max((d for d in (in_tx[1], fresh[1]) if d is not None), default=None)
        if last is None:
            return dt.timedelta(0)
        return max(last + cooldown(count) - stamp, dt.timedelta(0))

    def _failures_statement(self, login: str, address: str, since: dt.datetime) -> Any:
        """(count, last date) of the recent failures of ``login`` from ``address``."""
        table = self._table_obj
        return sa.select(sa.func.count(table.c.id), sa.func.max(table.c.attempt_date)).where(
            table.c.login == login, sa.func.coalesce(table.c.remote_addr, "") == address,
            table.c.attempt_date >= since)

    # -- recording --------------------------------------------------------------------------
    def _record_failure(self, login: str, remote_addr: str | None) -> None:
        """Remember a failure, committed at once (see the module docstring)."""
        table = self._table_obj
        stamp = now()
        insert = table.insert().values(login=normalize_login(login),
                                       remote_addr=normalize_address(remote_addr),
                                       attempt_date=stamp).returning(table.c.id)

        def write(conn: Any) -> bool:
            new_id = conn.execute(insert).scalar_one()
            conn.execute(table.delete().where(sa.or_(table.c.attempt_date < stamp - KEEP,
                                                     table.c.id <= new_id - MAX_ROWS)))
            return True

        if not self._autonomous(write, writes=True):    # our own request holds the lock
            tx, registry = self.env.transaction, self.env.registry
            tx.execute(insert)                          # kept if the request commits,
            tx.postrollback.append(lambda: write_after(registry, insert))   # else after it

    def _clear_failures(self, login: str, remote_addr: str | None) -> None:
        """A successful sign-in forgets the failures of that login *from that address*
        (in the caller's transaction, which commits: on SQLite an outside write would
        invalidate it). Failures from elsewhere stay: they are someone else's guesses."""
        table = self._table_obj
        mine = sa.and_(table.c.login == normalize_login(login),
                       sa.func.coalesce(table.c.remote_addr, "") == normalize_address(remote_addr))
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
                        raw.execute(f"PRAGMA busy_timeout={sqlite_busy_timeout_ms()}")
        except OperationalError as exc:
            _logger.debug("Sign-in bookkeeping deferred to the request's transaction: %s", exc)
            return None


MODELS = [LoginAttempt]
