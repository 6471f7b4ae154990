"""Registry-wide memo of security answers that stays right across transactions and workers.

Access rights, record rules, group memberships and credential checks are asked on every ORM
call, so their answers are kept in ``registry.cached`` (shared by the threads of a worker)::

    allowed = access_cache.cached(env, ("acl", group_ids, "read"), compute)

Two things must never happen: a transaction reading answers made stale by its own changes,
and a transaction publishing answers computed from data it may still roll back. So a
transaction that changes security data (access rights, rules, groups, memberships,
passwords, API keys) calls :func:`invalidate`: from then on it memoises only privately, and
when it commits, ``registry.bump_cache_signal`` clears the registry cache of this worker at
once and of every other worker at its next request (the cache signal row in the database).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

_DIRTY = "_security_dirty"      # attribute set on the Transaction (survives memo.clear())
_PRIVATE = "security.cache"     # key of the transaction's private memo in tx.memo


def is_dirty(env: Any) -> bool:
    """Whether this transaction changed security data (and must not share its answers)."""
    return bool(getattr(env.transaction, _DIRTY, False))


def cached(env: Any, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """``compute()`` memoised registry-wide, or privately in a transaction that is dirty."""
    tx = env.transaction
    if getattr(tx, _DIRTY, False):
        memo = tx.memo.setdefault(_PRIVATE, {})
        if key not in memo:
            memo[key] = compute()
        return memo[key]
    return env.registry.cached(("security", *key), compute)


def invalidate(env: Any) -> None:
    """Security data changed in this transaction: forget answers, tell the other workers."""
    tx = env.transaction
    tx.memo.pop(_PRIVATE, None)
    for key in [k for k in tx.memo if isinstance(k, tuple) and k and k[0] == "groups"]:
        del tx.memo[key]  # Environment.user_groups_xmlids() memo
    if not getattr(tx, _DIRTY, False):
        setattr(tx, _DIRTY, True)
        env.registry.bump_cache_signal(tx)


class InvalidatesAccessCache:
    """Mixed into the models whose records decide access (rights, rules): any change to
    them invalidates the cached answers, in this process and (on commit) the others."""

    def create(self, vals_list: Any) -> Any:
        records = super().create(vals_list)  # type: ignore[misc]
        invalidate(self.env)  # type: ignore[attr-defined]
        return records

    def write(self, vals: dict) -> bool:
        invalidate(self.env)  # type: ignore[attr-defined]
        return super().write(vals)  # type: ignore[misc]

    def unlink(self) -> bool:
        invalidate(self.env)  # type: ignore[attr-defined]
        return super().unlink()  # type: ignore[misc]
