"""Reading: cache misses, batched fetching, ``read`` and ``search_fetch``.

Reading one field of one record fetches every prefetchable column of up to 1,000 records
of the same prefetch set in one SELECT, so that a loop over a recordset costs one query per
model touched, not one per record. Many2one columns bring the display name of their target
along through a LEFT JOIN when the comodel's name is a plain column, which is how a page of
80 rows with three many2one names costs a single statement.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from core.exceptions import MissingError
from core.i18n import Domain as _Domain
from core.orm.domain import Domain, Trusted
from core.orm.recordset import PREFETCH_MAX, NewId

_ = _Domain("core")


class FetchMixin:
    """Mixed into BaseModel."""

    # -- cache misses ------------------------------------------------------------------
    def _read_cache_miss(self, field: Any) -> Any:
        """Fill the cache for ``field`` on ``self`` (one record) and return its value."""
        rid = self._ids[0]
        tx = self._transaction
        if isinstance(rid, NewId):
            self._fill_new_record(field)
        elif field.compute and (not field.store or rid in tx.tocompute.get(field, ())):
            if field.store:
                self._recompute_field(field)
            else:
                self._compute_nonstored(field)
        elif field.store:
            self._fetch_field(field)
        else:
            tx.cache.set(field, rid, field.empty_cache_value)
        try:
            return tx.cache.data[field.cache_key(self.env)][rid]
        except KeyError:
            raise MissingError(_("Record does not exist or has been deleted.\n"
                                 "(Record: %(rec)s, User: %(uid)s)",
                                 rec=repr(self), uid=self.env.uid)) from None

    def _current_cache_value(self, field: Any) -> Any:
        """The cache-format value of ``field`` on one record (read if needed)."""
        values = self._transaction.cache.data.get(field.cache_key(self.env))
        if values is not None and self._ids[0] in values:
            return values[self._ids[0]]
        return self._read_cache_miss(field)

    def _prefetch_batch(self, field: Any) -> list[Any]:
        cache = self._transaction.cache.data.get(field.cache_key(self.env)) or {}
        rid = self._ids[0]
        ids = [rid]
        for other in self._prefetch_ids:
            if len(ids) >= PREFETCH_MAX:
                break
            if other != rid and other not in cache and not isinstance(other, NewId):
                ids.append(other)
        return list(dict.fromkeys(ids))

    def _fetch_field(self, field: Any) -> None:
        self._check_field_access(field, "read")
        records = self._browse(tuple(self._prefetch_batch(field)))
        if field.is_column:
            fields = [f for f in self._fields.values()
                      if f.is_column and f.prefetch and self._field_allowed(f)]
            if field not in fields:
                fields.append(field)
        else:
            fields = [field]
        records._fetch_fields(fields, required_id=self._ids[0])

    def _fetch_fields(self, fields: Sequence[Any], required_id: Any = None) -> None:
        """Fetch ``fields`` for ``self`` into the cache, applying access rules."""
        if not self._ids:
            return
        self.check_access_rights("read")
        columns = [f for f in fields if f.is_column]
        fetched: set[Any] = set(self._ids)
        if columns:
            fetched = self._fetch_columns(columns)
        for field in fields:
            if not field.is_column and field.store:
                self._browse(tuple(i for i in self._ids if i in fetched))._fetch_x2many(field)
        if required_id is not None and required_id not in fetched:
            self._browse((required_id,))._raise_missing_or_forbidden("read")

    def _fetch_columns(self, fields: Sequence[Any]) -> set[Any]:
        table = self._table_obj
        query = self._make_query(table)
        query.where.append(table.c.id.in_(self._ids))
        query.add_where(self._effective_domain(None, active_test=False, rules_only=True))
        columns = [table.c.id] + [table.c[f.column_name] for f in fields]
        name_fields = self._joined_name_fields(fields)
        for field, comodel, name_field in name_fields:
            alias = query.left_join(table, field, comodel._table_obj)
            columns.append(alias.c[name_field.column_name])
        rows = self._transaction.execute(query.select(*columns)).all()
        return self._rows_to_cache(rows, fields, name_fields)

    def _rows_to_cache(self, rows: Sequence[Any], fields: Sequence[Any],
                       name_fields: Sequence[Any]) -> set[Any]:
        cache = self._transaction.cache
        if not rows:
            return set()
        ids = [row[0] for row in rows]
        width = len(fields)
        for index, field in enumerate(fields, start=1):
            convert = field.convert_from_column
            cache.update(field, ids, [convert(row[index]) for row in rows])
        for offset, (field, _comodel, name_field) in enumerate(name_fields, start=width + 1):
            target = cache.data.setdefault(name_field, {})
            column = fields.index(field) + 1
            for row in rows:
                cid = row[column]
                if cid is not None and cid not in target:
                    target[cid] = name_field.convert_from_column(row[offset])
        return set(ids)

    def _joined_name_fields(self, fields: Iterable[Any]) -> list[tuple[Any, Any, Any]]:
        """The many2one fields whose target name can come through a join."""
        result = []
        for field in fields:
            if field.type != "many2one":
                continue
            comodel = self.env[field.comodel_name]
            name_field = comodel._simple_name_field()
            if name_field is not None:
                result.append((field, comodel, name_field))
        return result

    def _fetch_x2many(self, field: Any) -> None:
        if not self._ids:
            return
        field_fetch = getattr(self, f"_fetch_{field.type}")
        field_fetch(field)

    def _fetch_one2many(self, field: Any) -> None:
        comodel = self.env[field.comodel_name].with_context(**(field.context or {}))
        domain = Domain(field.inverse_name, "in", list(self._ids))
        if field.domain and not isinstance(field.domain, str):
            domain &= Trusted.of(list(field.domain))
        query = comodel._search(Trusted.of(domain))
        table = query.table
        inverse = comodel._fields[field.inverse_name]
        rows = self._transaction.execute(
            query.select(table.c.id, table.c[inverse.column_name])).all()
        grouped: dict[Any, list] = {rid: [] for rid in self._ids}
        for cid, parent in rows:
            grouped.setdefault(parent, []).append(cid)
        self._transaction.cache.update(field, grouped, [tuple(v) for v in grouped.values()])

    def _fetch_many2many(self, field: Any) -> None:
        comodel = self.env[field.comodel_name].with_context(**(field.context or {}))
        rel = self.env.registry.metadata.tables[field.relation]
        query = comodel._search(Trusted.of(list(field.domain or [])
                                           if not isinstance(field.domain, str) else []))
        table = query.table
        query.from_clause = query.from_clause.join(rel, rel.c[field.column2] == table.c.id)
        query.where.append(rel.c[field.column1].in_(self._ids))
        columns = [rel.c[field.column1], table.c.id]
        name_field = comodel._simple_name_field()
        if name_field is not None:
            columns.append(table.c[name_field.column_name])
        rows = self._transaction.execute(query.select(*columns)).all()
        grouped: dict[Any, list] = {rid: [] for rid in self._ids}
        cache = self._transaction.cache
        names = cache.data.setdefault(name_field, {}) if name_field is not None else None
        for row in rows:
            grouped.setdefault(row[0], []).append(row[1])
            if names is not None and row[1] not in names:
                names[row[1]] = name_field.convert_from_column(row[2])
        cache.update(field, grouped, [tuple(v) for v in grouped.values()])

    def _raise_missing_or_forbidden(self, operation: str) -> None:
        """Tell a deleted record (MissingError) from a hidden one (AccessError)."""
        table = self._table_obj
        exists = self._transaction.execute(
            sa.select(table.c.id).where(table.c.id.in_(self.ids))).scalars().all()
        if not exists:
            raise MissingError(_("Record does not exist or has been deleted.\n"
                                 "(Record: %(rec)s, User: %(uid)s)",
                                 rec=repr(self), uid=self.env.uid))
        raise self._rule_error(operation)

    # -- the public read API ---------------------------------------------------------------
    def read(self, fields: Sequence[str] | None = None, load: str | None = "_classic_read"
             ) -> list[dict[str, Any]]:
        """Field values of the records, as JSON-friendly dicts in the order of ``self``."""
        self.check_access_rights("read")
        field_names = self._readable_field_names(fields)
        self._fetch_for_read(field_names)
        return self._read_format(field_names, load)

    def _readable_field_names(self, fields: Sequence[str] | None) -> list[str]:
        if not fields:
            return [name for name, f in self._fields.items()
                    if name != "id" and self._field_allowed(f)]
        names = []
        for name in fields:
            field = self._fields.get(name)
            if field is None:
                raise ValueError(_("Invalid field %(field)s on model %(model)s",
                                   field=repr(name), model=self._name))
            self._check_field_access(field, "read")
            if name != "id":
                names.append(name)
        return names

    def _fetch_for_read(self, field_names: Sequence[str]) -> None:
        """Fetch what is missing; check the rules even when everything is cached."""
        real = self._browse(tuple(i for i in self._ids if not isinstance(i, NewId)))
        if not real:
            return
        cache = self._transaction.cache
        stored = [self._fields[n] for n in field_names if self._fields[n].store]
        missing = [f for f in stored if cache.missing_ids(f, real._ids)]
        if missing:
            columns = [f for f in self._fields.values()
                       if f.is_column and f.prefetch and self._field_allowed(f)]
            wanted = list(dict.fromkeys(columns + missing)) if any(
                f.is_column for f in missing) else missing
            fetched = real._fetch_columns([f for f in wanted if f.is_column])
            present = real._browse(tuple(i for i in real._ids if i in fetched))
            for field in missing:
                if not field.is_column:
                    present._fetch_x2many(field)
            self._check_forbidden_ids(real, fetched)
        else:
            real.check_access_rule("read")

    def _check_forbidden_ids(self, real: Any, fetched: set[Any]) -> None:
        lost = [i for i in real._ids if i not in fetched]
        if lost and not self.env.su:
            table = self._table_obj
            existing = self._transaction.execute(
                sa.select(table.c.id).where(table.c.id.in_(lost))).scalars().all()
            if existing:
                raise self._browse(tuple(existing))._rule_error("read")

    def _read_format(self, field_names: Sequence[str], load: str | None = "_classic_read"
                     ) -> list[dict[str, Any]]:
        """The records' values as ``read()`` returns them, computed column by column."""
        use_name = load == "_classic_read"
        cache = self._transaction.cache
        present_field = next((self._fields[n] for n in field_names
                              if self._fields[n].is_column), None)
        records = self
        if present_field is not None:
            values = cache.data.get(present_field) or {}
            records = self._browse(tuple(i for i in self._ids
                                         if i in values or isinstance(i, NewId)),
                                   self._prefetch_ids)  # deleted meanwhile: left out silently
        rows = [{"id": rid} for rid in records._ids]
        for name in field_names:
            field = self._fields[name]
            try:
                column = field.read_values(records, use_name)
            except MissingError:
                existing = records._existing()
                return existing._read_format(field_names, load) if existing != records else []
            for row, value in zip(rows, column):
                row[name] = value
        return rows

    def _ensure_cached(self, field: Any) -> dict[Any, Any]:
        """Make sure the cache holds ``field`` for every record of ``self``; return it."""
        cache = self._transaction.cache
        key = field.cache_key(self.env)
        for _round in range(len(self._ids) + 1):
            missing = cache.missing_ids(key, self._ids)
            if not missing:
                break
            self._browse((missing[0],), missing)._read_cache_miss(field)
        return cache.data.get(key) or {}

    def search_fetch(self, domain: Any, field_names: Sequence[str], offset: int = 0,
                     limit: int | None = None, order: str | None = None) -> Any:
        """Search and fetch the columns of ``field_names`` in the same statement."""
        query = self._search(domain, offset, limit, order)
        fields = [self._fields[n] for n in field_names if n in self._fields]
        for field in fields:
            self._check_field_access(field, "read")
        columns = list(dict.fromkeys(f for f in fields if f.is_column))
        table = query.table
        name_fields = self._joined_name_fields(columns)
        select_columns = [table.c.id] + [table.c[f.column_name] for f in columns]
        for field, comodel, name_field in name_fields:
            alias = query.left_join(table, field, comodel._table_obj)
            select_columns.append(alias.c[name_field.column_name])
        rows = self._transaction.execute(query.select(*select_columns)).all()
        self._rows_to_cache(rows, columns, name_fields)
        records = self.browse([row[0] for row in rows])
        for field in fields:
            if field.store and not field.is_column:
                records._fetch_x2many(field)
        return records

    def search_read(self, domain: Any = None, fields: Sequence[str] | None = None,
                    offset: int = 0, limit: int | None = None, order: str | None = None,
                    **read_kwargs: Any) -> list[dict[str, Any]]:
        field_names = self._readable_field_names(fields)
        records = self.search_fetch(domain or [], field_names, offset, limit, order)
        if not records:
            return []
        return records._read_format(field_names, read_kwargs.get("load", "_classic_read"))
