"""The field base class: one descriptor per model attribute, owning its SQL.

A field written in an addon's class body is only a *specification*: it records the
arguments it was given. When a registry composes a model, it merges the specifications of
every extension (later ones update earlier ones) and creates a fresh field bound to that
registry's class, so two databases never share field objects::

    class Lead(models.Model):
        _name = "crm.lead"
        name = fields.Char("Opportunity", required=True, index=True)

    class LeadExtension(models.Model):          # another addon
        _inherit = "crm.lead"
        name = fields.Char(tracking=True)        # merged: required, index and tracking

A bound field reads and writes values through the transaction's cache (prefetching in
batches), converts values between their four representations — what users write, the
cache, the database column and what ``read()`` returns — and compiles the domain terms and
orderings that name it (polymorphism, no ``if field.type == ...`` chains elsewhere).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from core.exceptions import ValidationError
from core.i18n import Domain as _Domain
from core.i18n import LazyText

if TYPE_CHECKING:
    from core.orm.models import BaseModel
    from core.orm.query import Query

_ = _Domain("core")
# The values of an INTEGER column (ids, many2one, Integer): PostgreSQL's, narrower than SQLite's.
INTEGER_MIN, INTEGER_MAX = -(2**31), 2**31 - 1

_COMMON_DEFAULTS: dict[str, Any] = {
    "string": None, "help": None, "required": False, "readonly": None, "index": False,
    "copy": None, "default": None, "compute": None, "inverse": None, "search": None,
    "store": None, "related": None, "depends": (), "groups": None, "tracking": False,
    "aggregator": None, "translate": False, "compute_sudo": True, "group_expand": None,
    "prefetch": True, "precompute": False, "recursive": False, "domain": None,
    "context": None, "size": None, "sortable": True, "change_default": False,
    "exportable": True, "internal": False, "depends_context": (),
}


def label_from_name(name: str) -> str:
    """Odoo's default label: ``partner_id`` → "Partner", ``tag_ids`` → "Tags"."""
    base = name
    for suffix in ("_ids", "_id"):
        if base.endswith(suffix):
            base = base[: -len(suffix)] + ("s" if suffix == "_ids" else "")
            break
    return base.replace("_", " ").strip().title()


