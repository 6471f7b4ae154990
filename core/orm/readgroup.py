"""``read_group``: one SQL GROUP BY, results shaped exactly as Odoo 17 returns them.

    env["crm.lead"].read_group([], ["expected_revenue:sum"], ["stage_id"])
    → [{"stage_id": [1, "New"], "stage_id_count": 12, "expected_revenue": 4200.0,
        "__domain": ["&", ("stage_id", "=", 1), ...]}, ...]

Counts are ``<field>_count`` when lazy with a single grouping, ``__count`` otherwise; date
groups carry a translated label, a ``__range`` and bucket in the context's time zone;
groups of a field with ``group_expand`` (the stages of a pipeline) appear even when empty.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from core.i18n import Domain as _Domain
from core.orm.domain import Domain
from core.orm.query import parse_order

_ = _Domain("core")

AGGREGATES = {
    "sum": sa.func.sum, "avg": sa.func.avg, "min": sa.func.min, "max": sa.func.max,
    "count": sa.func.count, "bool_and": None, "bool_or": None, "count_distinct": None,
    "array_agg": None,
}
_SPEC_RE = re.compile(r"^(?P<alias>\w+)(?::(?P<func>\w+)(?:\((?P<field>\w+)\))?)?$")


class GroupSpec:
    """One grouping: ``stage_id`` or ``date_deadline:month``."""

    def __init__(self, model: Any, spec: str, query: Any) -> None:
        name, _sep, granularity = spec.partition(":")
        field = model._fields.get(name)
        if field is None:
            raise ValueError(_("Invalid field %(field)s on model %(model)s",
                               field=repr(name), model=model._name))
        model._check_field_named(field)
        if not (field.store and field.is_column):
            raise ValueError(_("Field %s cannot be grouped by") % name)
        self.spec, self.name, self.field = spec, name, field
        self.temporal = field.type in ("date", "datetime")
        self.granularity = (granularity or "month") if self.temporal else None
        self.expr = field.groupby_expr(query, query.table, self.granularity)


class ReadGroupMixin:
    """Mixed into BaseModel."""

    def read_group(self, domain: Any, fields: Any, groupby: Any, offset: int = 0,
                   limit: int | None = None, orderby: str | bool = False,
                   lazy: bool = True) -> list[dict[str, Any]]:
        groupby = [groupby] if isinstance(groupby, str) else list(groupby or [])
        used = groupby[:1] if lazy else groupby
        domain_node = self._parse_user_domain(domain or [])
        query = self._search(domain_node, offset, limit, None)
        query.order = []
        specs = [GroupSpec(self, spec, query) for spec in used]
        aggregates = self._parse_aggregates(fields or [], {s.name for s in specs})
        count_key = f"{specs[0].name}_count" if lazy and specs else "__count"
        columns = [s.expr.label(f"g{i}") for i, s in enumerate(specs)]
        columns += [expr.label(f"a{i}") for i, (_k, expr) in enumerate(aggregates)]
        columns.append(sa.func.count(query.table.c.id).label("n"))
        group_exprs = [s.expr for s in specs]
        sort_in_python = self._sort_groups_in_python(specs, orderby, offset, limit)
        order_terms, extra_groups = ([], []) if sort_in_python else \
            self._group_order(query, specs, aggregates, orderby)
        stmt = query.select(*columns)
        if group_exprs:
            stmt = stmt.group_by(*group_exprs, *extra_groups)
        if order_terms:
            stmt = stmt.order_by(*order_terms)
        rows = self._transaction.execute(stmt).all()
        if sort_in_python:
            rows = self._sorted_by_comodel(rows, specs[0], bool(orderby and "desc" in orderby))
        groups = self._format_groups(rows, specs, aggregates, count_key, domain_node)
        if lazy and len(groupby) > 1:
            for group in groups:
                group["__context"] = {"group_by": groupby[1:]}
        if specs and lazy and specs[0].field.group_expand and not offset and not limit:
            groups = self._expand_groups(groups, specs[0], aggregates, count_key, domain_node,
                                         groupby)
        return groups

    def _sort_groups_in_python(self, specs: list[GroupSpec], orderby: Any, offset: int,
                               limit: int | None) -> bool:
        """Order many2one groups by the comodel's order after grouping, without a join.

        Joining the comodel only to sort a handful of groups makes the database join every
        row; sorting the groups afterwards costs one small query that also reads the names.
        """
        if len(specs) != 1 or specs[0].field.type != "many2one" or offset or limit:
            return False
        if not orderby:
            return True
        items = parse_order(orderby)
        return len(items) == 1 and items[0][0] == specs[0].name

    def _sorted_by_comodel(self, rows: list, spec: GroupSpec, descending: bool) -> list:
        comodel = self.env(su=True)[spec.field.comodel_name].with_context(active_test=False)
        keys = [row[0] for row in rows if row[0] is not None]
        if not keys:
            return rows
        name_field = comodel._simple_name_field()
        ordered = comodel.search_fetch([("id", "in", keys)], [name_field.name] if name_field
                                       else [])._ids
        rank = {key: index for index, key in enumerate(ordered)}
        result = sorted(rows, key=lambda row: (row[0] is None, rank.get(row[0], 0)))
        if descending:
            result = [r for r in reversed(result) if r[0] is not None] + \
                [r for r in result if r[0] is None]
        return result

    def read_progress_bar(self, domain: Any, group_by: str, progress_bar: str
                          ) -> dict[Any, dict[Any, int]]:
        """Counts per group and per value of ``progress_bar`` (kanban column progress bars).

        ``{group value (id for many2one, False when empty): {bar value: count}}``. A stored
        bar field is counted with one GROUP BY; models with a computed one (the activity
        state) override this with their own SQL, the fallback reads the records.
        """
        field = self._fields.get(progress_bar)
        if field is None:
            raise ValueError(_("Invalid field %(field)s on model %(model)s",
                               field=repr(progress_bar), model=self._name))
        name = group_by.partition(":")[0]
        result: dict[Any, dict[Any, int]] = {}
        if field.store and field.is_column:
            for group in self.read_group(domain, [], [group_by, progress_bar], lazy=False):
                key = _raw_group_value(group.get(group_by))
                bucket = result.setdefault(key, {})
                value = group.get(progress_bar)
                bucket[value] = bucket.get(value, 0) + group["__count"]
            return result
        for values in self.search(domain).read([name, progress_bar], load=None):
            bucket = result.setdefault(_raw_group_value(values.get(name)), {})
            value = values.get(progress_bar)
            bucket[value] = bucket.get(value, 0) + 1
        return result

    def _parse_aggregates(self, fields: list[str], grouped: set[str]) -> list[tuple[str, Any]]:
        table = self._table_obj
        result: list[tuple[str, Any]] = []
        for spec in fields:
            if spec in ("__count", "id") or spec in grouped:
                continue
            match = _SPEC_RE.match(spec.strip())
            if not match:
                raise ValueError(_("Invalid aggregate specification %s") % repr(spec))
            key, func, fname = match.group("alias"), match.group("func"), match.group("field")
            fname = fname or key
            field = self._fields.get(fname)
            if field is None:
                raise ValueError(_("Invalid field %(field)s on model %(model)s",
                                   field=repr(fname), model=self._name))
            self._check_field_named(field)
            func = func or field.aggregator
            if not func or not field.is_column or fname in grouped:
                continue
            result.append((key, self._aggregate_expr(func, table.c[field.column_name], field)))
        return result

    def _aggregate_expr(self, func: str, column: Any, field: Any) -> Any:
        if func not in AGGREGATES:
            raise ValueError(_("Invalid aggregate function %s") % repr(func))
        if func == "count_distinct":
            return sa.func.count(sa.distinct(column))
        if func in ("bool_and", "bool_or"):
            agg = sa.func.min if func == "bool_and" else sa.func.max
            return agg(sa.case((column == sa.true(), 1), else_=0))
        if func == "array_agg":
            return sa.func.count(column)
        return AGGREGATES[func](column)

    def _group_order(self, query: Any, specs: list[GroupSpec], aggregates: list,
                     orderby: Any) -> tuple[list[Any], list[Any]]:
        agg_exprs = dict(aggregates)
        order_terms: list[Any] = []
        extra: list[Any] = []
        by_name = {s.name: s for s in specs} | {s.spec: s for s in specs}
        items = parse_order(orderby) if orderby else [(s.spec, None, False, None) for s in specs]
        for name, granularity, descending, _nulls in items:
            key = f"{name}:{granularity}" if granularity else name
            spec = by_name.get(key) or by_name.get(name)
            if spec is not None:
                terms, groups = self._group_order_terms(query, spec, descending)
                order_terms += terms
                extra += groups
            elif name in agg_exprs:
                expr = agg_exprs[name]
                order_terms.append(expr.desc() if descending else expr.asc())
            elif name == "__count":
                count = sa.func.count(query.table.c.id)
                order_terms.append(count.desc() if descending else count.asc())
            else:
                raise ValueError(_("Invalid order %s for read_group") % repr(orderby))
        return order_terms, extra

    def _group_order_terms(self, query: Any, spec: GroupSpec, descending: bool
                           ) -> tuple[list[Any], list[Any]]:
        field = spec.field
        if field.type == "many2one":
            comodel = self.env[field.comodel_name]
            alias = query.left_join(query.table, field, comodel._table_obj)
            terms = query.order_terms(comodel, alias, comodel._order, reverse=descending)
            return terms, [alias.c.id]
        if field.type == "selection":
            return field.order_by(query, query.table, descending), []
        expr = spec.expr
        return [expr.desc().nulls_first() if descending else expr.asc().nulls_last()], []

    # -- results -----------------------------------------------------------------------
    def _format_groups(self, rows: list, specs: list[GroupSpec], aggregates: list,
                       count_key: str, domain: Domain) -> list[dict[str, Any]]:
        self._prefetch_group_names(rows, specs)
        groups = []
        for row in rows:
            group: dict[str, Any] = {}
            conditions: list[Domain] = []
            ranges: dict[str, Any] = {}
            for index, spec in enumerate(specs):
                value, condition, rng = self._group_value(spec, row[index])
                group[spec.spec] = value
                conditions.append(condition)
                if rng is not None:
                    ranges[spec.spec] = rng
            offset = len(specs)
            for index, (key, _expr) in enumerate(aggregates):
                group[key] = _clean_aggregate(row[offset + index])
            group[count_key] = row[-1]
            full = domain
            for condition in conditions:
                full = full & condition
            group["__domain"] = full.to_list()
            if ranges:
                group["__range"] = ranges
            self._add_fold(group, specs)
            groups.append(group)
        return groups

    def _prefetch_group_names(self, rows: list, specs: list[GroupSpec]) -> None:
        for index, spec in enumerate(specs):
            if spec.field.type == "many2one":
                ids = [row[index] for row in rows if row[index] is not None]
                if ids:
                    comodel = self.env[spec.field.comodel_name].sudo()
                    comodel.browse(ids).mapped("display_name")

    def _group_value(self, spec: GroupSpec, raw: Any) -> tuple[Any, Domain, Any]:
        field = spec.field
        if spec.temporal:
            start = self._transaction.dialect.parse_group_date(raw)
            if start is None:
                return False, Domain(spec.name, "=", False), False
            end = field.group_range(start, spec.granularity)[1]
            lo, hi = self._range_bounds(field, start, end)
            label = field.group_label(start, spec.granularity, self.env.lang)
            return label, Domain(spec.name, ">=", lo) & Domain(spec.name, "<", hi), {
                "from": start.isoformat(), "to": end.isoformat()}
        value = field.group_value(raw, self, spec.granularity)
        if field.type == "many2one":
            condition = Domain(spec.name, "=", raw if raw is not None else False)
        else:
            condition = Domain(spec.name, "=", raw if raw is not None else False)
        return value, condition, None

    def _range_bounds(self, field: Any, start: dt.date, end: dt.date) -> tuple[str, str]:
        if field.type == "date":
            return start.isoformat(), end.isoformat()
        tz = ZoneInfo(self.env.context.get("tz") or "UTC")

        def to_utc(day: dt.date) -> str:
            moment = dt.datetime(day.year, day.month, day.day, tzinfo=tz).astimezone(dt.UTC)
            return moment.strftime("%Y-%m-%d %H:%M:%S")
        return to_utc(start), to_utc(end)

    def _add_fold(self, group: dict, specs: list[GroupSpec]) -> None:
        if not specs or specs[0].field.type != "many2one":
            return
        comodel = self.env[specs[0].field.comodel_name]
        value = group[specs[0].spec]
        if "fold" in comodel._fields and value:
            group["__fold"] = bool(comodel.sudo().browse(value[0]).fold)

    def _expand_groups(self, groups: list, spec: GroupSpec, aggregates: list, count_key: str,
                       domain: Domain, groupby: list) -> list:
        field = spec.field
        comodel = self.env[field.comodel_name] if field.relational else None
        present = {g[spec.spec][0] if isinstance(g[spec.spec], list) else g[spec.spec]: g
                   for g in groups}
        method = field.group_expand
        expand = getattr(self, method) if isinstance(method, str) else method.__get__(self)
        existing = comodel.browse([k for k in present if k]) if comodel is not None else None
        wanted = expand(existing, domain.to_list())
        result = []
        for record in wanted:
            key = record.id
            if key in present:
                result.append(present.pop(key))
                continue
            empty = {spec.spec: [key, record.sudo().display_name], count_key: 0,
                     "__domain": (domain & Domain(spec.name, "=", key)).to_list()}
            for name, _expr in aggregates:
                empty[name] = False
            if len(groupby) > 1:
                empty["__context"] = {"group_by": groupby[1:]}
            self._add_fold(empty, [spec])
            result.append(empty)
        result.extend(present.values())
        return result


def _raw_group_value(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return value[0]
    return value if value is not None else False


def _clean_aggregate(value: Any) -> Any:
    if value is None:
        return False
    if hasattr(value, "as_integer_ratio") and not isinstance(value, int | float):
        return float(value)
    return value
