"""Evaluate the small Python expressions that live in data: domains, contexts, modifiers.

Views, actions and record rules carry Python expressions as text, written by addon
authors and integrators::

    domain   ['|', ('user_id', '=', user.id), ('user_id', '=', False)]
    invisible  stage_id.is_won or not active
    context  {'search_default_my_pipeline': 1, 'default_type': 'opportunity'}

They must never run arbitrary code, so they are not given to :func:`eval` as they are.
Each expression is parsed once with :mod:`ast`, checked against a whitelist of node types
(literals, names, attribute access, subscripts, operators, comparisons, conditional
expressions, comprehensions and calls), rewritten so that every method call goes through a
runtime safety check, compiled, and cached. Evaluation then runs the code object with the
caller's namespace as its only globals and a short list of harmless builtins.

What a call may reach:

- a callable that *is* a value of the namespace (``context_today()``), or one of the
  builtins in :data:`SAFE_BUILTINS` (``len(ids)``);
- a method of a namespace value only if it is marked with :func:`safe_for_eval`, is one of
  :data:`SAFE_CALLABLES`, or is a read-only method of a plain value type listed in
  :data:`SAFE_METHODS` (``context_today().strftime('%Y-%m-%d')``, ``context.get('x')``).

Names and attributes beginning with ``_`` are rejected when the expression is compiled, as
are lambdas, assignments, ``**``/shifts (trivial memory bombs) and a few non-underscore
attributes that lead to frames and globals (``gi_frame``, ``f_globals``, ``format`` ...).
Attribute and item reads go through a runtime check too, which refuses the ``internal``
fields of records (password hashes, key digests): a rule's ``user`` is read as superuser,
and an administrator's expression must not be a way to print a secret in an error.
"""

from __future__ import annotations

import ast
import datetime as _datetime
import functools
import importlib
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from core.i18n import Domain

_ = Domain("core")

__all__ = [
    "SAFE_BUILTINS",
    "SAFE_CALLABLES",
    "SAFE_METHODS",
    "CompiledExpr",
    "compile_expr",
    "eval_context_time",
    "safe_eval",
    "safe_for_eval",
]

SAFE_BUILTINS: Mapping[str, Any] = MappingProxyType(
    {f.__name__: f for f in (len, min, max, abs, bool, int, float, str, any, all, sorted)}
    | {f.__name__: f for f in (list, tuple, dict, set, round)}
)

#: Callables that may be reached as attributes of namespace values (``datetime.date(...)``).
SAFE_CALLABLES: frozenset[Any] = frozenset(SAFE_BUILTINS.values()) | frozenset(
    (_datetime.date, _datetime.datetime, _datetime.time, _datetime.timedelta)
)

#: Read-only methods of plain value types that expressions may call.
SAFE_METHODS: Mapping[type, frozenset[str]] = MappingProxyType(
    {
        str: frozenset({"capitalize", "casefold", "count", "endswith", "find", "isdigit"})
        | frozenset({"join", "lower", "lstrip", "partition", "replace", "rpartition", "rsplit"})
        | frozenset({"rstrip", "split", "startswith", "strip", "title", "upper"}),
        dict: frozenset({"get", "items", "keys", "values"}),
        list: frozenset({"count", "index"}),
        tuple: frozenset({"count", "index"}),
        _datetime.date: frozenset({"date", "isoformat", "isoweekday", "replace", "strftime"})
        | frozenset({"time", "timestamp", "weekday"}),
        _datetime.time: frozenset({"isoformat", "replace", "strftime"}),
        _datetime.timedelta: frozenset({"total_seconds"}),
    }
)

#: Class methods reachable on the date and time classes (``datetime.datetime.now()``).
_SAFE_CLASS_METHODS = frozenset({"combine", "fromisoformat", "now", "strptime", "today"})

