"""Bookkeeping written in a transaction of its own, after the request's transaction ended.

Some rows must outlive the request that produced them: a failed sign-in is counted even
though its request rolls back. When that row cannot be written at once — on SQLite the
request itself may hold the single write lock (``BEGIN IMMEDIATE``) — it is written after
the rollback, queued behind the other writers like any request::

    tx.postrollback.append(lambda: write_after(registry, insert_statement))
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.exc import DBAPIError

from core.exceptions import ConcurrencyError

_logger = logging.getLogger(__name__)


def write_after(registry: Any, *statements: Any) -> bool:
    """Execute ``statements`` in a short write transaction; False (logged) when the
    database stayed busy for the whole busy timeout."""
    try:
        with registry.transaction(write=True) as tx:
            for statement in statements:
                tx.execute(statement)
    except (ConcurrencyError, DBAPIError) as exc:
        _logger.warning("Bookkeeping not written (database busy): %s", exc)
        return False
    return True
