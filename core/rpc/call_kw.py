"""One call contract for every transport: ``(model, method, args, kwargs)`` → a plain value.

Odoo's clients send every ORM call in the same shape (RPC_SPEC §6)::

    execute_kw(db, uid, pw, "test.lead", "search", [[("state", "=", "open")], 0, 5], {})
    execute_kw(db, uid, pw, "test.lead", "write", [[7], {"name": "Y"}], {"context": {...}})
    POST /web/dataset/call_kw/test.lead/read  {"args": [7, ["name"]], "kwargs": {...}}

* **Model-level** methods (``@api.model``, and the ORM's own ``create``, ``search``...) get
  ``args`` as their positional arguments; **record-level** methods take the ids from
  ``args[0]`` (a list, a bare int or ``[]``) and the rest as arguments.
* ``kwargs["context"]`` becomes the context of the call; other keywords bind by name
  (an unknown one is Python's TypeError, as in Odoo).
* Results are made plain: records become ids (``create`` of one dict and ``copy`` give one
  id), everything else is left to the marshaller.

Only public methods are callable: no leading underscore, not ``@api.private``, and of the
ORM's generic machinery only the documented API (``mapped``, ``sudo``, ``with_user``... are
for Python code). The call runs as the environment's user with every ORM access check.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import Any

from core.exceptions import AccessError
from core.i18n import Domain
from core.orm import api
from core.orm.models import BaseModel

_ = Domain("core")

# ORM methods that take no ids, although they are not marked @api.model.
MODEL_METHODS = frozenset({
    "create", "search", "search_read", "search_count", "search_fetch", "read_group",
    "fields_get", "default_get", "name_search", "name_create", "check_access_rights",
    "check_field_access_rights",
})
# The part of BaseModel's generic API that is part of the external API (Odoo 17's).
ORM_PUBLIC = MODEL_METHODS | frozenset({
    "read", "write", "unlink", "copy", "copy_data", "exists", "name_get", "get_metadata",
    "check_access_rule", "check_access", "has_access", "action_archive", "action_unarchive",
    "toggle_active", "onchange",
})


def check_method_name(name: Any) -> None:
    """AccessError for names that are private by convention (``_x``, ``init``)."""
    if not isinstance(name, str) or not name:
        raise TypeError(_("The method name must be a non-empty string").translate())
    if api.is_private(name, None):
        raise _private_error(name)


def _private_error(name: str) -> AccessError:
    return AccessError(_("Private methods (such as %s) cannot be called remotely.", name))


def resolve_method(records: BaseModel, name: str) -> Any:
    """The function behind ``name`` on the model of ``records``, if it may be called."""
    check_method_name(name)
    cls = type(records)
    method = getattr(cls, name, None)
    if method is None or not callable(method) or isinstance(method, type):
        raise AttributeError(f"type object {records._name!r} has no attribute {name!r}")
    if not inspect.isfunction(method) or not is_rpc_public(name, method):
        raise _private_error(name)      # class/static methods take no records
    return method


def is_rpc_public(name: str, method: Any) -> bool:
    """Whether the function ``method`` of a model, named ``name``, is callable over RPC."""
    return not api.is_private(name, method) and (
        not hasattr(BaseModel, name) or name in ORM_PUBLIC)


def is_model_level(name: str, method: Any) -> bool:
    return name in MODEL_METHODS or api.is_model_method(method)


def _ids(value: Any) -> list[int]:
    """The ids of a record-level call: a list of ints, a bare int, or ``[]``."""
    if isinstance(value, bool):
        raise TypeError(_("Record ids must be integers, not %s", repr(value)).translate())
    if isinstance(value, int):
        return [value]
    if isinstance(value, list | tuple) and all(
            isinstance(i, int) and not isinstance(i, bool) for i in value):
        return list(value)
    raise TypeError(_("Record ids must be an integer or a list of integers, not %s",
                      repr(value)[:100]).translate())


def split_context(kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(context, other kwargs)``; ``kwargs`` may be missing (None)."""
    if kwargs is None:
        return {}, {}
    if not isinstance(kwargs, Mapping):
        raise TypeError(_("Keyword arguments must be a dictionary").translate())
    kwargs = dict(kwargs)
    context = kwargs.pop("context", None) or {}
    if not isinstance(context, Mapping):
        raise TypeError(_("The context must be a dictionary").translate())
    return dict(context), kwargs


def call_kw(model: BaseModel, name: str, args: Any, kwargs: dict[str, Any]) -> Any:
    """Call ``name`` on ``model`` (whose environment carries user and context) with the
    positional ``args`` and keyword ``kwargs`` of the wire; return a plain value."""
    if not isinstance(args, list | tuple):
        raise TypeError(_("Positional arguments must be a list").translate())
    method = resolve_method(model, name)
    args = list(args)
    if is_model_level(name, method):
        result = method(model, *args, **kwargs)
        single = name == "create" and bool(args) and isinstance(args[0], Mapping)
    else:
        if not args:
            raise TypeError(_("%s() is a method of records: the first argument must hold "
                              "their ids", name).translate())
        records = model.browse(_ids(args[0]))
        result = method(records, *args[1:], **kwargs)
        single = name == "copy" and len(records) == 1
    model.env.flush_all()
    if single and hasattr(result, "_ids") and len(result) == 1:
        return result.id
    spec = api.returns_spec(type(model), name)
    if spec is not None and spec[1] is not None and hasattr(result, "_ids"):
        return spec[1](result)
    return _downgrade(result)


def _downgrade(result: Any) -> Any:
    if hasattr(result, "_ids") and hasattr(result, "_name"):
        return result.ids
    return result