#: Attributes that do not start with ``_`` but still open a way out of the sandbox.
_FORBIDDEN_ATTRIBUTES = (
    frozenset({"ag_code", "ag_frame", "cr_code", "cr_frame", "gi_code", "gi_frame", "gi_yieldfrom"})
    | frozenset({"f_back", "f_builtins", "f_code", "f_globals", "f_locals", "tb_frame", "tb_next"})
    | frozenset({"format", "format_map", "mro"})
)

_STRUCTURE_NODES = (ast.Expression, ast.Load, ast.Store, ast.Constant, ast.Name, ast.Starred)
_DISPLAY_NODES = (ast.List, ast.Tuple, ast.Dict, ast.Set, ast.JoinedStr, ast.FormattedValue)
_ACCESS_NODES = (ast.Attribute, ast.Subscript, ast.Slice, ast.Call, ast.keyword, ast.IfExp)
_COMPREHENSION_NODES = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_OPERATOR_NODES = (ast.UnaryOp, ast.BinOp, ast.BoolOp, ast.Compare, ast.And, ast.Or, ast.Not)
_ARITHMETIC_NODES = (ast.UAdd, ast.USub, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod)
_SET_NODES = (ast.BitOr, ast.BitAnd, ast.BitXor)  # union, intersection, difference of sets
_COMPARISON_NODES = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE)
_MEMBERSHIP_NODES = (ast.In, ast.NotIn, ast.Is, ast.IsNot, ast.comprehension)
_ALLOWED_NODES: tuple[type[ast.AST], ...] = (
    *_STRUCTURE_NODES,
    *_DISPLAY_NODES,
    *_ACCESS_NODES,
    *_COMPREHENSION_NODES,
    *_OPERATOR_NODES,
    *_ARITHMETIC_NODES,
    *_SET_NODES,
    *_COMPARISON_NODES,
    *_MEMBERSHIP_NODES,
)
_CONSTANT_TYPES = (str, int, float, bool, type(None))

#: Readable names of the constructs that are refused, for error messages.
_CONSTRUCT_NAMES = {
    ast.Lambda: "lambda",
    ast.NamedExpr: "assignment expression (:=)",
    ast.Pow: "operator **",
    ast.LShift: "operator <<",
    ast.RShift: "operator >>",
    ast.MatMult: "operator @",
    ast.Invert: "operator ~",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
}

_SAFE_METHOD_HELPER = "_safe_method"
_SAFE_ATTR_HELPER = "_safe_attr"
_SAFE_ITEM_HELPER = "_safe_item"
#: Modules that C code of the allowed types imports on its own (``date.strftime`` imports
#: ``time``; ``datetime.strptime`` imports ``_strptime``). Expressions cannot import anything.
_INTERNAL_IMPORTS = frozenset({"time", "_strptime"})


def _internal_import(name: str, *args: Any, **kwargs: Any) -> Any:
    if name not in _INTERNAL_IMPORTS:
        raise ImportError(f"import of {name!r} is not allowed in expressions")
    return importlib.import_module(name)


# eval wants a real dict; expressions cannot name it (or ``__import__``), only C code can.
_BUILTINS_DICT = {**SAFE_BUILTINS, "__import__": _internal_import}


def safe_for_eval(func: Callable) -> Callable:
    """Mark ``func`` (a function or method) as callable from evaluated expressions."""
    func.__safe_for_eval__ = True  # type: ignore[attr-defined]
    return func


class CompiledExpr:
    """A checked, compiled expression; call it with a namespace to evaluate it."""

    __slots__ = ("source", "names", "_code")

    def __init__(self, source: str, names: frozenset[str], code: Any) -> None:
        self.source = source
        #: Free names the expression reads from its namespace (not comprehension variables).
        self.names = names
        self._code = code

    def __call__(self, namespace: Mapping[str, Any]) -> Any:
        scope = dict(namespace)
        scope["__builtins__"] = _BUILTINS_DICT
        scope[_SAFE_METHOD_HELPER] = _safe_method
        scope[_SAFE_ATTR_HELPER] = _safe_attr
        scope[_SAFE_ITEM_HELPER] = _safe_item
        try:
            return eval(self._code, scope)  # noqa: S307 - checked and rewritten AST only
        except NameError as exc:
            if exc.name in self.names and exc.name not in namespace:
                raise ValueError(
                    _(
                        "Unknown name %(name)s in expression “%(expr)s”.",
                        name=repr(exc.name),
                        expr=self.source,
                    )
                ) from None
            raise

    def __repr__(self) -> str:
        return f"CompiledExpr({self.source!r})"


