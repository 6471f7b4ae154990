"""Public methods that act as superuser must check access first: a static check.

A method any signed-in user can call over RPC (public in the sense of
:func:`core.rpc.call_kw.is_rpc_public`) and that calls ``sudo()`` (or passes ``su=True``)
runs with every access check switched off, so before the first such call its body must
check access itself, with one of

* ``check_access_rights(...)``, ``check_access_rule(...)``, ``check_access(...)``;
* a ``_check_*`` helper of the model (by convention it raises when the user may not act:
  ``_check_documents("write")``, ``_check_can_quote()``);
* the ORM method it overrides, ``super().write(vals)`` (the ORM checks rights and rules),

or declare with ``@api.sudo_safe("reason")`` why its ``sudo()`` is safe (it only reads
the caller's own data, it *is* the access check...). The check reads one method body at a
time, in source order: a check inside a helper called earlier does not count — call it in
the public method, or declare the method safe::

    problems = unchecked_sudo(type_, "ir.sequence")
    # ["ir.sequence.next_by_code (core/base/models/ir_config.py:126): sudo() before any
    #   access check"]

:class:`core.conformance.AddonConformance` runs it over every addon's models; the security
tests run it over the ORM's own public methods and over every addon at once.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Iterable
from typing import Any

ACCESS_CHECKS = frozenset({"check_access_rights", "check_access_rule", "check_access"})
CHECK_PREFIX = "_check_"
#: ORM methods that check rights and rules themselves (a ``super()`` call counts)
CHECKING_ORM_METHODS = frozenset({"create", "write", "unlink", "read", "copy", "search",
                                  "search_read", "search_count", "read_group",
                                  "name_search"})


def unchecked_sudo(cls: type, model: str, names: Iterable[str] | None = None) -> list[str]:
    """The public methods defined on ``cls`` (or only ``names``) that call ``sudo()``
    before any access check, as ``"model.method (file:line): reason"``."""
    from core.rpc.call_kw import is_rpc_public
    problems = []
    for name, member in vars(cls).items():
        if names is not None and name not in names:
            continue
        if not inspect.isfunction(member) or not is_rpc_public(name, member):
            continue
        if getattr(member, "_sudo_safe", None):
            continue
        line = _first_unchecked_sudo(member)
        if line is not None:
            where = f"{_relative(inspect.getsourcefile(member))}:{line}"
            problems.append(f"{model}.{name} ({where}): sudo() before any access check "
                            f"(check access first, or declare @api.sudo_safe(reason))")
    return problems


def _first_unchecked_sudo(function: Any) -> int | None:
    """The source line of the first ``sudo()`` not preceded by an access check, or None."""
    try:
        lines, start = inspect.getsourcelines(function)
    except (OSError, TypeError):
        return None
    tree = ast.parse(textwrap.dedent("".join(lines)))
    definition = next(n for n in ast.walk(tree)
                      if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef))
    calls = sorted((n for n in ast.walk(definition) if isinstance(n, ast.Call)),
                   key=lambda n: (n.lineno, n.col_offset))
    for call in calls:
        if _is_sudo(call):
            return start + call.lineno - 1
        if _is_check(call, definition.name):
            return None
    return None


def _is_sudo(call: ast.Call) -> bool:
    if isinstance(call.func, ast.Attribute) and call.func.attr == "sudo":
        return True
    return any(k.arg == "su" and not (isinstance(k.value, ast.Constant) and not k.value.value)
               for k in call.keywords)


def _is_check(call: ast.Call, own_name: str) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name in ACCESS_CHECKS or name.startswith(CHECK_PREFIX):
        return True
    # super().write(vals) / super(Cls, self).write(vals): the ORM's own checks (not when
    # super() is given a sudo()-ed recordset)
    if isinstance(func, ast.Attribute) and name == own_name and name in CHECKING_ORM_METHODS:
        inner = func.value
        return isinstance(inner, ast.Call) and getattr(inner.func, "id", "") == "super" \
            and all(isinstance(a, ast.Name) for a in inner.args)
    return False


def _relative(path: str | None) -> str:
    from pathlib import Path
    if not path:
        return "?"
    root = Path(__file__).resolve().parents[1]
    try:
        return str(Path(path).resolve().relative_to(root))
    except ValueError:
        return path
