"""Decorators that tell the ORM and the RPC layer what a method is for.

* ``@api.depends("partner_id.name")`` — a compute method and the fields it reads;
* ``@api.constrains("probability")`` — a check run after create/write of those fields;
* ``@api.onchange("partner_id")`` — a form helper run while a record is being edited;
* ``@api.model`` — a model-level method: RPC calls pass no ids (``create``, ``search``...);
* ``@api.private`` — never callable over RPC, even without a leading underscore;
* ``@api.sudo_safe("why")`` — a public method that uses ``sudo()`` before (or instead of)
  an access check, and why that is safe (see :mod:`core.sudo_check`);
* ``@api.returns("mail.message", lambda value: value.id)`` — what a record-returning method
  gives RPC callers (Odoo's: ``message_post`` answers an id, not a list of ids).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def depends(*paths: Any) -> Callable[[F], F]:
    def decorate(method: F) -> F:
        method._depends = paths  # type: ignore[attr-defined]
        return method
    return decorate


def depends_context(*keys: str) -> Callable[[F], F]:
    def decorate(method: F) -> F:
        method._depends_context = keys  # type: ignore[attr-defined]
        return method
    return decorate


def constrains(*names: str) -> Callable[[F], F]:
    def decorate(method: F) -> F:
        method._constrains = names  # type: ignore[attr-defined]
        return method
    return decorate


def onchange(*names: str) -> Callable[[F], F]:
    def decorate(method: F) -> F:
        method._onchange = names  # type: ignore[attr-defined]
        return method
    return decorate


def model(method: F) -> F:
    method._api_model = True  # type: ignore[attr-defined]
    return method


def private(method: F) -> F:
    method._api_private = True  # type: ignore[attr-defined]
    return method


def sudo_safe(reason: str) -> Callable[[F], F]:
    """Declare that a public method's ``sudo()`` needs no access check first, and why (the
    conformance check of :mod:`core.sudo_check` reads it; a reviewer reads the reason)."""
    if not isinstance(reason, str) or len(reason.strip()) < 10:
        raise ValueError("@api.sudo_safe needs the reason why the sudo() is safe")

    def decorate(method: F) -> F:
        method._sudo_safe = reason.strip()  # type: ignore[attr-defined]
        return method
    return decorate


def returns(model_name: str, downgrade: Callable[[Any], Any] | None = None
            ) -> Callable[[F], F]:
    """The records ``method`` returns, and how RPC callers get them (default: their ids).
    Overrides in ``_inherit`` classes keep it (the RPC layer looks along the MRO)."""
    def decorate(method: F) -> F:
        method._returns = (model_name, downgrade)  # type: ignore[attr-defined]
        return method
    return decorate


def returns_spec(cls: type, name: str) -> tuple[str, Callable[[Any], Any] | None] | None:
    """The ``@returns`` of ``name`` on ``cls`` or the nearest class it overrides."""
    for klass in cls.__mro__:
        spec = getattr(klass.__dict__.get(name), "_returns", None)
        if spec is not None:
            return spec
    return None


def model_create_multi(method: F) -> F:
    """Accepted for Odoo compatibility: ``create`` takes a dict or a list here anyway."""
    return model(method)


def is_model_method(method: Any) -> bool:
    return bool(getattr(method, "_api_model", False))


def is_private(name: str, method: Any) -> bool:
    return name.startswith("_") or name == "init" or bool(getattr(method, "_api_private", False))