class Field:
    """Base class of all fields. Subclasses set ``type`` and override the conversions."""

    type: str = ""
    column_type: Any = None          # an SQLAlchemy type, or None when there is no column
    default_aggregator: str | None = None
    empty_cache_value: Any = None
    relational = False
    _extra_defaults: dict[str, Any] = {}

    related_field: Any = None
    # set by _setup_attrs
    name: str
    model_name: str
    string: Any
    store: bool
    args: dict[str, Any]

    def __init__(self, string: Any = None, **kwargs: Any) -> None:
        if string is not None:
            kwargs["string"] = string
        self.args = kwargs
        self.name = ""
        self.model_name = ""
        self._specs: list[dict[str, Any]] = [kwargs]

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"{self.model_name}.{self.name}" if self.model_name else f"<{type(self).__name__}>"

    # -- binding to a registry class --------------------------------------------------------
    @classmethod
    def from_specs(cls, specs: Sequence[Field]) -> Field:
        """A fresh field merging the arguments of ``specs`` (earliest first)."""
        last = specs[-1]
        merged: dict[str, Any] = {}
        chain: list[dict[str, Any]] = []
        for spec in specs:
            if type(spec) is not type(last) and not isinstance(last, type(spec)):
                merged, chain = {}, []
            args = dict(spec.args)
            module = getattr(spec, "_module", None)
            for key in ("string", "help"):
                if module and isinstance(args.get(key), str):
                    args[key] = LazyText(module, args[key])
            if module and args.get("selection") and isinstance(args["selection"], list | tuple):
                args["selection"] = [_lazy_option(module, o) for o in args["selection"]]
            if module and args.get("selection_add"):
                args["selection_add"] = [_lazy_option(module, o) for o in args["selection_add"]]
            merged.update(args)
            chain.append(args)
        field = type(last)(**merged)
        field._specs = chain
        field._module = next((getattr(s, "_module", None) for s in specs
                              if getattr(s, "_module", None)), None)
        return field

    def setup_attrs(self, model_cls: type, name: str) -> None:
        """First setup step: plain attributes, from the merged arguments."""
        self.name = name
        self.model_name = model_cls._name
        attrs = {**_COMMON_DEFAULTS, **self._extra_defaults, **self.args}
        for key, value in attrs.items():
            setattr(self, key, value)
        computed = bool(self.compute or self.related)
        if self.store is None:
            self.store = not computed
        if self.readonly is None:
            self.readonly = computed and not self.inverse
        if self.copy is None:
            self.copy = not computed and self.store
        if self.depends and isinstance(self.depends, str):
            self.depends = (self.depends,)
        self.depends = tuple(self.depends or ())
        if self.string is None:
            label = label_from_name(name)
            module = getattr(self, "_module", None)
            self.string = LazyText(module, label) if module else label
        if self.aggregator is None:
            self.aggregator = attrs.get("group_operator", self.default_aggregator)
        if self.compute and not callable(self.compute) and not isinstance(self.compute, str):
            raise TypeError(f"{self}: compute must be a method name")

    def setup_model(self, registry: Any) -> None:
        """Second setup step, once every model exists (comodels, related fields)."""

    _RELATED_ATTRS = ("string", "help", "selection", "comodel_name", "digits", "currency_field",
                      "translate", "size", "groups", "domain", "context")

    def setup_related(self, registry: Any) -> None:
        """A related field takes its target's attributes and computes by following the path."""
        if getattr(self, "related_field", None) is not None:
            return
        model = registry[self.model_name]
        names = self.related.split(".")
        target = None
        for index, name in enumerate(names):
            target = model._fields.get(name)
            if target is None:
                raise ValueError(f"{self}: related path {self.related!r} is invalid at {name!r}")
            if target.related:
                target.setup_related(registry)
            if index < len(names) - 1:
                if not target.relational:
                    raise ValueError(f"{self}: {target} is not relational in {self.related!r}")
                model = registry[target.comodel_name]
        if target.type != self.type:
            raise TypeError(f"{self}: type {self.type} differs from {target} ({target.type})")
        explicit = {k for spec in self._specs for k in spec}
        for attr in self._RELATED_ATTRS:
            if attr not in explicit and hasattr(target, attr):
                setattr(self, attr, getattr(target, attr))
        self.related_field = target
        self.compute = self._compute_related
        self.depends = (self.related,)
        if "readonly" not in explicit:
            self.readonly = True
        if not self.readonly:
            self.inverse = self._inverse_related

    def _compute_related(self, records: BaseModel) -> None:
        names = self.related.split(".")
        for record in records:
            value = record
            for name in names[:-1]:
                value = value[name][:1]
            if value:
                record[self.name] = value[names[-1]]
            else:
                record[self.name] = self.convert_to_record(self.empty_cache_value, record)

    def _inverse_related(self, records: BaseModel) -> None:
        names = self.related.split(".")
        for record in records:
            target = record
            for name in names[:-1]:
                target = target[name][:1]
            if target:
                target[names[-1]] = record[self.name]

    def cache_key(self, env: Any) -> Any:
        """Where the cache keeps this field's values for ``env`` (see depends_context)."""
        keys = self.depends_context
        if not keys:
            return self
        return (self, tuple(env.lang if k == "lang" else env.uid if k == "uid"
                            else env.context.get(k) for k in keys))

    @property
    def column_name(self) -> str:
        return self.name

    @property
    def is_column(self) -> bool:
        return self.store and self.column_type is not None

    def sql_column(self, registry: Any) -> sa.Column | None:
        """The column this field stores its value in, or None."""
        if not self.is_column:
            return None
        return sa.Column(self.column_name, self.column_type, index=bool(self.index),
                         nullable=True)

    # -- descriptor -----------------------------------------------------------------------
    def __get__(self, record: BaseModel | None, owner: type | None = None) -> Any:
        if record is None:
            return self
        ids = record._ids
        if len(ids) != 1:
            if not ids:
                return self.convert_to_record(self.empty_cache_value, record)
            raise ValueError(_("Expected a single record: %s") % repr(record))
        field_cache = record._transaction.cache.data.get(
            self.cache_key(record.env) if self.depends_context else self)
        if field_cache is not None and ids[0] in field_cache:
            value = field_cache[ids[0]]
        else:
            value = record._read_cache_miss(self)
        return self.convert_to_record(value, record)

    def __set__(self, record: BaseModel, value: Any) -> None:
        tx = record._transaction
        computing = tx.computing.get(self)
        if computing is not None and record._ids and all(i in computing for i in record._ids):
            cache_value = self.convert_to_cache(value, record, validate=False)
            key = self.cache_key(record.env)
            for rid in record._ids:
                tx.cache.set(key, rid, cache_value)
            return
        if record._is_new():
            record._set_new_value(self, value)
            return
        record.write({self.name: self.convert_to_write(value, record)})

    # -- conversions (override in subclasses) -------------------------------------------------
    def convert_to_cache(self, value: Any, record: BaseModel, validate: bool = True) -> Any:
        """A value as written by code or a client → the cache format."""
        return None if value is False else value

    def convert_to_record(self, value: Any, record: BaseModel) -> Any:
        """Cache format → the attribute value code sees (records, dates...)."""
        return False if value is None else value

    def convert_to_read(self, value: Any, record: BaseModel, use_display_name: bool = True) -> Any:
        """Attribute value → what ``read()`` returns (JSON/XML-RPC friendly)."""
        return False if value is None else value

    def convert_to_write(self, value: Any, record: BaseModel) -> Any:
        """Attribute value → a value ``write()`` accepts (for ``copy``)."""
        return value

    def read_values(self, records: BaseModel, use_display_name: bool = True) -> list[Any]:
        """``read()`` values of this field for all ``records``, in their order (batched)."""
        data = records._ensure_cached(self)
        convert_record, convert_read = self.convert_to_record, self.convert_to_read
        result = []
        for record in records:
            value = convert_record(data[record._ids[0]], record)
            result.append(convert_read(value, record, use_display_name))
        return result

    def convert_to_column(self, value: Any) -> Any:
        """Cache format → the database parameter."""
        return value

    def convert_from_column(self, value: Any) -> Any:
        """Database value → cache format."""
        return value

    def convert_to_export(self, value: Any, record: BaseModel) -> str:
        """Attribute value → text for CSV export."""
        if value is False or value is None:
            return ""
        return str(value)

    def invalid(self, value: Any) -> ValidationError:
        return ValidationError(_("Wrong value for field %(field)s (%(model)s.%(name)s): %(value)s",
                                 field=self.string, model=self.model_name, name=self.name,
                                 value=repr(value)[:200]))

    def check_integer(self, value: int) -> int:
        """``value`` if an INTEGER column holds it on both databases, else ValidationError."""
        if INTEGER_MIN <= value <= INTEGER_MAX:
            return value
        raise self.invalid(value)

    def check_text(self, value: Any) -> Any:
        """``value`` unless it is text with a NUL character (PostgreSQL refuses those; we
        refuse them on SQLite too, so that both databases behave alike)."""
        if isinstance(value, str) and "\x00" in value:
            raise ValidationError(_("The value of field %(field)s (%(model)s.%(name)s) cannot "
                                    "contain the NUL character.", field=self.string,
                                    model=self.model_name, name=self.name))
        return value

    # -- SQL: domains, ordering, grouping --------------------------------------------------
    def column_expr(self, query: Query, alias: Any) -> Any:
        if not self.is_column:
            raise ValueError(_("Field %s is not stored in the database") % str(self))
        return alias.c[self.column_name]

    def condition(self, query: Query, alias: Any, operator: str, value: Any) -> Any:
        """The SQL clause of ``(self.name, operator, value)`` on table ``alias``."""
        if not self.store:
            return query.condition_via_search_method(self, alias, operator, value)
        return scalar_condition(query, self, self.column_expr(query, alias), operator,
                                self.convert_domain_value(value, operator))

    def convert_domain_value(self, value: Any, operator: str) -> Any:
        """A domain value → a database parameter (override for dates, booleans...)."""
        if operator in ("in", "not in"):
            return tuple(None if v is False else self._domain_scalar(self._plain(v))
                         for v in value)
        if value is False or value is None:
            return None
        if operator in ("like", "not like", "ilike", "not ilike", "=like", "=ilike"):
            return self.check_text(str(value))
        return self._domain_scalar(self._plain(value))

    def _plain(self, value: Any) -> Any:
        """A domain value that one column can be compared with (no list, no dict...)."""
        if isinstance(value, dict | list | tuple | set | frozenset):
            raise ValueError(_("Invalid value %(value)s for field %(field)s in a domain",
                               value=repr(value)[:200], field=str(self)))
        return self.check_text(value)

    def _domain_scalar(self, value: Any) -> Any:
        return value

    def order_by(self, query: Query, alias: Any, descending: bool,
                 nulls: str | None = None) -> list[Any]:
        return [order_clause(self.column_expr(query, alias), descending, nulls)]

    def groupby_expr(self, query: Query, alias: Any, granularity: str | None) -> Any:
        return self.column_expr(query, alias)

    def group_value(self, value: Any, record: BaseModel, granularity: str | None) -> Any:
        """A GROUP BY result value → the value read_group shows."""
        value = self.convert_from_column(value)
        return self.convert_to_read(self.convert_to_record(value, record), record)

    # -- description ----------------------------------------------------------------------
    def get_description(self, env: Any) -> dict[str, Any]:
        """The ``fields_get`` attributes of this field, in ``env.lang``."""
        lang = env.lang
        desc: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "string": translated(self.string, lang),
            "help": translated(self.help, lang) if self.help else False,
            "required": bool(self.required),
            "readonly": bool(self.readonly),
            "store": bool(self.store),
            "sortable": bool(self.store and self.column_type is not None and self.sortable),
            "searchable": bool(self.store or self.search),
            "groupable": bool(self.store and self.column_type is not None),
            "manual": False,
            "depends": list(self.depends),
            "company_dependent": False,
            "change_default": bool(self.change_default),
            "exportable": bool(self.exportable),
            "translate": bool(self.translate),
        }
        if self.aggregator:
            desc["aggregator"] = desc["group_operator"] = self.aggregator
        if self.groups:
            desc["groups"] = self.groups
        if self.related:
            desc["related"] = self.related
        if self.size:
            desc["size"] = self.size
        if self.context:
            desc["context"] = dict(self.context)
        return desc

    # -- defaults -------------------------------------------------------------------------------
    def default_value(self, model: BaseModel) -> Any:
        default = self.default
        if callable(default):
            return default(model)
        return default


