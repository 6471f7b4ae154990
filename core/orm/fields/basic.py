"""Scalar field types: Id, Boolean, Integer, Float, Monetary, Char, Text, Html, Selection, Binary."""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING, Any

import nh3
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from core.i18n import DEFAULT_LANG, LazyText
from core.orm.fields.base import Field, order_clause, scalar_condition, translated

if TYPE_CHECKING:
    from core.orm.models import BaseModel
    from core.orm.query import Query


class Id(Field):
    """The primary key every model has."""

    type = "integer"
    column_type = sa.Integer()

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("string", "ID")
        kwargs.setdefault("readonly", True)
        kwargs.setdefault("copy", False)
        super().__init__(**kwargs)

    def sql_column(self, registry: Any) -> sa.Column:
        return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)

    def __get__(self, record: BaseModel | None, owner: type | None = None) -> Any:
        if record is None:
            return self
        ids = record._ids
        if not ids:
            return False
        if len(ids) > 1:
            raise ValueError(f"Expected a single record: {record!r}")
        return ids[0]

    def __set__(self, record: BaseModel, value: Any) -> None:
        raise TypeError("The id of a record cannot be assigned")

    def convert_to_cache(self, value: Any, record: BaseModel, validate: bool = True) -> Any:
        return value

    def _domain_scalar(self, value: Any) -> Any:
        return _to_int(self, value)

    def condition(self, query: Query, alias: Any, operator: str, value: Any) -> Any:
        if operator in ("child_of", "parent_of"):
            return query.hierarchy_condition(alias.c.id, query.model, operator, value)
        return super().condition(query, alias, operator, value)


def _to_int(field: Field, value: Any) -> int:
    if isinstance(value, bool):
        raise field.invalid(value)
    try:
        return field.check_integer(int(value))
    except (TypeError, ValueError, OverflowError):
        raise field.invalid(value) from None


class Boolean(Field):
    type = "boolean"
    column_type = sa.Boolean(create_constraint=False)
    empty_cache_value = False

    def read_values(self, records: BaseModel, use_display_name: bool = True) -> list[Any]:
        data = records._ensure_cached(self)
        return [bool(data[rid]) for rid in records._ids]

    def convert_to_cache(self, value: Any, record: BaseModel, validate: bool = True) -> Any:
        return bool(value)

    def convert_to_record(self, value: Any, record: BaseModel) -> Any:
        return bool(value)

    def convert_from_column(self, value: Any) -> Any:
        return bool(value)

    def convert_to_export(self, value: Any, record: BaseModel) -> str:
        return "True" if value else "False"

    def condition(self, query: Query, alias: Any, operator: str, value: Any) -> Any:
        if not self.store:
            return super().condition(query, alias, operator, value)
        expr = self.column_expr(query, alias)
        if operator in ("=", "!=") and not isinstance(value, list | tuple):
            wanted = bool(value) if operator == "=" else not value
            return expr == sa.true() if wanted else sa.or_(expr.is_(None), expr == sa.false())
        if operator in ("in", "not in"):
            values = {bool(v) for v in value}
            if operator == "not in":
                values = {True, False} - values
            if values == {True, False}:
                return sa.true()
            if not values:
                return sa.false()
            return expr == sa.true() if True in values else sa.or_(expr.is_(None), expr == sa.false())
        return super().condition(query, alias, operator, value)


class Integer(Field):
    type = "integer"
    column_type = sa.Integer()
    default_aggregator = "sum"
    empty_cache_value = 0

    def convert_to_cache(self, value: Any, record: BaseModel, validate: bool = True) -> Any:
        if value is None or value is False:
            return 0
        if isinstance(value, float) and value.is_integer():
            return _to_int(self, value)
        return _to_int(self, value) if validate else int(value)

    def convert_to_record(self, value: Any, record: BaseModel) -> Any:
        return value or 0

    def convert_to_read(self, value: Any, record: BaseModel, use_display_name: bool = True) -> Any:
        return value or 0

    def convert_from_column(self, value: Any) -> Any:
        return value or 0

    def read_values(self, records: BaseModel, use_display_name: bool = True) -> list[Any]:
        data = records._ensure_cached(self)
        return [data[rid] or 0 for rid in records._ids]

    def _domain_scalar(self, value: Any) -> Any:
        if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
            return _to_int(self, value)
        return value


