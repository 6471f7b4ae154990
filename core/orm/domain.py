"""Domains: Odoo's list syntax, parsed once into an immutable tree.

A domain arrives at the boundary as a list in prefix (Polish) notation::

    ["|", ("stage_id.is_won", "=", True), ("probability", ">", 50), ("active", "=", True)]

:func:`Domain.parse` turns it into a tree of frozen nodes — ``And``, ``Or``, ``Not``,
``Condition`` and the constants ``TRUE``/``FALSE`` — that the query compiler
(:mod:`core.orm.query`) walks, asking each field to turn its condition into SQL. Trees
combine with ``&``, ``|`` and ``~`` so that code never concatenates lists::

    domain = Domain.parse(user_domain) & Domain("active", "=", True)

Malformed input (wrong arity, unknown operator, a dangling ``'|'``) raises ``ValueError``
with a message that names the offending part, which is what Odoo's clients expect.

Two more things happen at the boundary:

* :func:`check_limits` refuses a domain too big to be a search anybody means (a 30,000-term
  domain once took 27 seconds): at most ``MAX_DOMAIN_CONDITIONS`` conditions and
  ``MAX_DOMAIN_OPERATORS`` operators, paths that follow at most ``MAX_PATH_HOPS`` relations
  and ``in`` lists of at most ``MAX_IN_VALUES`` values. The ORM applies it to the domains a
  user's search receives as lists (see ``SearchMixin._parse_user_domain``); code that
  needs a bigger ``in`` list builds the node itself (``Domain("id", "in", ids)``).
* :class:`Trusted` marks a part written by trusted code — record rules, the ``domain=`` of
  a field — in which the query compiler does not check that the user may name the fields
  (``groups=``). What a user sends is never trusted, and nobody but the superuser may name
  an ``internal`` field (password hashes, key digests), trusted or not.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from core.exceptions import UserError
from core.i18n import Domain as _Domain

_ = _Domain("core")

# Limits of a domain a user sends (module constants: change them here if a deployment must).
MAX_DOMAIN_CONDITIONS = 500     # conditions, those inside ``any`` included (SQLite refuses
                                # expressions deeper than 1,000)
MAX_DOMAIN_OPERATORS = 1000     # '&', '|' and '!'
MAX_PATH_HOPS = 8               # relations one condition follows: dots and nested ``any``
MAX_IN_VALUES = 10_000          # values of one ``in``/``not in`` list

OPERATORS = frozenset({
    "=", "!=", "<", ">", "<=", ">=", "=?", "=like", "=ilike", "like", "not like",
    "ilike", "not ilike", "in", "not in", "child_of", "parent_of", "any", "not any",
})
NEGATIVE_OPERATORS = frozenset({"!=", "not like", "not ilike", "not in", "not any"})
_ALIASES = {"<>": "!=", "==": "="}


def _freeze(value: Any) -> Any:
    """Lists become tuples so that nodes are hashable and immutable."""
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, set | frozenset):
        return tuple(sorted(value, key=repr))
    return value


class Domain:
    """Base class of every node; also the constructor shortcut ``Domain(path, op, value)``."""

    __slots__ = ()

    def __new__(cls, *args: Any) -> Domain:  # type: ignore[misc]
        if cls is Domain:
            if len(args) == 3:
                return Condition.make(*args)
            if len(args) == 1:
                return Domain.parse(args[0])
            raise TypeError("Domain(path, operator, value) or Domain(list)")
        return super().__new__(cls)

    # -- construction ---------------------------------------------------------------
    @staticmethod
    def parse(domain: Any) -> Domain:
        """The tree of an Odoo list domain (or the node itself if already parsed)."""
        if isinstance(domain, Domain):
            return domain
        if domain is None or domain is False:
            return TRUE
        if not isinstance(domain, list | tuple):
            raise ValueError(_("Invalid domain: %s") % repr(domain))
        items = list(domain)
        if _is_leaf(items) and _ALIASES.get(items[1].lower(), items[1].lower()) in OPERATORS:
            items = [items]  # a single term given bare: ("name", "=", "x")
        stack: list[Domain] = []
        for item in reversed(items):
            if item in ("&", "|"):
                if len(stack) < 2:
                    raise ValueError(_("Invalid domain: operator %s needs two operands") % item)
                left, right = stack.pop(), stack.pop()
                stack.append(And.of(left, right) if item == "&" else Or.of(left, right))
            elif item == "!":
                if not stack:
                    raise ValueError(_("Invalid domain: operator ! needs an operand"))
                stack.append(~stack.pop())
            elif isinstance(item, list | tuple):
                stack.append(_parse_leaf(item))
            else:
                raise ValueError(_("Invalid domain term: %s") % repr(item))
        return And.of(*reversed(stack)) if stack else TRUE

    # -- combination ----------------------------------------------------------------
    def __and__(self, other: Any) -> Domain:
        return And.of(self, Domain.parse(other))

    def __or__(self, other: Any) -> Domain:
        return Or.of(self, Domain.parse(other))

    def __invert__(self) -> Domain:
        return Not(self)

    # -- inspection -----------------------------------------------------------------
    def iter_conditions(self) -> Iterator[Condition]:
        return iter(())

    def mentions(self, field_name: str) -> bool:
        """Whether some condition starts with ``field_name`` (used for ``active_test``)."""
        return any(c.path.split(".", 1)[0] == field_name for c in self.iter_conditions())

    def to_list(self) -> list:
        """The Odoo list form (prefix notation), e.g. for ``__domain`` in read_group."""
        raise NotImplementedError

    def is_true(self) -> bool:
        return self is TRUE

    def is_false(self) -> bool:
        return self is FALSE


def _is_leaf(item: Any) -> bool:
    return isinstance(item, list | tuple) and len(item) == 3 and isinstance(item[1], str) \
        and not isinstance(item[0], list | tuple)


def _parse_leaf(item: Any) -> Domain:
    if len(item) != 3:
        raise ValueError(_("Invalid domain term: %s") % repr(item))
    left, operator, value = item
    if left in (1, True) and operator == "=" and value in (1, True):
        return TRUE
    if left in (0, False) and operator == "=" and value in (1, True):
        return FALSE
    return Condition.make(left, operator, value)


class _Constant(Domain):
    __slots__ = ("value",)

    def __init__(self, value: bool):
        object.__setattr__(self, "value", value)

    def __and__(self, other: Any) -> Domain:
        other = Domain.parse(other)
        return other if self.value else self

    def __or__(self, other: Any) -> Domain:
        other = Domain.parse(other)
        return self if self.value else other

    def __invert__(self) -> Domain:
        return FALSE if self.value else TRUE

    def to_list(self) -> list:
        return [(1, "=", 1)] if self.value else [(0, "=", 1)]

    def __repr__(self) -> str:
        return "TRUE" if self.value else "FALSE"


TRUE = _Constant(True)
FALSE = _Constant(False)


@dataclass(frozen=True, slots=True)
class Condition(Domain):
    """One term: a field path, an operator and a value."""

    path: str
    operator: str
    value: Any

    @classmethod
    def make(cls, path: Any, operator: Any, value: Any) -> Condition:
        if not isinstance(path, str) or not path:
            raise ValueError(_("Invalid field path in domain: %s") % repr(path))
        if not isinstance(operator, str):
            raise ValueError(_("Invalid operator in domain: %s") % repr(operator))
        op = _ALIASES.get(operator.lower(), operator.lower())
        if op not in OPERATORS:
            raise ValueError(_("Invalid operator %(op)s in domain term %(term)s",
                               op=repr(operator), term=repr((path, operator, value))))
        if op in ("any", "not any"):
            value = Domain.parse(value)
        elif op in ("in", "not in") and not isinstance(value, list | tuple | set | frozenset):
            value = (value,)
        return cls(path, op, _freeze(value))

    def iter_conditions(self) -> Iterator[Condition]:
        yield self

    def to_list(self) -> list:
        value = self.value
        if isinstance(value, Domain):
            value = value.to_list()
        elif isinstance(value, tuple):
            value = list(value)
        return [(self.path, self.operator, value)]


@dataclass(frozen=True, slots=True)
class Not(Domain):
    child: Domain

    def __invert__(self) -> Domain:
        return self.child

    def iter_conditions(self) -> Iterator[Condition]:
        return self.child.iter_conditions()

    def to_list(self) -> list:
        return ["!", *self.child.to_list()]


@dataclass(frozen=True, slots=True)
class Trusted(Domain):
    """A part written by trusted code (a record rule, a field's ``domain=``).

    The query compiler does not check that the current user may name the fields of a
    trusted part (``groups=``), because the user did not write it; ``internal`` fields stay
    refused to everybody but the superuser. Only Python code can build this node: a domain
    given as a list, as users send them, is never trusted.
    """

    child: Domain

    @staticmethod
    def of(domain: Any) -> Domain:
        node = Domain.parse(domain)
        return node if isinstance(node, Trusted | _Constant) else Trusted(node)

    def __invert__(self) -> Domain:
        return Trusted(~self.child)

    def iter_conditions(self) -> Iterator[Condition]:
        return self.child.iter_conditions()

    def to_list(self) -> list:
        return self.child.to_list()


@dataclass(frozen=True, slots=True)
class _Nary(Domain):
    children: tuple[Domain, ...]
    _identity = TRUE
    _absorbing = FALSE
    _symbol = "&"

    @classmethod
    def of(cls, *items: Domain) -> Domain:
        children: list[Domain] = []
        for item in items:
            if item is cls._absorbing:
                return cls._absorbing
            if item is cls._identity:
                continue
            if isinstance(item, cls):
                children.extend(item.children)
            else:
                children.append(item)
        if not children:
            return cls._identity
        if len(children) == 1:
            return children[0]
        return cls(tuple(children))

    def iter_conditions(self) -> Iterator[Condition]:
        for child in self.children:
            yield from child.iter_conditions()

    def to_list(self) -> list:
        result: list = [self._symbol] * (len(self.children) - 1)
        for child in self.children:
            result.extend(child.to_list())
        return result


class And(_Nary):
    __slots__ = ()
    _identity = TRUE
    _absorbing = FALSE
    _symbol = "&"


class Or(_Nary):
    __slots__ = ()
    _identity = FALSE
    _absorbing = TRUE
    _symbol = "|"


def AND(domains: Iterable[Any]) -> Domain:  # noqa: N802 - Odoo's spelling
    return And.of(*(Domain.parse(d) for d in domains))


def OR(domains: Iterable[Any]) -> Domain:  # noqa: N802 - Odoo's spelling
    return Or.of(*(Domain.parse(d) for d in domains))


# -- limits of what users send ---------------------------------------------------------------
def check_limits(domain: Any) -> None:
    """UserError when a domain in list form exceeds the limits of this module.

    Runs before parsing and in one pass over the list, so that an oversized domain costs
    next to nothing. Parsed nodes (built by code) are not checked; malformed parts are
    left for :meth:`Domain.parse` to report."""
    _check_limits(domain, 0, [0, 0])


def _check_limits(domain: Any, hops: int, counts: list[int]) -> None:
    if not isinstance(domain, list | tuple):
        return
    items = [domain] if _is_leaf(domain) else domain
    for item in items:
        if isinstance(item, str):
            counts[1] += 1
            if counts[1] > MAX_DOMAIN_OPERATORS:
                raise UserError(_("This search has too many operators: at most %(max)s "
                                  "are allowed.", max=MAX_DOMAIN_OPERATORS))
        elif isinstance(item, list | tuple) and len(item) == 3:
            counts[0] += 1
            if counts[0] > MAX_DOMAIN_CONDITIONS:
                raise UserError(_("This search has too many conditions: at most %(max)s "
                                  "are allowed.", max=MAX_DOMAIN_CONDITIONS))
            _check_condition_limits(item, hops, counts)


def _check_condition_limits(item: Any, hops: int, counts: list[int]) -> None:
    path, operator, value = item
    if isinstance(path, str):
        hops += path.count(".")
        if hops > MAX_PATH_HOPS:
            raise UserError(_("The field path %(path)s follows too many relations: at most "
                              "%(max)s are allowed.", path=repr(path[:200]), max=MAX_PATH_HOPS))
    if isinstance(operator, str) and operator.lower() in ("any", "not any"):
        _check_limits(value, hops + 1, counts)
    elif isinstance(value, list | tuple | set | frozenset) and len(value) > MAX_IN_VALUES:
        raise UserError(_("A list in this search has too many values (%(count)s): at most "
                          "%(max)s are allowed.", count=len(value), max=MAX_IN_VALUES))