def order_clause(expr: Any, descending: bool, nulls: str | None = None) -> Any:
    """``expr ASC|DESC [NULLS FIRST|LAST]``.

    Without an explicit ``nulls``, each backend places NULLs its own way, so that an index
    on the column can serve the ordering (SQLite cannot index a NULLS clause).
    """
    clause = expr.desc() if descending else expr.asc()
    if nulls is None:
        return clause
    return clause.nulls_first() if nulls == "first" else clause.nulls_last()


def _lazy_option(module: str, option: Any) -> Any:
    if len(option) > 1 and isinstance(option[1], str):
        return (option[0], LazyText(module, option[1]), *option[2:])
    return tuple(option)


def translated(value: Any, lang: str) -> Any:
    return value.translate(lang) if isinstance(value, LazyText) else value


def escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_clause(dialect: Any, expr: Any, operator: str, value: Any) -> Any:
    """LIKE family on any text expression, the same on SQLite and PostgreSQL."""
    if operator in ("like", "ilike", "not like", "not ilike"):
        if value in (None, False, ""):
            return sa.true() if not operator.startswith("not") else sa.or_(expr.is_(None), sa.false())
        pattern = f"%{escape_like(str(value))}%"
        escape = "\\"
    else:  # =like / =ilike: the value is the raw pattern
        pattern, escape = str(value), None
    if "ilike" in operator:
        clause = dialect.ilike(expr, pattern, escape)
    else:
        clause = expr.like(pattern, escape=escape) if escape else expr.like(pattern)
    if operator.startswith("not"):
        return sa.or_(sa.not_(clause), expr.is_(None))
    return clause


