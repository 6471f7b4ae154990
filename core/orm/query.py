"""Compile domain trees and orderings into one SQLAlchemy SELECT.

A :class:`Query` belongs to one model and collects the WHERE clause, the joins needed for
ordering by many2one fields, the ORDER BY terms, LIMIT and OFFSET. Compiling a domain walks
the tree of :mod:`core.orm.domain`; every condition is handed to the field it names, which
returns the SQL clause (fields own their SQL). Dotted paths and ``any`` become subqueries
on the comodel (``partner_id IN (SELECT id FROM res_partner WHERE ...)`` or ``EXISTS``), so
no join multiplies rows and every comodel applies its own ``active`` and record rules::

    query = Query(env["crm.lead"])
    query.add_where(Domain.parse([("partner_id.name", "ilike", "acme")]))
    query.set_order("priority desc, id desc")
    ids = env.transaction.execute(query.select(query.table.c.id)).scalars().all()

Every field a domain names — the head of each condition, each hop of a dotted path, the
fields inside ``any`` and those of a related field's path — is resolved in
``_compile_condition``, which is therefore where the ORM checks that the current user may
name it (``model._check_field_named``): a field they may not read (``groups=``) is not an
oracle either, and ``internal`` fields (password hashes, key digests) can be named by the
superuser only. Parts of a domain marked :class:`~core.orm.domain.Trusted` (record rules, a
field's ``domain=``) skip the ``groups=`` check; the trust is kept on the statement's root
query while such a part compiles, so that its subqueries are trusted too. Orderings a
caller gives are checked the same way in ``set_order``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from core.i18n import Domain as _Domain
from core.orm.domain import And, Condition, Domain, Not, Or, Trusted, _Constant

if TYPE_CHECKING:
    from core.orm.models import BaseModel

_ = _Domain("core")

_ORDER_RE = re.compile(
    r"^\s*(?P<field>[a-zA-Z_][\w.]*)(?::(?P<agg>\w+))?(?:\s+(?P<dir>asc|desc))?"
    r"(?:\s+nulls\s+(?P<nulls>first|last))?\s*$", re.IGNORECASE)


def parse_order(order: str) -> list[tuple[str, str | None, bool, str | None]]:
    """``"priority desc, id"`` → ``[("priority", None, True, None), ("id", None, False, None)]``."""
    result = []
    for part in (p for p in order.split(",") if p.strip()):
        match = _ORDER_RE.match(part)
        if not match:
            raise ValueError(_("Invalid order: %s") % repr(order))
        direction = (match.group("dir") or "asc").lower()
        nulls = match.group("nulls")
        result.append((match.group("field"), match.group("agg"), direction == "desc",
                       nulls.lower() if nulls else None))
    return result


class Query:
    """The parts of a SELECT on one model's table."""

    def __init__(self, model: BaseModel, table: Any = None, parent: Query | None = None) -> None:
        self.model = model
        self.env = model.env
        self.dialect = self.env.registry.dialect
        self.root: Query = parent.root if parent is not None else self
        self._alias_counts: dict[str, int] = {}
        self.table = model._table_obj if table is None else table
        self.from_clause: Any = self.table
        self.where: list[Any] = []
        self.order: list[Any] = []
        self.limit: int | None = None
        self.offset: int | None = None
        self._joins: dict[tuple[Any, str], Any] = {}
        self.order_depth = 0
        self.trusted_depth = 0          # > 0 on the root while a Trusted part compiles

    # -- WHERE -----------------------------------------------------------------------------
    def add_where(self, domain: Domain) -> None:
        if domain.is_true():
            return
        self.where.append(self.compile(domain))

    def compile(self, domain: Domain, model: BaseModel | None = None, alias: Any = None) -> Any:
        model = self.model if model is None else model
        alias = self.table if alias is None else alias
        if isinstance(domain, _Constant):
            return sa.true() if domain.value else sa.false()
        if isinstance(domain, And):
            return sa.and_(*(self.compile(c, model, alias) for c in domain.children))
        if isinstance(domain, Or):
            return sa.or_(*(self.compile(c, model, alias) for c in domain.children))
        if isinstance(domain, Not):
            return sa.not_(self.compile(domain.child, model, alias))
        if isinstance(domain, Trusted):
            root = self.root
            root.trusted_depth += 1
            try:
                return self.compile(domain.child, model, alias)
            finally:
                root.trusted_depth -= 1
        if isinstance(domain, Condition):
            return self._compile_condition(model, alias, domain)
        raise ValueError(_("Invalid domain: %s") % repr(domain))

    def _compile_condition(self, model: BaseModel, alias: Any, cond: Condition) -> Any:
        head, _sep, rest = cond.path.partition(".")
        field = model._fields.get(head)
        if field is None:
            raise ValueError(_("Invalid field %(model)s.%(field)s in domain term %(term)s",
                               model=model._name, field=head, term=repr(cond.to_list()[0])))
        model._check_field_named(field, trusted=self.trusted)
        query = self if model is self.model else Query(model, alias, self)
        if field.related and not field.store:
            path = field.related + ("." + rest if rest else "")
            return query.compile(Condition.make(path, cond.operator, cond.value), model, alias)
        if rest:
            if not field.relational:
                raise ValueError(_("Invalid path %(path)s: %(field)s is not relational",
                                   path=cond.path, field=str(field)))
            if not field.store:
                return query.condition_via_search_method(field, alias, cond.operator, cond.value,
                                                         path=cond.path)
            return field.condition_path(query, alias, rest, cond.operator, cond.value)
        return field.condition(query, alias, cond.operator, cond.value)

    @property
    def trusted(self) -> bool:
        """Whether the part being compiled was written by trusted code."""
        return self.root.trusted_depth > 0

    def condition_via_search_method(self, field: Any, alias: Any, operator: str, value: Any,
                                    path: str | None = None) -> Any:
        """Non-stored fields are searchable through their ``search=`` method; a path
        through a relational one (``activity_ids.summary``), or ``any`` on it, searches its
        comodel first as the current user — so that the fields named there are checked like
        any others — then asks the method for the records related to those found (as
        Odoo). The domain the method returns is compiled (and checked) here too."""
        if not field.search or (path is not None and not field.relational):
            raise ValueError(_("Non-stored field %s cannot be searched") % str(field))
        negate = False
        if path is not None or (operator in ("any", "not any") and field.relational):
            comodel = self.model.env[field.comodel_name]
            sub = Condition.make(path.partition(".")[2], operator, value) \
                if path is not None else value
            if self.trusted:
                sub = Trusted.of(sub)
            negate = path is None and operator == "not any"
            operator, value = "in", comodel.search(sub).ids
        method = getattr(self.model, field.search) if isinstance(field.search, str) \
            else field.search.__get__(self.model)
        clause = self.compile(Domain.parse(method(operator, value)), self.model, alias)
        return sa.not_(clause) if negate else clause

    def subquery(self, model: BaseModel, domain: Any, active_test: bool | None = None) -> Any:
        """``SELECT id FROM <model> WHERE domain`` with its active filter and record rules."""
        table = self.alias(model._table_obj)
        sub = Query(model, table, self)
        sub.add_where(model._effective_domain(Domain.parse(domain), active_test=active_test))
        return sub.select(table.c.id)

    def exists_related(self, comodel: BaseModel, inverse_name: str, parent_expr: Any,
                       domain: Domain, ids: Any = None) -> Any:
        """``EXISTS (SELECT 1 FROM comodel WHERE comodel.inverse = parent AND ...)``."""
        table = self.alias(comodel._table_obj)
        sub = Query(comodel, table, self)
        sub.where.append(table.c[inverse_name] == parent_expr)
        if ids is not None:
            sub.where.append(table.c.id.in_(ids))
        sub.add_where(comodel._effective_domain(domain))
        return sa.exists(sub.select(sa.literal(1)))

    def hierarchy_ids(self, model: BaseModel, operator: str, value: Any) -> Any:
        """Ids of the records ``child_of``/``parent_of`` ``value`` (recursive CTE)."""
        ids = model._resolve_hierarchy_value(value)
        table = model._table_obj
        parent_name = model._parent_name
        if parent_name not in model._fields or not model._fields[parent_name].store:
            return sa.select(table.c.id).where(table.c.id.in_(ids))
        seed = sa.select(table.c.id.label("id")).where(table.c.id.in_(ids))
        tree = seed.cte(recursive=True)
        step = self.alias(table)
        if operator == "child_of":
            nxt = sa.select(step.c.id).where(step.c[parent_name] == tree.c.id)
        else:
            nxt = sa.select(step.c[parent_name]).where(step.c.id == tree.c.id,
                                                        step.c[parent_name].is_not(None))
        tree = tree.union(nxt)
        return sa.select(tree.c.id)

    def hierarchy_condition(self, expr: Any, model: BaseModel, operator: str, value: Any) -> Any:
        return expr.in_(self.hierarchy_ids(model, operator, value))

    # -- ORDER BY ------------------------------------------------------------------------
    def set_order(self, order: str | None) -> None:
        """ORDER BY ``order`` (a caller's: its fields are checked), or the model's own."""
        if order:
            for name, _agg, _desc, _nulls in parse_order(order):
                field = self.model._fields.get(name)
                if field is not None:
                    self.model._check_field_named(field)
        self.order = self.order_terms(self.model, self.table, order or self.model._order)

    def order_terms(self, model: BaseModel, alias: Any, order: str,
                    reverse: bool = False) -> list[Any]:
        terms: list[Any] = []
        self.order_depth += 1
        try:
            for name, _agg, descending, nulls in parse_order(order):
                field = model._fields.get(name)
                if field is None:
                    raise ValueError(_("Invalid field %(field)s in order %(order)s",
                                       field=name, order=repr(order)))
                query = self if model is self.model else self._nested(model, alias)
                terms.extend(field.order_by(query, alias, descending != reverse, nulls))
        finally:
            self.order_depth -= 1
        return terms

    def _nested(self, model: BaseModel, alias: Any) -> Query:
        """A query object for ordering through a join (shares joins and FROM with self)."""
        nested = Query.__new__(Query)
        nested.__dict__.update(self.__dict__)
        nested.model = model
        nested.order_depth = self.order_depth
        nested._parent = self
        return nested

    def left_join(self, alias: Any, field: Any, table: Any) -> Any:
        root = getattr(self, "_parent", self)
        key = (alias, field.name)
        if key not in root._joins:
            target = self.alias(table)
            root.from_clause = root.from_clause.outerjoin(target,
                                                          target.c.id == alias.c[field.name])
            root._joins[key] = target
        if root is not self:
            self.from_clause = root.from_clause
        return root._joins[key]

    def alias(self, table: Any) -> Any:
        """A fresh alias of ``table`` for this statement (cached per registry: cheap)."""
        counts = self.root._alias_counts
        index = counts.get(table.name, 0) + 1
        counts[table.name] = index
        return self.env.registry.table_alias(table, index)

    # -- SELECT --------------------------------------------------------------------------
    def select(self, *columns: Any) -> Any:
        stmt = sa.select(*columns).select_from(self.from_clause)
        if self.where:
            stmt = stmt.where(*self.where)
        if self.order:
            stmt = stmt.order_by(*self.order)
        if self.limit:
            stmt = stmt.limit(self.limit)
        if self.offset:
            stmt = stmt.offset(self.offset)
        return stmt
