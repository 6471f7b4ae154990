"""Relational fields: what they share, and Many2one (x2many fields: :mod:`.x2many`).

Values in the cache are ids (an int or None for many2one, a tuple of ids for x2many); the
attribute value is a recordset of the comodel whose prefetch set is "the same field on all
the records being prefetched", so that ``for lead in leads: lead.partner_id.name`` reads
every partner name in one query.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from core.exceptions import UserError
from core.i18n import Domain as _Domain
from core.orm.domain import NEGATIVE_OPERATORS, Condition, Domain, Or
from core.orm.fields.base import Field, in_clause, scalar_condition

if TYPE_CHECKING:
    from core.orm.models import BaseModel
    from core.orm.query import Query

_ = _Domain("core")


class PrefetchRelated:
    """The ids held by ``field`` on the records of ``prefetch_ids`` (computed lazily)."""

    __slots__ = ("field", "prefetch_ids", "cache")

    def __init__(self, field: Field, prefetch_ids: Any, cache: Any):
        self.field, self.prefetch_ids, self.cache = field, prefetch_ids, cache

    def __iter__(self) -> Iterator[int]:
        values = self.cache.data.get(self.field)
        if not values:
            return
        seen: set = set()
        for rid in self.prefetch_ids:
            value = values.get(rid)
            if value is None:
                continue
            for cid in (value if isinstance(value, tuple) else (value,)):
                if cid not in seen:
                    seen.add(cid)
                    yield cid


class _Relational(Field):
    relational = True
    _extra_defaults = {"comodel_name": None, "check_company": False, "auto_join": False}

    def setup_model(self, registry: Any) -> None:
        if self.comodel_name not in registry:
            raise ValueError(f"Field {self}: unknown comodel {self.comodel_name!r}")

    def comodel(self, record: BaseModel) -> BaseModel:
        return record.env[self.comodel_name]

    def get_description(self, env: Any) -> dict[str, Any]:
        desc = super().get_description(env)
        desc["relation"] = self.comodel_name
        dom = self.domain
        desc["domain"] = dom if isinstance(dom, str) else (list(dom) if dom else [])
        desc["context"] = dict(self.context or {})
        return desc

    def _ids_of(self, value: Any, record: BaseModel) -> Any:
        """A user-given value naming one record → its id."""
        if hasattr(value, "_ids"):
            if value._name != self.comodel_name:
                raise self.invalid(value)
            if len(value._ids) > 1:
                raise self.invalid(value)
            return value._ids[0] if value._ids else None
        if isinstance(value, list | tuple) and len(value) == 2 and isinstance(value[0], int) \
                and not isinstance(value[0], bool):
            return self.check_integer(value[0])  # (id, name) pairs as read() returns them
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str) and value.isascii() and value.isdigit():
                return self.check_integer(int(value))
            if type(value).__name__ == "NewId":
                return value
            raise self.invalid(value)
        return self.check_integer(value)

    def name_subquery(self, query: Query, operator: str, value: Any) -> Any:
        """Ids of comodel records whose display name matches (for string values)."""
        comodel = query.env[self.comodel_name]
        if operator in ("in", "not in"):
            domain = Or.of(*(comodel._search_display_name("=", v) for v in value)) \
                if value else Domain.parse([(0, "=", 1)])
        else:
            positive = {"!=": "=", "not like": "like", "not ilike": "ilike"}.get(operator, operator)
            domain = comodel._search_display_name(positive, value)
        return query.subquery(comodel, domain, active_test=False)


class Many2one(_Relational):
    """A link to one record of ``comodel_name``."""

    type = "many2one"
    column_type = sa.Integer()
    _extra_defaults = {"comodel_name": None, "ondelete": "set null", "check_company": False,
                       "auto_join": False, "index": True, "delegate": False}

    def __init__(self, comodel_name: str | None = None, string: Any = None, **kwargs: Any):
        if comodel_name is not None:
            kwargs["comodel_name"] = comodel_name
        super().__init__(string, **kwargs)

    def setup_model(self, registry: Any) -> None:
        super().setup_model(registry)
        if self.ondelete not in ("set null", "cascade", "restrict"):
            raise ValueError(f"{self}: ondelete must be 'set null', 'cascade' or 'restrict'")
        if self.required and self.ondelete == "set null":
            self.ondelete = "restrict"

    def sql_column(self, registry: Any) -> sa.Column | None:
        if not self.is_column:
            return None
        comodel = registry[self.comodel_name]
        if comodel._abstract:
            return sa.Column(self.name, sa.Integer, index=bool(self.index))
        fkey = sa.ForeignKey(f"{comodel._table}.id", ondelete=self.ondelete.upper(),
                             use_alter=True)
        return sa.Column(self.name, sa.Integer, fkey, index=bool(self.index))

    # -- conversions ----------------------------------------------------------------------
    def convert_to_cache(self, value: Any, record: BaseModel, validate: bool = True) -> Any:
        if value is None or value is False:
            return None
        return self._ids_of(value, record)

    def convert_to_record(self, value: Any, record: BaseModel) -> Any:
        comodel = record.env[self.comodel_name]
        if value is None:
            return comodel
        prefetch = PrefetchRelated(self, record._prefetch_ids, record._transaction.cache)
        return comodel._browse((value,), prefetch)

    def convert_to_read(self, value: Any, record: BaseModel, use_display_name: bool = True) -> Any:
        if not value:
            return False
        if not use_display_name:
            return value.id
        try:
            return [value.id, value.sudo().display_name]
        except UserError:
            return [value.id, False]

    def convert_to_write(self, value: Any, record: BaseModel) -> Any:
        return value.id if value else False

    def read_values(self, records: BaseModel, use_display_name: bool = True) -> list[Any]:
        """``[id, display name]`` pairs; names computed for all targets at once, as superuser
        (the visibility of a many2one value depends on the record, not on the target)."""
        data = records._ensure_cached(self)
        ids = [data[rid] for rid in records._ids]
        if not use_display_name:
            return [cid if cid is not None else False for cid in ids]
        targets = tuple(dict.fromkeys(cid for cid in ids if cid is not None))
        names: dict[Any, Any] = {}
        if targets:
            comodel = records.env(su=True)[self.comodel_name]._browse(targets)
            try:
                names = dict(zip(targets, comodel.mapped("display_name")))
            except UserError:
                names = {}
        return [[cid, names.get(cid, False)] if cid is not None else False for cid in ids]

    def convert_to_export(self, value: Any, record: BaseModel) -> str:
        return value.sudo().display_name if value else ""

    def group_value(self, value: Any, record: BaseModel, granularity: str | None) -> Any:
        if value is None:
            return False
        comodel = record.env[self.comodel_name]
        return [value, comodel.browse(value).sudo().display_name]

    # -- SQL ----------------------------------------------------------------------------
    def condition(self, query: Query, alias: Any, operator: str, value: Any) -> Any:
        if not self.store:
            return super().condition(query, alias, operator, value)
        expr = alias.c[self.name]
        comodel = query.env[self.comodel_name]
        if operator in ("any", "not any"):
            clause = expr.in_(query.subquery(comodel, value, active_test=False))
            return clause if operator == "any" else sa.or_(sa.not_(clause), expr.is_(None))
        if operator in ("child_of", "parent_of"):
            return query.hierarchy_condition(expr, comodel, operator, value)
        if _is_name_search(operator, value):
            clause = expr.in_(self.name_subquery(query, operator, value))
            if operator in NEGATIVE_OPERATORS:
                return sa.or_(sa.not_(clause), expr.is_(None))
            return clause
        if hasattr(value, "_ids"):
            value = list(value._ids) if operator in ("in", "not in") else (value.id or False)
        if operator in ("in", "not in"):
            ids = tuple(None if v is False or v is None else self._ids_of(v, query.model)
                        for v in value)
            return in_clause(expr, ids, operator == "not in")
        if operator in ("like", "ilike", "not like", "not ilike", "=like", "=ilike"):
            return scalar_condition(query, self, sa.cast(expr, sa.String), operator, value)
        scalar = None if value is False or value is None else self._ids_of(value, query.model)
        return scalar_condition(query, self, expr, operator, scalar)

    def condition_path(self, query: Query, alias: Any, rest: str, operator: str,
                       value: Any) -> Any:
        comodel = query.env[self.comodel_name]
        sub = query.subquery(comodel, Condition.make(rest, operator, value), active_test=False)
        return alias.c[self.name].in_(sub)

    def order_by(self, query: Query, alias: Any, descending: bool,
                 nulls: str | None = None) -> list[Any]:
        comodel = query.env[self.comodel_name]
        if query.order_depth > 2:
            return super().order_by(query, alias, descending, nulls)
        target = query.left_join(alias, self, comodel._table_obj)
        terms = query.order_terms(comodel, target, comodel._order, reverse=descending)
        empty = alias.c[self.name].is_(None)  # records without a value come last, as in Odoo
        return [empty.desc() if nulls == "first" else empty.asc(), *terms]


def _is_name_search(operator: str, value: Any) -> bool:
    if operator in ("in", "not in"):
        return any(isinstance(v, str) for v in value)
    return isinstance(value, str) and operator in (
        "=", "!=", "like", "ilike", "not like", "not ilike", "=like", "=ilike")
