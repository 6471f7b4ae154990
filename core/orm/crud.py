"""Writing: ``create``, ``write`` and ``unlink``, batched, validated, all or nothing.

Each operation converts and validates the values through the fields, checks access rights
and record rules, writes with as few statements as possible (one INSERT ... RETURNING for a
whole batch, one UPDATE for many records), keeps the cache in step, lets dependent computed
fields recompute, runs ``@api.constrains`` checks and turns database integrity errors into
a :class:`ValidationError` that names the field or constraint. Any error leaves the
transaction to be rolled back by the boundary: nothing is half-written.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.exceptions import MissingError, UserError, ValidationError
from core.i18n import Domain as _Domain
from core.orm import bulk
from core.orm.fields.temporal import now
from core.orm.recordset import NewId

_ = _Domain("core")

LOG_FIELDS = ("create_uid", "create_date", "write_uid", "write_date")


class CRUDMixin:
    """Mixed into BaseModel."""

    # -- create ------------------------------------------------------------------------
    def create(self, vals_list: dict | list[dict]) -> Any:
        """Create one record from a dict, or several from a list of dicts."""
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        if not isinstance(vals_list, list | tuple) or \
                not all(isinstance(v, dict) for v in vals_list):
            raise ValidationError(_("create() expects a dict or a list of dicts"))
        if not vals_list:
            return self.browse()
        self.check_access_rights("create")
        records = self._create_batch(self._add_defaults(vals_list))
        records.check_access_rule("create")
        return records

    def _add_defaults(self, vals_list: list[dict]) -> list[dict]:
        """Complete each dict with defaults, computed once per set of missing fields."""
        context = self.env.context
        candidates = tuple(dict.fromkeys([*self._default_field_names(), *(
            k[8:] for k in context if k.startswith("default_") and k[8:] in self._fields)]))
        if not candidates:
            return list(vals_list)
        memo: dict[tuple, dict] = {}
        result = []
        for vals in vals_list:
            missing = tuple(n for n in candidates if n not in vals)
            if not missing:
                result.append(vals)
                continue
            defaults = memo.get(missing)
            if defaults is None:
                defaults = memo[missing] = self.default_get(list(missing))
            result.append({**defaults, **vals})
        return result

    @classmethod
    def _create_plan(cls) -> tuple[dict[str, tuple[Any, int]], list[Any]]:
        """Per model class: how each field's value is written, and the column fields."""
        cached = cls.__dict__.get("_create_plan_cache")
        if cached is None:
            plan: dict[str, tuple[Any, int]] = {}
            for name, field in cls._fields.items():
                if name in LOG_FIELDS or name == "id":
                    continue
                if field.is_column:
                    plan[name] = (field, 0)
                elif field.store and field.relational:
                    plan[name] = (field, 1)
                elif field.inverse:
                    plan[name] = (field, 2)
            columns = [f for f, kind in plan.values() if kind == 0]
            cached = cls._create_plan_cache = (plan, columns)
        return cached

    def _split_values(self, vals: dict) -> tuple[dict, list, list]:
        """Column values (cache format), x2many values and inverse values of one dict."""
        plan, _columns = self._create_plan()
        columns: dict[Any, Any] = {}
        relations: list[tuple[Any, Any]] = []
        inverses: list[tuple[Any, Any]] = []
        for name, value in vals.items():
            entry = plan.get(name)
            if entry is None:
                if name not in self._fields:
                    raise ValueError(_("Invalid field %(field)s on model %(model)s",
                                       field=repr(name), model=self._name))
                continue
            field, kind = entry
            if kind == 0:
                columns[field] = field.convert_to_cache(value, self)
            elif kind == 1:
                relations.append((field, value))
            else:
                inverses.append((field, value))
        return columns, relations, inverses

    def _create_batch(self, vals_list: list[dict]) -> Any:
        _plan, column_fields = self._create_plan()
        splits = [self._split_values(vals) for vals in vals_list]
        stamp = now()
        template = {f.column_name: f.convert_to_column(None) for f in column_fields}
        if self._log_access:
            uid = self.env.uid
            template.update(create_uid=uid, create_date=stamp, write_uid=uid, write_date=stamp)
        required = [f for f in self._required_fields() if not f.compute]
        rows = []
        for columns, _rel, _inv in splits:
            for field in required:
                value = columns.get(field)
                if value is None or value == "" or value == {}:
                    self._check_required_columns(columns, creating=True)
            row = dict(template)
            for field, value in columns.items():
                row[field.column_name] = field.convert_to_column(value)
            rows.append(row)
        ids = self._insert_rows(rows)
        records = self.browse(ids)
        self._cache_created(records, splits, column_fields, stamp)
        self._finish_create(records, splits)
        return records

    def _insert_rows(self, rows: list[dict]) -> list[int]:
        try:
            return bulk.insert_returning_ids(self._transaction, self._table_obj, rows)
        except IntegrityError as exc:
            raise self._integrity_error(exc, "create", rows) from None

    def _cache_created(self, records: Any, splits: list, column_fields: list, stamp: Any) -> None:
        cache = self._transaction.cache
        ids = records._ids
        for field in column_fields:
            cache.update(field, ids, [columns.get(field) for columns, _r, _i in splits])
        if self._log_access:
            for name, value in (("create_uid", self.env.uid), ("write_uid", self.env.uid),
                                ("create_date", stamp), ("write_date", stamp)):
                cache.update(self._fields[name], ids, [value] * len(ids))
        for field in self._fields.values():
            if field.store and field.relational and not field.is_column:
                cache.update(field, ids, [()] * len(ids))

    def _finish_create(self, records: Any, splits: list) -> None:
        tx = self._transaction
        protected: dict[Any, list] = {}
        computed = {f for f in self._fields.values() if f.compute and f.store}
        written: set[str] = set()
        for rid, (columns, relations, _inv) in zip(records._ids, splits):
            names = columns.keys() | {f for f, _v in relations}
            for field in computed.intersection(names):
                protected.setdefault(field, []).append(rid)
            written.update(f.name for f in names)
        self._protect(protected)
        try:
            self._create_relations(records, splits)
            self._apply_inverses(records, [inv for _c, _r, inv in splits])
            for field in self.env.registry.stored_computed.get(self._name, ()):
                todo = [rid for rid in records._ids if rid not in tx.protected.get(field, ())]
                if todo:
                    tx.tocompute.setdefault(field, set()).update(todo)
            records._modified(written)
            self._recompute_pending()
        finally:
            self._unprotect(protected)
        records._check_required_after_compute()
        records._validate_fields(set(self._fields), creating=True)

    def _create_relations(self, records: Any, splits: list) -> None:
        by_field: dict[Any, list] = {}
        for record, (_c, relations, _i) in zip(records, splits):
            for field, value in relations:
                by_field.setdefault(field, []).append((record, value))
        for field, pairs in by_field.items():
            field.create_values(pairs)

    def _apply_inverses(self, records: Any, inverses_list: list[list]) -> None:
        by_field: dict[Any, list] = {}
        for record, inverses in zip(records, inverses_list):
            for field, value in inverses:
                by_field.setdefault(field, []).append((record, value))
        cache = self._transaction.cache
        for field, pairs in by_field.items():
            group = self.browse([r.id for r, _v in pairs])
            for record, value in pairs:
                cache.set(field, record.id, field.convert_to_cache(value, record))
            inverse = field.inverse
            (getattr(group, inverse) if isinstance(inverse, str) else
             (lambda g=group, f=inverse: f(g)))()

    # -- write -------------------------------------------------------------------------
    def write(self, vals: dict) -> bool:
        """Write ``vals`` on every record of ``self``; returns True."""
        if not self._ids:
            return True
        if not isinstance(vals, dict):
            raise ValidationError(_("write() expects a dict of values"))
        if self._is_new():
            for name, value in vals.items():
                self._set_new_value(self._fields[name], value)
            return True
        self.check_access_rights("write")
        columns, relations, inverses = self._split_values(vals)
        for field in [*columns, *(f for f, _v in relations), *(f for f, _v in inverses)]:
            self._check_field_access(field, "write")
        self._check_required_columns(columns, creating=False)
        self.check_access_rule("write")
        protected = {f: list(self._ids) for f in [*columns, *(f for f, _v in relations)]
                     if f.compute}
        self._protect(protected)
        try:
            self._write_columns(columns)
            for field, value in relations:
                field.write_commands(self, value)
            self._apply_inverses(self, [inverses] * len(self) if inverses else [])
            written = {f.name for f in columns} | {f.name for f, _v in relations} | {
                f.name for f, _v in inverses}
            self._modified(written)
            self._recompute_pending()
        finally:
            self._unprotect(protected)
        self._check_required_after_compute()
        self._validate_fields(written)
        return True

    def _write_columns(self, columns: dict) -> None:
        inverses = self.env.registry.one2many_inverses
        many2ones = [f for f in columns if f.type == "many2one" and f in inverses]
        if many2ones:  # the old parents' one2many fields change too
            for field in many2ones:
                self._current_values_cached(field)
                self._modified_inverse(field, set())
        values: dict[str, Any] = {}
        per_record: list[tuple[Any, Any]] = []
        for field, cache_value in columns.items():
            parts = field.write_column_values(self, cache_value) \
                if hasattr(field, "write_column_values") else [(list(self._ids), cache_value)]
            if len(parts) == 1 and parts[0][0] == list(self._ids):
                values[field.column_name] = field.convert_to_column(parts[0][1])
                columns[field] = parts[0][1]
            else:
                per_record.append((field, parts))
        if self._log_access:
            values.update(write_uid=self.env.uid, write_date=now())
        self._execute_update(values)
        self._execute_per_record_updates(per_record)
        self._cache_written(columns, per_record, values)

    def _current_values_cached(self, field: Any) -> None:
        missing = self._transaction.cache.missing_ids(field, self._ids)
        if missing:
            self._browse(tuple(missing)).sudo()._fetch_fields([field])

    def _execute_update(self, values: dict) -> None:
        if not values:
            return
        table = self._table_obj
        stmt = table.update().where(table.c.id.in_(self._ids)).values(values)
        try:
            result = self._transaction.execute(stmt)
        except IntegrityError as exc:
            raise self._integrity_error(exc, "write", [values]) from None
        if result.rowcount is not None and 0 <= result.rowcount < len(set(self._ids)):
            raise MissingError(_("Record does not exist or has been deleted.\n"
                                 "(Record: %(rec)s, User: %(uid)s)",
                                 rec=repr(self), uid=self.env.uid))

    def _execute_per_record_updates(self, per_record: list) -> None:
        table = self._table_obj
        for field, parts in per_record:
            stmt = table.update().where(table.c.id == sa.bindparam("_id")).values(
                {field.column_name: sa.bindparam("_value")})
            params = [{"_id": rid, "_value": field.convert_to_column(value)}
                      for ids, value in parts for rid in ids]
            self._transaction.execute(stmt, params)

    def _cache_written(self, columns: dict, per_record: list, values: dict) -> None:
        cache = self._transaction.cache
        ids = self._ids
        special = {f for f, _p in per_record}
        for field, cache_value in columns.items():
            if field not in special:
                cache.update(field, ids, [cache_value] * len(ids))
        for field, parts in per_record:
            for part_ids, value in parts:
                cache.update(field, part_ids, [value] * len(part_ids))
        if self._log_access and "write_uid" in values:
            cache.update(self._fields["write_uid"], ids, [values["write_uid"]] * len(ids))
            cache.update(self._fields["write_date"], ids, [values["write_date"]] * len(ids))

    # -- unlink ------------------------------------------------------------------------
    def unlink(self) -> bool:
        """Delete the records (already deleted ones are ignored); returns True."""
        if not self._ids:
            return True
        self.check_access_rights("unlink")
        records = self.with_context(active_test=False)._existing()  # hidden: AccessError
        if not records:
            return True
        records.check_access_rule("unlink")
        records._modified([name for name, f in self._fields.items()
                           if f in self.env.registry.field_triggers or f.type == "many2one"])
        deleted = self._transaction.memo.setdefault(("deleted", self._name), set())
        deleted.update(records._ids)
        table = self._table_obj
        try:
            self._transaction.execute(table.delete().where(table.c.id.in_(records._ids)))
        except IntegrityError as exc:
            raise self._integrity_error(exc, "unlink", []) from None
        self._after_unlink(records)
        self._recompute_pending()
        return True

    def _after_unlink(self, records: Any) -> None:
        tx = self._transaction
        registry = self.env.registry
        for field in self._fields.values():
            tx.cache.invalidate([field], records._ids)
        for model_name in registry.cascade_dependents.get(self._name, ()):
            tx.cache.invalidate_model(model_name)
        cascaded = registry.cascade_dependents.get(self._name, ())
        for field in list(tx.tocompute):
            if field.model_name == self._name:
                tx.tocompute[field].difference_update(records._ids)
            elif field.model_name in cascaded:   # rows the database deleted along
                pending = self.env(su=True)[field.model_name].browse(sorted(tx.tocompute[field]))
                tx.tocompute[field].intersection_update(pending.exists()._ids)
            if not tx.tocompute[field]:
                del tx.tocompute[field]
        if "ir.model.data" in registry and self._name != "ir.model.data":
            self.env["ir.model.data"]._forget_records(self._name, records._ids)

    # -- helpers -----------------------------------------------------------------------
    def _protect(self, protected: dict) -> None:
        tx = self._transaction
        for field, ids in protected.items():
            tx.protected.setdefault(field, set()).update(ids)

    def _unprotect(self, protected: dict) -> None:
        tx = self._transaction
        for field, ids in protected.items():
            current = tx.protected.get(field)
            if current is not None:
                current.difference_update(ids)
                if not current:
                    del tx.protected[field]

    def _check_required_columns(self, columns: dict, creating: bool) -> None:
        fields = self._required_fields() if creating else [f for f in columns if f.required]
        for field in fields:
            if field.compute and creating and field not in columns:
                continue
            value = columns.get(field)
            if value is None or value == "" or (field.translate and value == {}):
                raise ValidationError(_("The field %(field)s (%(model)s) is required.",
                                        field=field.string, model=self._description_text()))

    def _check_required_after_compute(self) -> None:
        for field in self._required_fields():
            if not field.compute:
                continue
            cache = self._transaction.cache.data.get(field) or {}
            for rid in self._ids:
                if cache.get(rid) in (None, ""):
                    raise ValidationError(_("The field %(field)s (%(model)s) is required.",
                                            field=field.string, model=self._description_text()))

    def _set_new_value(self, field: Any, value: Any) -> None:
        """Assign on an in-memory record: cache only, and dependents are invalidated."""
        cache_value = field.convert_to_cache(value, self, validate=False)
        for rid in self._ids:
            self._transaction.cache.set(field, rid, cache_value)
        self._modified_new([field.name])

    def _modified_new(self, names: Iterable[str]) -> None:
        registry = self.env.registry
        cache = self._transaction.cache
        todo = list(names)
        seen: set = set()
        while todo:
            field = self._fields[todo.pop()]
            for path, target in registry.field_triggers.get(field, ()):
                if path or target.model_name != self._name or target in seen:
                    continue
                seen.add(target)
                cache.invalidate([target], [i for i in self._ids if isinstance(i, NewId)])
                todo.append(target.name)

    # -- integrity errors --------------------------------------------------------------
    def _integrity_error(self, exc: IntegrityError, operation: str, rows: list) -> UserError:
        registry = self.env.registry
        text = str(getattr(exc, "orig", exc))
        diag = getattr(getattr(exc, "orig", None), "diag", None)
        name = getattr(diag, "constraint_name", None) or ""
        message = registry.constraint_message(self._name, name, text)
        if message is not None:
            return ValidationError(self._translate_constraint(message))
        if "FOREIGN KEY" in text.upper() or "foreign key" in text or name.endswith("_fkey"):
            if operation == "unlink":
                return UserError(_(
                    "The operation cannot be completed: another record still refers to this "
                    "%(model)s record. Archive it instead, or remove the reference first.",
                    model=self._description_text()))
            return ValidationError(self._dangling_reference_message(rows, name))
        return ValidationError(_("The operation cannot be completed: %s") % text.split("\n")[0])

    def _dangling_reference_message(self, rows: list, constraint: str) -> Any:
        for field in self._fields.values():
            if field.type != "many2one" or not field.is_column:
                continue
            values = {row.get(field.column_name) for row in rows} - {None}
            if not values:
                continue
            if constraint:  # PostgreSQL names the constraint; the transaction is aborted
                if constraint != f"{self._table}_{field.column_name}_fkey":
                    continue
                return _("The value %(value)s of field %(field)s (%(model)s) refers to a "
                         "record that does not exist.", value=sorted(values)[0],
                         field=field.string, model=self._description_text())
            comodel = self.env(su=True)[field.comodel_name].with_context(active_test=False)
            found = set(comodel.browse(list(values)).exists()._ids)
            if values - found:
                return _("The value %(value)s of field %(field)s (%(model)s) refers to a "
                         "record that does not exist.", value=sorted(values - found)[0],
                         field=field.string, model=self._description_text())
        return _("The operation cannot be completed: a referenced record does not exist.")

    def _translate_constraint(self, message: Any) -> Any:
        return message
