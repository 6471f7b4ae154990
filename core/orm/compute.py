"""Computed fields: who depends on what, and recomputation after every change.

At registry set-up every ``@api.depends("partner_id.name")`` becomes a *trigger*: "when
``res.partner.name`` changes on some partners, the leads whose ``partner_id`` is one of
them must recompute their field". :meth:`ComputeMixin._modified` follows those triggers
backwards from the changed records; stored targets are queued in the transaction
(``tx.tocompute``) and recomputed in batches at the end of the ORM operation, non-stored
targets are simply dropped from the cache and computed again on the next read. Values the
caller writes explicitly in the same operation are protected from recomputation, which is
how an editable computed field (a team derived from the salesperson) keeps a user's choice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from core.exceptions import AccessError, MissingError
from core.i18n import Domain as _Domain
from core.orm.recordset import PREFETCH_MAX, NewId

_ = _Domain("core")


class ComputeMixin:
    """Mixed into BaseModel."""

    # -- change propagation ------------------------------------------------------------
    def _modified(self, field_names: Iterable[str], _seen: set | None = None) -> None:
        """``self`` changed ``field_names``: queue or invalidate what depends on them."""
        if not self._ids:
            return
        registry = self.env.registry
        seen = _seen if _seen is not None else set()
        for name in field_names:
            field = self._fields[name]
            for path, target in registry.field_triggers.get(field, ()):
                key = (target, path, self._ids)
                if key in seen:
                    continue
                seen.add(key)
                self._mark_target(path, target, seen)
            if field.type == "many2one":
                self._modified_inverse(field, seen)

    def _mark_target(self, path: tuple, target: Any, seen: set) -> None:
        tx = self._transaction
        if not target.store and path and not self.env.registry.has_stored_dependents(target):
            tx.cache.invalidate([target])
            return
        records = self._traverse_back(path)
        if not records:
            return
        real_ids = [i for i in records._ids if not isinstance(i, NewId)]
        if target.store:
            protected = tx.protected.get(target, ())
            pending = [i for i in real_ids if i not in protected]
            if pending:
                tx.tocompute.setdefault(target, set()).update(pending)
                tx.cache.invalidate([target], pending)
        else:
            tx.cache.invalidate([target], records._ids)
            records._modified([target.name], seen)

    def _traverse_back(self, path: tuple) -> Any:
        """The records that reach ``self`` through ``path`` (a tuple of relational fields)."""
        records = self
        for field in reversed(path):
            model = self.env(su=True)[field.model_name].with_context(active_test=False)
            ids = [i for i in records._ids if not isinstance(i, NewId)]
            if not ids:
                return model
            if field.type == "one2many" and field.inverse_name:
                inverse = records._fields[field.inverse_name]
                records = model.browse(tuple(dict.fromkeys(
                    rid for rec in records for rid in [rec._current_cache_value(inverse)]
                    if rid is not None)))
            else:
                records = model.search([(field.name, "in", ids)])
        return records

    def _modified_inverse(self, field: Any, seen: set) -> None:
        """A many2one changed: the one2many fields on the other side changed too."""
        inverses = self.env.registry.one2many_inverses.get(field)
        if not inverses:
            return
        cache = self._transaction.cache.data.get(field) or {}
        parent_ids = {cache.get(rid) for rid in self._ids} - {None}
        if not parent_ids:
            return
        for o2m in inverses:
            parents = self.env(su=True)[o2m.model_name].browse(tuple(parent_ids))
            self._transaction.cache.invalidate([o2m], parents._ids)
            parents._modified([o2m.name], seen)

    # -- computing -----------------------------------------------------------------------
    def _compute_field_values(self, field: Any) -> None:
        """Run the compute method of ``field`` (and its siblings) on ``self``."""
        registry = self.env.registry
        group = registry.compute_groups.get(field, (field,))
        tx = self._transaction
        for member in group:
            tx.computing.setdefault(member, set()).update(self._ids)
        records = self.sudo() if field.compute_sudo else self
        try:
            compute = field.compute
            if isinstance(compute, str):
                getattr(records, compute)()
            else:
                compute(records)
        finally:
            for member in group:
                computing = tx.computing.get(member)
                if computing is not None:
                    computing.difference_update(self._ids)
                    if not computing:
                        del tx.computing[member]
        cache = tx.cache
        for member in group:
            missing = cache.missing_ids(member.cache_key(self.env), self._ids)
            if missing:
                raise ValueError(f"Compute method of {member} did not assign a value to "
                                 f"{self._name}{tuple(missing)!r}")

    def _compute_nonstored(self, field: Any) -> None:
        ids = self._prefetch_batch(field)
        records = self._browse(tuple(ids), self._prefetch_ids)
        if len(ids) > 1:
            try:
                records._compute_field_values(field)
                return
            except (MissingError, AccessError):  # a prefetched record is gone or hidden
                self._transaction.cache.invalidate([field], ids[1:])
        self._compute_field_values(field)

    def _recompute_field(self, field: Any) -> None:
        """Recompute every queued record of ``field`` and store the results."""
        tx = self._transaction
        registry = self.env.registry
        group = [f for f in registry.compute_groups.get(field, (field,)) if f.store]
        ids: set[Any] = set()
        for member in group:
            ids |= tx.tocompute.pop(member, set())
        deleted = tx.memo.get(("deleted", field.model_name), set())
        ids -= deleted
        if not ids:
            return
        model = self.env(su=True)[field.model_name].with_context(active_test=False)
        ordered = tuple(sorted(ids))
        for start in range(0, len(ordered), PREFETCH_MAX):
            chunk = model.browse(ordered[start:start + PREFETCH_MAX])
            tx.cache.invalidate(group, chunk._ids)
            chunk._compute_field_values(field)
            chunk._store_computed(group)
            chunk._modified([f.name for f in group])

    def _store_computed(self, fields: list[Any]) -> None:
        columns = [f for f in fields if f.is_column]
        if not columns:
            return
        table = self._table_obj
        cache = self._transaction.cache
        stmt = table.update().where(table.c.id == sa.bindparam("_id")).values(
            {f.column_name: sa.bindparam(f"v_{f.column_name}") for f in columns})
        params = [{"_id": rid, **{f"v_{f.column_name}": f.convert_to_column(cache.get(f, rid))
                                  for f in columns}}
                  for rid in self._ids]
        self._transaction.execute(stmt, params)

    def _recompute_pending(self) -> None:
        """Recompute everything queued in the transaction."""
        tx = self._transaction
        rounds = 0
        while tx.tocompute:
            rounds += 1
            if rounds > 10000:
                raise RecursionError("Computed fields keep invalidating each other")
            field = next(iter(tx.tocompute))
            self.env(su=True)[field.model_name]._recompute_field(field)

    def _recompute_fields(self, field_names: Iterable[str]) -> None:
        """Queue ``field_names`` on ``self`` and recompute them now (used by upgrades)."""
        tx = self._transaction
        for name in field_names:
            field = self._fields[name]
            if field.store and field.compute:
                tx.tocompute.setdefault(field, set()).update(self.ids)
        self._recompute_pending()