@functools.lru_cache(maxsize=4096)
def compile_expr(expr: str) -> CompiledExpr:
    """Parse, check and compile ``expr`` once; raise ValueError if it is not allowed."""
    if not isinstance(expr, str):
        raise ValueError(_("An expression must be text, not %(type)s.", type=type(expr).__name__))
    try:
        tree = ast.parse(expr.strip(), mode="eval")
    except SyntaxError as exc:
        raise ValueError(
            _("Invalid expression “%(expr)s”: %(error)s.", expr=expr, error=exc.msg)
        ) from None
    except (RecursionError, MemoryError):
        raise ValueError(_("Expression too complex: “%(expr)s”.", expr=expr)) from None
    names = _Checker(expr).check(tree)
    tree = ast.fix_missing_locations(_MethodCallRewriter().visit(tree))
    return CompiledExpr(expr, names, compile(tree, "<expression>", "eval"))


def safe_eval(expr: str, namespace: Mapping[str, Any] = MappingProxyType({})) -> Any:
    """Evaluate ``expr`` with the values of ``namespace`` as its only names."""
    return compile_expr(expr)(namespace)


def _forbidden(expr: str, construct: str) -> ValueError:
    return ValueError(
        _(
            "Forbidden expression: %(construct)s is not allowed in “%(expr)s”.",
            construct=construct,
            expr=expr,
        )
    )


