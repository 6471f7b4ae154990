"""Recordsets: an ordered set of ids of one model, seen through an environment.

This module holds what every recordset can do regardless of storage — iterate, index,
slice, combine with ``|`` ``&`` ``-``, ``mapped``, ``filtered``, ``sorted``,
``ensure_one``, switch environment (``with_context``, ``with_user``, ``sudo``) — and the
in-memory "new" records that forms use to compute values before anything is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from core.i18n import Domain as _Domain
from core.orm.environment import Environment
from core.orm.fields.base import INTEGER_MAX, INTEGER_MIN

_ = _Domain("core")

PREFETCH_MAX = 1000


class NewId:
    """The id of a record that exists only in memory (falsy, like Odoo's)."""

    __slots__ = ("origin", "ref")

    def __init__(self, origin: int | None = None, ref: Any = None):
        self.origin = origin
        self.ref = ref

    def __bool__(self) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        if isinstance(other, NewId):
            return self is other or (self.origin is not None and self.origin == other.origin)
        return False

    def __hash__(self) -> int:
        return hash(self.origin) if self.origin is not None else id(self)

    def __repr__(self) -> str:
        return f"<NewId origin={self.origin!r}>"


class RecordsetMixin:
    """Recordset protocol. ``self._ids`` is a tuple; ``self._prefetch_ids`` an iterable."""

    _name: str = ""
    _fields: dict[str, Any] = {}
    env: Environment
    _ids: tuple
    _prefetch_ids: Any

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def _empty(cls, env: Environment) -> Any:
        records = object.__new__(cls)
        records.env = env
        records._ids = ()
        records._prefetch_ids = ()
        return records

    def _browse(self, ids: tuple, prefetch_ids: Any = None) -> Any:
        records = object.__new__(type(self))
        records.env = self.env
        records._ids = ids
        records._prefetch_ids = ids if prefetch_ids is None else prefetch_ids
        return records

    def browse(self, ids: Any = None) -> Any:
        """Records of this model with the given id(s); nothing is read yet."""
        if ids is None or ids is False:
            ids = ()
        elif isinstance(ids, int | NewId):
            ids = (ids,)
        elif hasattr(ids, "_ids"):
            ids = ids._ids
        else:
            ids = tuple(ids)
        for rid in ids:
            if rid.__class__ is int and not INTEGER_MIN <= rid <= INTEGER_MAX:
                raise ValueError(_("Invalid record id %(id)s for %(model)s: out of range.",
                                   id=rid, model=self._name))
        return self._browse(ids)

    def with_env(self, env: Environment) -> Any:
        records = object.__new__(type(self))
        records.env = env
        records._ids = self._ids
        records._prefetch_ids = self._prefetch_ids
        return records

    def with_context(self, *args: Any, **kwargs: Any) -> Any:
        context = dict(args[0] if args else self.env.context, **kwargs)
        return self.with_env(self.env(context=context))

    def with_user(self, user: Any) -> Any:
        return self.with_env(self.env(user=user, su=False))

    def sudo(self, flag: bool = True) -> Any:
        return self.with_env(self.env(su=flag))

    def with_prefetch(self, prefetch_ids: Any = None) -> Any:
        return self._browse(self._ids, self._ids if prefetch_ids is None else prefetch_ids)

    @property
    def _transaction(self) -> Any:
        return self.env.transaction

    # -- the set -------------------------------------------------------------------------
    @property
    def ids(self) -> list[int]:
        return [i for i in self._ids if not isinstance(i, NewId)]

    def __len__(self) -> int:
        return len(self._ids)

    def __bool__(self) -> bool:
        return bool(self._ids)

    def __iter__(self) -> Iterator[Any]:
        if len(self._ids) > PREFETCH_MAX and self._prefetch_ids is self._ids:
            for start in range(0, len(self._ids), PREFETCH_MAX):
                chunk = self._ids[start:start + PREFETCH_MAX]
                for rid in chunk:
                    yield self._browse((rid,), chunk)
        else:
            for rid in self._ids:
                yield self._browse((rid,), self._prefetch_ids)

    def __reversed__(self) -> Iterator[Any]:
        for rid in reversed(self._ids):
            yield self._browse((rid,), self._prefetch_ids)

    def __contains__(self, item: Any) -> bool:
        if hasattr(item, "_ids"):
            if item._name != self._name:
                raise TypeError(f"Mixing models {self._name} and {item._name}")
            return len(item._ids) == 1 and item._ids[0] in self._ids
        return item in self._ids

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return getattr(self, key) if key in self._fields else self._missing_field(key)
        if isinstance(key, slice):
            return self._browse(self._ids[key], self._prefetch_ids)
        return self._browse((self._ids[key],), self._prefetch_ids)

    def __setitem__(self, key: str, value: Any) -> None:
        if key not in self._fields:
            self._missing_field(key)
        setattr(self, key, value)

    def _missing_field(self, name: str) -> Any:
        raise KeyError(f"Invalid field {name!r} on model {self._name!r}")

    def _check_same_model(self, other: Any) -> None:
        if getattr(other, "_name", None) != self._name:
            raise TypeError(f"Cannot combine {self._name} with {getattr(other, '_name', other)}")

    def __or__(self, other: Any) -> Any:
        return self.union(other)

    def union(self, *others: Any) -> Any:
        ids = list(self._ids)
        for other in others:
            self._check_same_model(other)
            ids.extend(other._ids)
        return self._browse(tuple(dict.fromkeys(ids)))

    def __and__(self, other: Any) -> Any:
        self._check_same_model(other)
        keep = set(other._ids)
        return self._browse(tuple(dict.fromkeys(i for i in self._ids if i in keep)))

    def __sub__(self, other: Any) -> Any:
        self._check_same_model(other)
        drop = set(other._ids)
        return self._browse(tuple(i for i in self._ids if i not in drop))

    def __add__(self, other: Any) -> Any:
        self._check_same_model(other)
        return self._browse(self._ids + other._ids)

    def __eq__(self, other: object) -> bool:
        if not hasattr(other, "_ids") or getattr(other, "_name", None) != self._name:
            return NotImplemented if not hasattr(other, "_ids") else False
        return set(self._ids) == set(other._ids)  # type: ignore[attr-defined]

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __lt__(self, other: Any) -> bool:
        self._check_same_model(other)
        return set(self._ids) < set(other._ids)

    def __le__(self, other: Any) -> bool:
        self._check_same_model(other)
        return set(self._ids) <= set(other._ids)

    def __hash__(self) -> int:
        return hash((self._name, frozenset(self._ids)))

    def __repr__(self) -> str:
        return f"{self._name}{self._ids!r}"

    def ensure_one(self) -> Any:
        if len(self._ids) != 1:
            raise ValueError(_("Expected a single record: %s") % repr(self))
        return self

    def _is_new(self) -> bool:
        return any(isinstance(i, NewId) for i in self._ids)

    # -- functional helpers --------------------------------------------------------------
    def mapped(self, func: str | Callable[[Any], Any]) -> Any:
        """Values of a field path (``"partner_id.country_id"``) or of a function."""
        if not func:
            return self
        if callable(func):
            values = [func(rec) for rec in self]
            if values and all(hasattr(v, "_ids") for v in values):
                return values[0].union(*values[1:])
            return values
        records = self
        names = func.split(".")
        for index, name in enumerate(names):
            field = records._fields.get(name)
            if field is None:
                records._missing_field(name)
            if not field.relational:
                if index < len(names) - 1:
                    raise ValueError(f"{field} is not relational, in path {func!r}")
                if field.groups or field.internal:
                    return [rec[name] for rec in records]
                data = records._ensure_cached(field)  # one batch, no per-record descriptor
                convert = field.convert_to_record
                return [convert(data[rid], records) for rid in records._ids]
            comodel = records.env[field.comodel_name]
            data = records._ensure_cached(field)
            ids: list = []
            for rid in records._ids:
                value = data[rid]
                if isinstance(value, tuple):
                    ids.extend(value)
                elif value is not None:
                    ids.append(value)
            records = comodel._browse(tuple(dict.fromkeys(ids)))
        return records

    def filtered(self, func: str | Callable[[Any], Any]) -> Any:
        if isinstance(func, str):
            path = func
            return self._browse(tuple(r.id for r in self if any(_as_list(r.mapped(path)))),
                                self._prefetch_ids)
        return self._browse(tuple(r._ids[0] for r in self if func(r)), self._prefetch_ids)

    def filtered_domain(self, domain: Any) -> Any:
        """The records that satisfy ``domain``, in their current order (one query)."""
        if not self._ids:
            return self
        found = set(self.with_context(active_test=False).search(
            [("id", "in", self.ids), *list(domain)])._ids)
        return self._browse(tuple(i for i in self._ids if i in found), self._prefetch_ids)

    def sorted(self, key: str | Callable[[Any], Any] | None = None, reverse: bool = False) -> Any:
        if key is None:
            ordered = self.with_context(active_test=False).search([("id", "in", self.ids)])
            ids = ordered._ids[::-1] if reverse else ordered._ids
            return self._browse(ids, self._prefetch_ids)
        if isinstance(key, str):
            order_key = key
            records = sorted(self, key=lambda r: _sort_key(r[order_key]), reverse=reverse)
        else:
            records = sorted(self, key=key, reverse=reverse)
        return self._browse(tuple(r._ids[0] for r in records), self._prefetch_ids)

    def grouped(self, key: str | Callable[[Any], Any]) -> dict[Any, Any]:
        groups: dict[Any, list] = {}
        for rec in self:
            value = rec[key] if isinstance(key, str) else key(rec)
            groups.setdefault(value, []).append(rec._ids[0])
        return {k: self._browse(tuple(v), self._prefetch_ids) for k, v in groups.items()}


def _as_list(value: Any) -> Iterable[Any]:
    if hasattr(value, "_ids"):
        return value._ids
    return value if isinstance(value, list) else [value]


def _sort_key(value: Any) -> Any:
    if hasattr(value, "_ids"):
        return value._ids
    return (value is False or value is None, value if value not in (False, None) else 0)