_COMPARATORS: dict[str, Callable[[Any, Any], Any]] = {
    "<": lambda e, v: e < v, ">": lambda e, v: e > v,
    "<=": lambda e, v: e <= v, ">=": lambda e, v: e >= v,
}


def scalar_condition(query: Query, field: Field, expr: Any, operator: str, value: Any) -> Any:
    """Odoo's semantics for a term on a plain column (NULL rules included)."""
    if operator == "=?":
        if value is None:
            return sa.true()
        operator = "="
    if operator == "=":
        return expr.is_(None) if value is None else expr == value
    if operator == "!=":
        return expr.is_not(None) if value is None else sa.or_(expr != value, expr.is_(None))
    if operator in _COMPARATORS:
        if value is None:
            return sa.false()
        return _COMPARATORS[operator](expr, value)
    if operator in ("in", "not in"):
        return in_clause(expr, value, operator == "not in")
    if "like" in operator:
        if not isinstance(getattr(expr, "type", None), sa.String):   # a number, a date...
            expr = sa.cast(expr, sa.String)
        return like_clause(query.dialect, expr, operator, value)
    raise ValueError(_("Operator %(op)s is not supported on field %(field)s",
                       op=operator, field=str(field)))


def in_clause(expr: Any, values: Sequence[Any], negate: bool) -> Any:
    """``IN`` with Odoo's rules: empty list, and ``False`` in the list meaning NULL."""
    has_null = any(v is None for v in values)
    values = [v for v in values if v is not None]
    if not negate:
        clause = expr.in_(values) if values else sa.false()
        return sa.or_(clause, expr.is_(None)) if has_null else clause
    if not values:
        return expr.is_not(None) if has_null else sa.true()
    clause = sa.or_(expr.not_in(values), expr.is_(None))
    return sa.and_(expr.not_in(values), expr.is_not(None)) if has_null else clause