class _Checker(ast.NodeVisitor):
    """Walks a parsed expression, refuses what is not allowed, collects its free names."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.loaded: set[str] = set()
        self.bound: set[str] = set()

    def check(self, tree: ast.AST) -> frozenset[str]:
        self.visit(tree)
        return frozenset(self.loaded - self.bound)

    def generic_visit(self, node: ast.AST) -> None:
        if not isinstance(node, _ALLOWED_NODES):
            construct = _CONSTRUCT_NAMES.get(type(node), type(node).__name__)
            raise _forbidden(self.source, construct)
        super().generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if not isinstance(node.value, _CONSTANT_TYPES):
            raise _forbidden(self.source, f"constant {node.value!r}")

    def visit_Name(self, node: ast.Name) -> None:
        if node.id.startswith("_"):
            raise _forbidden(self.source, f"name {node.id!r} (names starting with '_')")
        (self.bound if isinstance(node.ctx, ast.Store) else self.loaded).add(node.id)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr.startswith("_") or node.attr in _FORBIDDEN_ATTRIBUTES:
            raise _forbidden(self.source, f"attribute {node.attr!r}")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        if not isinstance(node.func, ast.Name | ast.Attribute):
            raise _forbidden(self.source, "call of a computed value")
        self.generic_visit(node)

    def visit_comprehension(self, node: ast.comprehension) -> None:
        if node.is_async:
            raise _forbidden(self.source, "async comprehension")
        self.generic_visit(node)


class _MethodCallRewriter(ast.NodeTransformer):
    """``obj.name(...)`` becomes ``_safe_method(obj, 'name')(...)``, ``obj.name``
    ``_safe_attr(obj, 'name')`` and ``obj[key]`` ``_safe_item(obj, key)``, checked at run
    time."""

    def visit_Call(self, node: ast.Call) -> ast.AST:
        if not isinstance(node.func, ast.Attribute):
            self.generic_visit(node)
            return node
        target = self.visit(node.func.value)
        node.args = [self.visit(arg) for arg in node.args]
        node.keywords = [self.visit(keyword) for keyword in node.keywords]
        node.func = _helper_call(_SAFE_METHOD_HELPER, target, ast.Constant(node.func.attr))
        return node

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        self.generic_visit(node)
        if not isinstance(node.ctx, ast.Load):
            return node
        return _helper_call(_SAFE_ATTR_HELPER, node.value, ast.Constant(node.attr))

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        self.generic_visit(node)
        if not isinstance(node.ctx, ast.Load) or isinstance(node.slice, ast.Slice):
            return node
        return _helper_call(_SAFE_ITEM_HELPER, node.value, node.slice)


def _helper_call(helper: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=ast.Name(id=helper, ctx=ast.Load()), args=list(args), keywords=[])


def _check_not_secret(obj: Any, name: Any) -> None:
    """ValueError when ``name`` is an ``internal`` field of the record(s) ``obj``."""
    fields = getattr(type(obj), "_fields", None)
    field = fields.get(name) if isinstance(fields, dict) and isinstance(name, str) else None
    if field is not None and getattr(field, "internal", False):
        raise ValueError(_("Forbidden expression: reading %(name)s of %(type)s is not allowed.",
                           name=repr(name), type=getattr(obj, "_name", type(obj).__name__)))


def _safe_attr(obj: Any, name: str) -> Any:
    _check_not_secret(obj, name)
    return getattr(obj, name)


def _safe_item(obj: Any, key: Any) -> Any:
    _check_not_secret(obj, key)
    return obj[key]


def _safe_method(obj: Any, name: str) -> Callable:
    """The attribute ``name`` of ``obj``, if calling it from an expression is safe."""
    _check_not_secret(obj, name)
    func = getattr(obj, name)
    if getattr(func, "__safe_for_eval__", False) is True or _is_safe_callable(func):
        return func
    if isinstance(obj, type):
        if issubclass(obj, _datetime.date | _datetime.time) and name in _SAFE_CLASS_METHODS:
            return func
    else:
        for kind, methods in SAFE_METHODS.items():
            if isinstance(obj, kind) and name in methods:
                return func
    raise ValueError(
        _(
            "Forbidden expression: calling %(name)s of %(type)s is not allowed.",
            name=repr(name),
            type=type(obj).__name__,
        )
    )


def _is_safe_callable(func: Any) -> bool:
    try:
        return func in SAFE_CALLABLES
    except TypeError:  # unhashable callable objects are never in the whitelist
        return False


class _TimeModule:
    """The ``time`` of an evaluation context: only ``strftime`` of the current time."""

    __slots__ = ("_tz",)

    def __init__(self, tz: _datetime.tzinfo) -> None:
        self._tz = tz

    @safe_for_eval
    def strftime(self, fmt: str) -> str:
        return _datetime.datetime.now(self._tz).strftime(fmt)


class _DatetimeModule:
    """The ``datetime`` of an evaluation context, shaped like the module Odoo exposes."""

    __slots__ = ()
    date = _datetime.date
    datetime = _datetime.datetime
    time = _datetime.time
    timedelta = _datetime.timedelta


def eval_context_time(tz: str | None = None) -> dict[str, Any]:
    """Names for date arithmetic in domains: ``time``, ``datetime``, ``date``, ``timedelta``
    and ``context_today()``, today's date in the time zone ``tz`` (UTC by default)::

        [('date_deadline', '<', context_today().strftime('%Y-%m-%d'))]
        [('create_date', '>=', (context_today() - timedelta(days=7)).isoformat())]
    """
    zone: _datetime.tzinfo = ZoneInfo(tz) if tz else _datetime.UTC

    @safe_for_eval
    def context_today() -> _datetime.date:
        return _datetime.datetime.now(zone).date()

    return {
        "time": _TimeModule(zone),
        "datetime": _DatetimeModule(),
        "date": _datetime.date,
        "timedelta": _datetime.timedelta,
        "context_today": context_today,
    }
