"""JSON-RPC envelopes and XML-RPC bodies: parsing requests, writing answers and errors.

A route handler here only unwraps the request and wraps the result; the work is done by
the services (:mod:`core.rpc.services`) or the web calls (:mod:`core.rpc.web`)::

    POST /jsonrpc  {"jsonrpc": "2.0", "method": "call", "params": {...}, "id": 7}
      -> 200 {"jsonrpc": "2.0", "id": 7, "result": ...}         (no "result" for None)
      -> 200 {"jsonrpc": "2.0", "id": 7, "error": {"code": 200, ...}}
    POST /xmlrpc/2/object  <methodCall>...  -> 200 <methodResponse> or <fault>

Errors raised by a handler travel through the application (core/web/app.py), which rolls
the transaction back and asks the error renderer registered here for the route's kind:
``json`` (JSON-RPC error object), ``xmlrpc`` (integer fault codes, ``/xmlrpc/2``) and
``xmlrpc_legacy`` (string fault codes, ``/xmlrpc``). Clients always get HTTP 200, except
for a body that is not JSON or XML-RPC at all: that is HTTP 400 with a plain-text reason.
"""

from __future__ import annotations

import logging
import xmlrpc.client
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from xml.parsers.expat import ExpatError

from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from core.exceptions import UserError
from core.i18n import current_lang
from core.rpc import faults, marshal, services, xmlrpc_input
from core.web import errors, limits

if TYPE_CHECKING:
    from core.web.app import RequestContext

_logger = logging.getLogger(__name__)

ID_KEY = "erp.rpc.id"
LANG_KEY = faults.LANG_KEY
JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"

JsonFunction = Callable[["RequestContext", dict[str, Any]], Any]


def bad_request(reason: str) -> Response:
    return Response(reason, status=400, content_type="text/plain; charset=utf-8")


# -- JSON-RPC ---------------------------------------------------------------------------------
def json_answer(request_id: Any, result: Any) -> Response:
    payload: dict[str, Any] = {"jsonrpc": "2.0", "id": request_id}
    if result is not None:
        payload["result"] = result
    return Response(marshal.json_bytes(payload), content_type=JSON_TYPE)


def _json_payload(ctx: RequestContext) -> dict[str, Any] | Response:
    ctx.request.environ.setdefault(ID_KEY, None)     # errors below answer with id null
    try:
        payload = limits.loads(ctx.request.get_data())  # RequestTooDeep: a JSON-RPC error
    except (ValueError, UnicodeDecodeError):
        return bad_request("Invalid JSON data")
    if not isinstance(payload, dict):
        return bad_request("Invalid JSON-RPC data: the request must be an object")
    params = payload.get("params")
    if params is None:
        payload["params"] = {}
    elif not isinstance(params, dict):
        return bad_request("Invalid JSON-RPC data: params must be an object")
    ctx.request.environ[ID_KEY] = payload.get("id")
    return payload


def json_route(function: JsonFunction) -> Callable[[RequestContext], Response]:
    """A handler for a JSON-RPC route calling ``function(ctx, params)``."""
    def handler(ctx: RequestContext) -> Response:
        payload = _json_payload(ctx)
        if isinstance(payload, Response):
            return payload
        if ctx.transaction is None:     # auth="none": no application error handling
            try:
                return json_answer(payload.get("id"), function(ctx, payload["params"]))
            except Exception as exc:  # noqa: BLE001 - every error must become an answer
                errors.log_error(ctx, exc)
                return json_error(ctx, exc)
        return json_answer(payload.get("id"), function(ctx, payload["params"]))
    handler.__name__ = getattr(function, "__name__", "json_handler")
    handler.__doc__ = function.__doc__
    return handler


def _request_id(ctx: RequestContext) -> Any:
    environ = ctx.request.environ
    if ID_KEY not in environ:           # the error came before the body was read
        try:
            payload = limits.loads(ctx.request.get_data())
        except (ValueError, UnicodeDecodeError, UserError, HTTPException):
            payload = None
        environ[ID_KEY] = payload.get("id") if isinstance(payload, dict) else None
    return environ[ID_KEY]


def json_error(ctx: RequestContext, exc: BaseException) -> Response:
    """The JSON-RPC error answer for ``exc`` (HTTP 200, as Odoo answers)."""
    lang = ctx.request.environ.get(LANG_KEY) or current_lang()
    payload = {"jsonrpc": "2.0", "id": _request_id(ctx),
               "error": faults.jsonrpc_error(exc, lang, ctx.app.debug)}
    return Response(marshal.json_bytes(payload), content_type=JSON_TYPE)


def jsonrpc_services(ctx: RequestContext, params: dict[str, Any]) -> Any:
    """``/jsonrpc``: ``{"service": ..., "method": ..., "args": [...]}``."""
    args = params.get("args")
    if args is None:
        args = []
    if not isinstance(args, list):
        raise TypeError("args must be a list")
    return services.dispatch(ctx, params.get("service"), params.get("method"), args)


# -- XML-RPC ----------------------------------------------------------------------------------
def xmlrpc_handler(ctx: RequestContext) -> Response:
    """``/xmlrpc/2/<service>`` and ``/xmlrpc/<service>``: the method is the XML-RPC one."""
    try:
        params, method = xmlrpc_input.loads(ctx.request.get_data())
    except xmlrpc_input.DoctypeRefused:
        return bad_request("Invalid XML-RPC data: a document type declaration is not allowed")
    except (ExpatError, xmlrpc.client.Error, ValueError, TypeError, IndexError):
        return bad_request("Invalid XML-RPC data")
    if method is None:
        return bad_request("Invalid XML-RPC data: not a method call")
    result = services.dispatch(ctx, ctx.args.get("service"), method,
                               marshal.from_xmlrpc(list(params)))
    return Response(marshal.xmlrpc_response(result), content_type=XML_TYPE)


def _fault_response(ctx: RequestContext, exc: BaseException, legacy: bool) -> Response:
    lang = ctx.request.environ.get(LANG_KEY) or current_lang()
    fault = faults.xmlrpc_fault_string if legacy else faults.xmlrpc_fault_int
    code, text = fault(exc, lang, ctx.app.debug)
    return Response(marshal.xmlrpc_fault(code, text), content_type=XML_TYPE)


def xmlrpc_error(ctx: RequestContext, exc: BaseException) -> Response:
    return _fault_response(ctx, exc, legacy=False)


def xmlrpc_legacy_error(ctx: RequestContext, exc: BaseException) -> Response:
    return _fault_response(ctx, exc, legacy=True)


ERROR_RENDERERS: dict[str, Callable[[RequestContext, BaseException], Response]] = {
    "json": json_error, "xmlrpc": xmlrpc_error, "xmlrpc_legacy": xmlrpc_legacy_error,
}
