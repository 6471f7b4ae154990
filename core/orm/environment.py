"""Transactions, their cache, and environments.

A :class:`Transaction` is one database transaction: the SQLAlchemy connection, the cache of
field values read or computed during it, and the bookkeeping of computed fields that still
have to be recomputed. An :class:`Environment` is a light view on a transaction as a given
user, with a context (language, time zone, ``active_test`` ...) and possibly superuser
rights. Records carry their environment; ``env["crm.lead"]`` is the entry point::

    with registry.transaction() as tx:
        env = Environment(tx, uid=2, context={"lang": "de_DE"})
        leads = env["crm.lead"].search([("user_id", "=", env.uid)])

Environments are cheap and immutable; ``with_context``/``with_user``/``sudo`` make new ones
over the same transaction, so every variant shares one cache.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from core.i18n import DEFAULT_LANG, LazyText

if TYPE_CHECKING:
    from core.orm.models import BaseModel

SUPERUSER_ID = 1


class Cache:
    """Field values of one transaction: ``data[key][record_id] = value``.

    The key is the field itself, or ``(field, context values)`` for a computed field whose
    value depends on the context (``@api.depends_context("lang")``): the same record then
    keeps one value per language.
    """

    __slots__ = ("data", "variants")

    def __init__(self) -> None:
        self.data: dict[Any, dict[Any, Any]] = {}
        self.variants: dict[Any, set[Any]] = {}

    def get(self, field: Any, record_id: Any) -> Any:
        return self.data[field][record_id]

    def contains(self, field: Any, record_id: Any) -> bool:
        values = self.data.get(field)
        return values is not None and record_id in values

    def _new_key(self, key: Any) -> dict[Any, Any]:
        values = self.data[key] = {}
        if type(key) is tuple:
            self.variants.setdefault(key[0], set()).add(key)
        return values

    def set(self, field: Any, record_id: Any, value: Any) -> None:
        values = self.data.get(field)
        if values is None:
            values = self._new_key(field)
        values[record_id] = value

    def update(self, field: Any, ids: Iterable[Any], values: Iterable[Any]) -> None:
        target = self.data.get(field)
        if target is None:
            target = self._new_key(field)
        target.update(zip(ids, values))

    def missing_ids(self, field: Any, ids: Iterable[Any]) -> list[Any]:
        values = self.data.get(field) or {}
        return [rid for rid in ids if rid not in values]

    def invalidate(self, fields: Iterable[Any] | None = None, ids: Iterable[Any] | None = None
                   ) -> None:
        if fields is None:
            if ids is None:
                self.data.clear()
                self.variants.clear()
                return
            fields = list(self.data)
        ids = None if ids is None else list(ids)
        expanded = []
        for field in fields:
            expanded.append(field)
            expanded.extend(self.variants.get(field, ()))
        for field in expanded:
            if ids is None:
                self.data.pop(field, None)
            else:
                values = self.data.get(field)
                if values:
                    for rid in ids:
                        values.pop(rid, None)

    def invalidate_model(self, model_name: str) -> None:
        for key in [k for k in self.data if (k[0] if type(k) is tuple else k).model_name
                    == model_name]:
            del self.data[key]


class Transaction:
    """One database transaction with its cache and pending recomputations."""

    def __init__(self, registry: Any, connection: Any) -> None:
        self.registry = registry
        self.connection = connection
        self.cache = Cache()
        self.tocompute: dict[Any, set[Any]] = {}
        self.computing: dict[Any, set[Any]] = {}
        self.protected: dict[Any, set[Any]] = {}
        self.sql_count = 0
        self.precommit: list[Any] = []
        self.postcommit: list[Any] = []
        self.postrollback: list[Any] = []   # run after a rollback (registry.transaction)
        self.memo: dict[Any, Any] = {}   # per-transaction memoisation (access rights, groups)

    @property
    def dialect(self) -> Any:
        return self.registry.dialect

    def execute(self, statement: Any, params: Any = None) -> Any:
        self.sql_count += 1
        if params is None:
            return self.connection.execute(statement)
        return self.connection.execute(statement, params)

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[None]:
        """A nested transaction: on error, the database and the cache go back."""
        nested = self.connection.begin_nested()
        try:
            yield
        except BaseException:
            nested.rollback()
            self.clear_caches()
            raise
        else:
            nested.commit()

    def clear_caches(self) -> None:
        self.cache.invalidate()
        self.tocompute.clear()
        self.memo.clear()

    def flush(self) -> None:
        """Run the pending recomputations (before commit, or before raw SQL)."""
        if self.tocompute:
            env = Environment(self, SUPERUSER_ID, {}, su=True)
            env["res.users"]._recompute_pending()


class Environment:
    """A user, a context and superuser flag over one transaction."""

    __slots__ = ("transaction", "registry", "uid", "context", "su", "_user")

    def __init__(self, transaction: Transaction, uid: int, context: Mapping | None = None,
                 su: bool = False) -> None:
        self.transaction = transaction
        self.registry = transaction.registry
        self.uid = uid
        self.context = MappingProxyType(dict(context or {}))
        self.su = su or uid == SUPERUSER_ID
        self._user: Any = None

    def __getitem__(self, model_name: str) -> BaseModel:
        return self.registry[model_name]._empty(self)

    def __contains__(self, model_name: str) -> bool:
        return model_name in self.registry

    def __call__(self, user: Any = None, context: Mapping | None = None,
                 su: bool | None = None) -> Environment:
        uid = self.uid if user is None else (user.id if hasattr(user, "_ids") else int(user))
        ctx = self.context if context is None else context
        new_su = (self.su if uid == self.uid else False) if su is None else su
        return Environment(self.transaction, uid, ctx, new_su)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Environment) and (
            self.transaction is other.transaction and self.uid == other.uid
            and self.su == other.su and dict(self.context) == dict(other.context))

    def __hash__(self) -> int:
        return hash((id(self.transaction), self.uid, self.su))

    # -- convenience ---------------------------------------------------------------------
    @property
    def cr(self) -> Transaction:
        return self.transaction

    @property
    def cache(self) -> Cache:
        return self.transaction.cache

    @property
    def lang(self) -> str:
        return self.context.get("lang") or DEFAULT_LANG

    @property
    def tz(self) -> str:
        return self.context.get("tz") or "UTC"

    @property
    def user(self) -> BaseModel:
        if self._user is None:
            self._user = self(su=True)["res.users"].browse(self.uid)
        return self._user

    @property
    def company(self) -> BaseModel:
        company_ids = self.context.get("allowed_company_ids")
        if company_ids:
            return self["res.company"].browse(company_ids[0])
        return self.user.company_id

    @property
    def companies(self) -> BaseModel:
        company_ids = self.context.get("allowed_company_ids")
        if company_ids:
            return self["res.company"].browse(company_ids)
        return self.user.company_ids or self.user.company_id

    def is_superuser(self) -> bool:
        return self.su

    def is_system(self) -> bool:
        return self.su or self.has_group("base.group_system")

    def is_admin(self) -> bool:
        return self.su or self.has_group("base.group_erp_manager") or self.is_system()

    def has_group(self, xmlid: str) -> bool:
        """Whether the current user belongs to the group ``xmlid`` (implied groups too)."""
        if self.uid == SUPERUSER_ID:
            return True
        return xmlid in self.user_groups_xmlids()

    def user_groups_xmlids(self) -> frozenset[str]:
        key = ("groups", self.uid)
        memo = self.transaction.memo
        if key not in memo:
            memo[key] = self["res.users"]._group_xmlids_of(self.uid)
        return memo[key]

    def user_has_groups(self, groups: str) -> bool:
        """Odoo's comma-separated spec: any of the groups; ``!xmlid`` excludes."""
        positive = False
        for item in (g.strip() for g in groups.split(",") if g.strip()):
            if item.startswith("!"):
                if self.has_group(item[1:]):
                    return False
            elif self.has_group(item):
                positive = True
        return positive or all(g.strip().startswith("!") for g in groups.split(",") if g.strip())

    def ref(self, xmlid: str, raise_if_not_found: bool = True) -> Any:
        return self["ir.model.data"]._xmlid_to_record(xmlid, raise_if_not_found)

    def _(self, text: Any) -> str:
        """Translate a lazy text into this environment's language."""
        return text.translate(self.lang) if isinstance(text, LazyText) else str(text)

    def flush_all(self) -> None:
        self.transaction.flush()

    def invalidate_all(self) -> None:
        self.transaction.cache.invalidate()
