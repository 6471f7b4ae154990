"""The request gate of a PostgreSQL database: a request that keeps colliding runs alone.

Requests run in REPEATABLE READ transactions: two that write the same row cannot both
commit, one gets a serialization failure and is re-run (``core/web/retry.py``). When eight
clients hammer one record, a re-run can collide again and again. So every request holds
the gate *shared* for its transaction (a transaction-level advisory lock, one statement,
never waiting while nobody holds it exclusively), and a request re-run after its second
collision takes it *exclusively* on a side connection before its transaction starts: the
requests in flight finish, the next ones wait, it runs alone and succeeds::

    request A  [shared ....]                      [shared ...]
    request B      [shared ..] x  [shared ..] x  |[exclusive: B alone]| A, C go on
    request C                                     (waits)  [shared ...]

The exclusive lock is waited for at most :data:`EXCLUSIVE_WAIT_MS` (a long transaction in
flight — an install over RPC — then only delays the re-run, which goes on ungated); it is
a session lock of the side connection, released after the transaction and by PostgreSQL
if the process dies. Only web requests take the gate: ``erp shell``, ``erp call`` and
tests neither wait for it nor hold it. SQLite needs no gate: a re-run starts with
``BEGIN IMMEDIATE`` and holds the single write lock anyway.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from core.orm.concurrency import is_concurrency_error

_logger = logging.getLogger(__name__)

GATE_KEY = 0x45525031           # the advisory lock key ("ERP1"), one gate per database
EXCLUSIVE_WAIT_MS = 2000
_SHARED = sa.text("SELECT pg_advisory_xact_lock_shared(:key)")
_LOCK = sa.text("SELECT pg_advisory_lock(:key)")
_UNLOCK = sa.text("SELECT pg_advisory_unlock(:key)")


def enter_shared(connection: Any) -> None:
    """Hold the gate shared until the end of ``connection``'s transaction."""
    connection.execute(_SHARED, {"key": GATE_KEY})


@contextlib.contextmanager
def exclusive(engine: sa.Engine) -> Iterator[bool]:
    """Hold the gate alone for the block; yields False (and does not hold it) when the
    requests in flight did not finish within :data:`EXCLUSIVE_WAIT_MS`."""
    with engine.connect() as side:
        side.execution_options(isolation_level="AUTOCOMMIT")
        side.exec_driver_sql(f"SET lock_timeout = {EXCLUSIVE_WAIT_MS}")
        try:
            side.execute(_LOCK, {"key": GATE_KEY})
        except DBAPIError as exc:
            if not is_concurrency_error(exc):
                raise
            _logger.info("Request gate busy for %d ms: re-running ungated", EXCLUSIVE_WAIT_MS)
            held = False
        else:
            held = True
        try:
            yield held
        finally:
            if held:
                side.execute(_UNLOCK, {"key": GATE_KEY})
            side.exec_driver_sql("RESET lock_timeout")
