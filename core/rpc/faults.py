"""Exceptions to Odoo's error shapes, so that existing clients understand our errors.

Three shapes exist (RPC_SPEC §2.2, §2.3)::

    JSON-RPC        {"code": 200, "message": "Odoo Server Error",
                     "data": {"name": "odoo.exceptions.AccessError", "message": "...",
                              "arguments": ["..."], "context": {}, "debug": ""}}
    /xmlrpc/2       Fault(4, "...")              integer codes 1 (other), 2, 3, 4
    /xmlrpc         Fault("warning -- AccessError\\n\\n...", "")    string codes (odoolib)

The class name clients see comes from ``rpc_name`` on our exceptions (core.exceptions);
Python's own exceptions keep theirs (``builtins.AttributeError``...). Messages are the
exception's text in the caller's language. Only exceptions the RPC contract raises on
purpose show their text; anything else (a database driver error...) gets a generic message,
and tracebacks go to the server log — to clients only when the server runs with ``--debug``.
"""

from __future__ import annotations

import traceback
from typing import Any

from werkzeug.exceptions import HTTPException

from core.exceptions import (
    AccessDenied,
    AccessError,
    ConcurrencyError,
    MissingError,
    RedirectWarning,
    UserError,
    ValidationError,
)
from core.i18n import Domain, translate

_ = Domain("core")

# Python exceptions whose text is part of the contract (unknown method, bad arguments...).
EXPOSED_BUILTINS = (AttributeError, KeyError, TypeError, ValueError, NameError,
                    NotImplementedError, OverflowError)
LANG_KEY = "erp.rpc.lang"          # request environ: the language of the call's messages
SESSION_EXPIRED_CODE = 100
GENERIC_CODE = 200


class DatabaseNotFound(Exception):
    """The client named a database this server does not serve (PostgreSQL's wording, which
    odooly recognises)."""

    rpc_name = "psycopg2.OperationalError"

    def __init__(self, name: str) -> None:
        super().__init__(f'FATAL:  database "{name}" does not exist')


class MethodNotFound(Exception):
    """A service method that does not exist (``common.foo``); Odoo's plain Exception."""

    rpc_name = "builtins.Exception"


_EXPOSED = (UserError, RedirectWarning, ConcurrencyError, HTTPException, DatabaseNotFound,
            MethodNotFound, *EXPOSED_BUILTINS)


def rpc_name(exc: BaseException) -> str:
    """``odoo.exceptions.AccessError``, ``builtins.KeyError``, ``werkzeug.exceptions.NotFound``."""
    name = getattr(type(exc), "rpc_name", None)
    if isinstance(name, str):
        return name
    if isinstance(exc, HTTPException):
        return f"werkzeug.exceptions.{type(exc).__name__}"
    cls = type(exc)
    return f"{cls.__module__}.{cls.__qualname__}"


def is_exposed(exc: BaseException) -> bool:
    return isinstance(exc, _EXPOSED)


def message(exc: BaseException, lang: str) -> str:
    """The text a client may show: the exception's own for the contract's exceptions."""
    if isinstance(exc, UserError | RedirectWarning | ConcurrencyError):
        return exc.translate(lang)
    if isinstance(exc, HTTPException):
        return f"{exc.code}: {exc.name}"
    if is_exposed(exc):
        return str(exc)
    return _("An unexpected error occurred. The operation was cancelled and nothing was "
             "changed.").translate(lang)


def arguments(exc: BaseException, lang: str) -> list[Any]:
    if not is_exposed(exc) or isinstance(exc, HTTPException | ConcurrencyError):
        return [message(exc, lang)]
    if isinstance(exc, UserError):
        return [message(exc, lang), *(translate(a, lang) for a in exc.args[1:])]
    return [translate(a, lang) for a in exc.args]


def exception_type(exc: BaseException) -> str:
    """Odoo ≤ 15's ``exception_type`` (no target client reads it; harmless and helpful)."""
    for cls, kind in ((RedirectWarning, "warning"), (AccessDenied, "access_denied"),
                      (AccessError, "access_error"), (MissingError, "missing_error"),
                      (ValidationError, "validation_error"), (UserError, "user_error")):
        if isinstance(exc, cls):
            return kind
    return "internal_error"


def debug_text(exc: BaseException, debug: bool) -> str:
    if not debug:
        return ""
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


# -- JSON-RPC --------------------------------------------------------------------------------
def jsonrpc_error(exc: BaseException, lang: str, debug: bool = False) -> dict[str, Any]:
    """The ``error`` member of a JSON-RPC answer."""
    code, title = GENERIC_CODE, "Odoo Server Error"
    if getattr(exc, "jsonrpc_code", None) == SESSION_EXPIRED_CODE:
        code, title = SESSION_EXPIRED_CODE, "Odoo Session Expired"
    elif isinstance(exc, HTTPException) and exc.code == 404:
        code, title = 404, "404: Not Found"
    context = getattr(exc, "context", None)
    return {"code": code, "message": title, "data": {
        "name": rpc_name(exc),
        "message": message(exc, lang),
        "arguments": arguments(exc, lang),
        "context": context if isinstance(context, dict) else {},
        "debug": debug_text(exc, debug),
        "exception_type": exception_type(exc),
    }}


# -- XML-RPC ---------------------------------------------------------------------------------
def _last_line(exc: BaseException, lang: str) -> str:
    """What a traceback ends with, without the traceback (``AttributeError: ...``)."""
    return f"{type(exc).__name__}: {message(exc, lang)}"


def xmlrpc_fault_int(exc: BaseException, lang: str, debug: bool = False) -> tuple[int, str]:
    """``(faultCode, faultString)`` on ``/xmlrpc/2`` (Odoo's xmlrpc_handle_exception_int)."""
    if isinstance(exc, RedirectWarning):
        return 2, message(exc, lang)
    if isinstance(exc, AccessError):
        return 4, message(exc, lang)
    if isinstance(exc, AccessDenied):
        return 3, message(exc, lang)
    if isinstance(exc, UserError):
        return 2, message(exc, lang)
    return 1, debug_text(exc, debug) or _last_line(exc, lang)


def xmlrpc_fault_string(exc: BaseException, lang: str, debug: bool = False) -> tuple[str, str]:
    """``(faultCode, faultString)`` on the legacy ``/xmlrpc`` paths (odoolib's default)."""
    text = message(exc, lang)
    if isinstance(exc, RedirectWarning):
        return "warning -- Warning\n\n" + text, ""
    if isinstance(exc, MissingError):
        return "warning -- MissingError\n\n" + text, ""
    if isinstance(exc, AccessError):
        return "warning -- AccessError\n\n" + text, ""
    if isinstance(exc, AccessDenied):
        return "AccessDenied", text
    if isinstance(exc, UserError):
        return "warning -- UserError\n\n" + text, ""
    return text, debug_text(exc, debug)