class Float(Field):
    type = "float"
    column_type = sa.Double()
    default_aggregator = "sum"
    empty_cache_value = 0.0
    _extra_defaults = {"digits": None}

    def convert_to_cache(self, value: Any, record: BaseModel, validate: bool = True) -> Any:
        if value is None or value is False:
            return 0.0
        try:
            value = float(value)
        except (TypeError, ValueError, OverflowError):
            raise self.invalid(value) from None
        if value != value or value in (float("inf"), float("-inf")):
            raise self.invalid(value)
        digits = self.get_digits(record)
        return round(value, digits) if digits is not None else value

    def get_digits(self, record: BaseModel) -> int | None:
        digits = self.digits
        if isinstance(digits, tuple | list):
            return digits[1]
        return digits if isinstance(digits, int) else None

    def convert_to_record(self, value: Any, record: BaseModel) -> Any:
        return value or 0.0

    def convert_to_read(self, value: Any, record: BaseModel, use_display_name: bool = True) -> Any:
        return value or 0.0

    def convert_from_column(self, value: Any) -> Any:
        return float(value) if value is not None else 0.0

    def read_values(self, records: BaseModel, use_display_name: bool = True) -> list[Any]:
        data = records._ensure_cached(self)
        return [data[rid] or 0.0 for rid in records._ids]

    def _domain_scalar(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                raise self.invalid(value) from None
        return value

    def get_description(self, env: Any) -> dict[str, Any]:
        desc = super().get_description(env)
        if isinstance(self.digits, tuple | list):
            desc["digits"] = list(self.digits)
        return desc


class Monetary(Float):
    """An amount in the currency named by ``currency_field`` (2 decimals by default)."""

    type = "monetary"
    _extra_defaults = {"digits": None, "currency_field": None}

    def setup_model(self, registry: Any) -> None:
        if not self.currency_field:
            model = registry[self.model_name]
            for candidate in ("currency_id", "company_currency_id", "company_currency"):
                if candidate in model._fields:
                    self.currency_field = candidate
                    break

    def get_digits(self, record: BaseModel) -> int | None:
        return 2

    def get_description(self, env: Any) -> dict[str, Any]:
        desc = super().get_description(env)
        desc["currency_field"] = self.currency_field or False
        return desc


def _text_scalar(field: Field, value: Any) -> str:
    """A domain value compared with a text column: numbers become text, as SQLite converts
    them (PostgreSQL refuses to compare text with a number)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise field.invalid(value)
    return str(value)


def _json_type() -> Any:
    return sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True),
                                                   "postgresql")


class _String(Field):
    """Char, Text and Html; ``translate=True`` keeps one value per language (JSON column)."""

    empty_cache_value = None

    def setup_attrs(self, model_cls: type, name: str) -> None:
        super().setup_attrs(model_cls, name)
        if self.translate:
            self.column_type = _json_type()

    def convert_to_cache(self, value: Any, record: BaseModel, validate: bool = True) -> Any:
        if value is None or value is False:
            return None
        if self.translate and isinstance(value, dict):
            return {k: self._clean(self.check_text(v)) for k, v in value.items()
                    if v not in (None, False)}
        if isinstance(value, LazyText):
            value = value.translate(record.env.lang)
        if not isinstance(value, str):
            if validate and not isinstance(value, int | float):
                raise self.invalid(value)
            value = str(value)
        value = self._clean(self.check_text(value))
        if self.size and validate and len(value) > self.size:
            raise self.invalid(value)
        if self.translate:
            lang = record.env.lang or DEFAULT_LANG
            return {DEFAULT_LANG: value, lang: value}
        return value

    def _clean(self, value: str) -> str:
        return value

    def _domain_scalar(self, value: Any) -> Any:
        return _text_scalar(self, value)

    def convert_to_record(self, value: Any, record: BaseModel) -> Any:
        if value is None:
            return False
        if isinstance(value, dict):
            lang = record.env.lang or DEFAULT_LANG
            return value.get(lang) or value.get(DEFAULT_LANG) or next(iter(value.values()), False)
        return value

    def read_values(self, records: BaseModel, use_display_name: bool = True) -> list[Any]:
        if self.translate:
            return super().read_values(records, use_display_name)
        data = records._ensure_cached(self)
        return [False if data[rid] is None else data[rid] for rid in records._ids]

    def write_column_values(self, records: BaseModel, cache_value: Any) -> list[tuple[list, Any]]:
        """Translated fields merge the new language into each record's value."""
        if not self.translate or cache_value is None:
            return [(list(records._ids), cache_value)]
        lang = records.env.lang or DEFAULT_LANG
        text = cache_value.get(lang, cache_value.get(DEFAULT_LANG))
        result = []
        for record in records:
            current = record._current_cache_value(self) or {}
            merged = dict(current)
            merged[lang] = text
            if DEFAULT_LANG not in merged or lang == DEFAULT_LANG:
                merged[DEFAULT_LANG] = text
            result.append(([record.id], merged))
        return result

    def column_expr(self, query: Query, alias: Any) -> Any:
        expr = super().column_expr(query, alias)
        if self.translate:
            lang = query.env.lang or DEFAULT_LANG
            return sa.func.coalesce(expr[lang].as_string(), expr[DEFAULT_LANG].as_string())
        return expr

    def convert_to_column(self, value: Any) -> Any:
        return value

    def get_description(self, env: Any) -> dict[str, Any]:
        return super().get_description(env)


class Char(_String):
    type = "char"
    column_type = sa.String()
    _extra_defaults = {"trim": True}

    def _clean(self, value: str) -> str:
        return value.strip() if self.trim else value


class Text(_String):
    type = "text"
    column_type = sa.Text()


class Html(_String):
    """Rich text, sanitized on every write (scripts, event handlers and styles removed)."""

    type = "html"
    column_type = sa.Text()
    _extra_defaults = {"sanitize": True}

    def _clean(self, value: str) -> str:
        return nh3.clean(value) if self.sanitize else value


class Selection(Field):
    """One value out of a list of ``(value, label)`` pairs, or pairs computed by a method."""

    type = "selection"
    column_type = sa.String()
    _extra_defaults = {"selection": None, "selection_add": None, "ondelete": None}

    def __init__(self, selection: Any = None, string: Any = None, **kwargs: Any) -> None:
        if selection is not None:
            kwargs["selection"] = selection
        super().__init__(string, **kwargs)

    def setup_attrs(self, model_cls: type, name: str) -> None:
        super().setup_attrs(model_cls, name)
        options: list | str | Any = None
        for spec in self._specs:
            if spec.get("selection") is not None:
                options = spec["selection"]
                options = list(options) if isinstance(options, list | tuple) else options
            for item in spec.get("selection_add") or ():
                if isinstance(options, list) and item[0] not in dict(options) and len(item) > 1:
                    options.append(tuple(item))
        self.selection = options

    def get_values(self, env: Any) -> list[str]:
        return [value for value, _label in self._options(env[self.model_name])]

    def _options(self, model: BaseModel) -> list[tuple[str, Any]]:
        sel = self.selection
        if isinstance(sel, str):
            return list(getattr(model, sel)())
        if callable(sel):
            return list(sel(model))
        return list(sel or ())

    def description_selection(self, env: Any) -> list[list[Any]]:
        lang = env.lang
        return [[value, translated(label, lang)] for value, label in self._options(env[self.model_name])]

    def convert_to_cache(self, value: Any, record: BaseModel, validate: bool = True) -> Any:
        if value is None or value is False:
            return None
        if validate and (not isinstance(value, str | int) or isinstance(value, bool) or
                         value not in {v for v, _l in self._options(record)}):
            raise self.invalid(value)       # dynamic selections too (time zones, languages)
        return self.check_text(value)

    def _domain_scalar(self, value: Any) -> Any:
        return _text_scalar(self, value)

    def convert_to_export(self, value: Any, record: BaseModel) -> str:
        if not value:
            return ""
        return str(translated(dict(self._options(record)).get(value, value), record.env.lang))

    def read_values(self, records: BaseModel, use_display_name: bool = True) -> list[Any]:
        data = records._ensure_cached(self)
        return [False if data[rid] is None else data[rid] for rid in records._ids]

    def get_description(self, env: Any) -> dict[str, Any]:
        desc = super().get_description(env)
        desc["selection"] = self.description_selection(env)
        return desc

    def order_by(self, query: Query, alias: Any, descending: bool,
                 nulls: str | None = None) -> list[Any]:
        values = [value for value, *_label in self.selection] \
            if isinstance(self.selection, list | tuple) else []
        if values and values != sorted(values):  # by position, as Odoo does
            expr = self.column_expr(query, alias)
            whens = [(expr == value, index) for index, (value, *_l) in enumerate(self.selection)]
            return [order_clause(sa.case(*whens, else_=None), descending, nulls)]
        return super().order_by(query, alias, descending, nulls)


class Binary(Field):
    """Small files (avatars, attachments): bytes in the column, base64 over the API."""

    type = "binary"
    column_type = sa.LargeBinary()
    _extra_defaults = {"prefetch": False, "attachment": False}

    def convert_to_cache(self, value: Any, record: BaseModel, validate: bool = True) -> Any:
        if value is None or value is False:
            return None
        if isinstance(value, bytes | bytearray | memoryview):
            return bytes(value)
        if isinstance(value, str):
            try:
                return base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError):
                raise self.invalid(value[:20]) from None
        raise self.invalid(value)

    def convert_from_column(self, value: Any) -> Any:
        return bytes(value) if value is not None else None

    def convert_to_read(self, value: Any, record: BaseModel, use_display_name: bool = True) -> Any:
        if not value:
            return False
        if record.env.context.get("bin_size"):
            return human_size(len(value))
        return base64.b64encode(value).decode("ascii")

    def convert_to_write(self, value: Any, record: BaseModel) -> Any:
        return value

    def condition(self, query: Query, alias: Any, operator: str, value: Any) -> Any:
        if operator in ("=", "!=") and value in (False, None):
            return scalar_condition(query, self, self.column_expr(query, alias), operator, None)
        raise ValueError(f"Binary field {self} only supports '= False' and '!= False'")


def human_size(size: int) -> str:
    units = ("bytes", "Kb", "Mb", "Gb")
    value = float(size)
    for unit in units:
        if value < 1024 or unit == units[-1]:
            return f"{value:.2f} {unit}" if unit != "bytes" else f"{int(value)} bytes"
        value /= 1024
    return f"{size} bytes"
