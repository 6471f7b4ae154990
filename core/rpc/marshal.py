"""Python values to what JSON-RPC and XML-RPC clients can read, the way Odoo sends them.

Methods return recordsets, dates, lazy translated texts, ``None``; the wire knows none of
these. Both transports get::

    recordset          -> list of ids
    datetime / date    -> "YYYY-MM-DD HH:MM:SS" / "YYYY-MM-DD" (UTC, no microseconds)
    bytes              -> text (binary fields are base64 already)
    LazyText, Markup   -> str
    tuple, set         -> list

XML-RPC has further limits (Odoo's ``OdooMarshaller``): ``None`` cannot be sent (it becomes
``False``; a ``<nil/>`` would break non-Python clients), struct keys must be strings (integer
keys such as session_info's currency ids are stringified), and control characters other than
tab, LF and CR are not allowed in XML (they are stripped). Integers beyond 32 bits still fail
as in Odoo: the client could not read them either.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import xmlrpc.client
from collections.abc import Mapping
from typing import Any

from core.i18n import LazyText

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _datetime_text(value: dt.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%d %H:%M:%S")


def _scalar(value: Any) -> Any:
    """The wire form of a value JSON/XML-RPC cannot carry as it is (or ``value``)."""
    if isinstance(value, dt.datetime):
        return _datetime_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, LazyText):
        return str(value)
    if hasattr(value, "_ids") and hasattr(value, "_name"):
        return list(value.ids)
    if isinstance(value, set | frozenset):
        return list(value)
    return value


# -- JSON ------------------------------------------------------------------------------------
def _json_default(value: Any) -> Any:
    converted = _scalar(value)
    if converted is value:
        return str(value)       # Odoo's json_default falls back to the text form too
    return converted


# Built once: answers are trees of plain values (never circular), compact on the wire.
# Built once: answers are trees of plain values (never circular), compact and ASCII-only
# on the wire (non-ASCII characters escaped, as Odoo sends them).
_ENCODER = json.JSONEncoder(default=_json_default, check_circular=False, separators=(",", ":"))


def json_bytes(payload: Any) -> bytes:
    """``payload`` as JSON (integer dict keys become strings, as JSON requires)."""
    return _ENCODER.encode(payload).encode("ascii")


# -- XML-RPC ---------------------------------------------------------------------------------
def xmlrpc_value(value: Any) -> Any:
    """``value`` made marshallable by xmlrpc.client the way Odoo's marshaller does it."""
    if value is None:
        return False
    if isinstance(value, str):
        return _CONTROL_CHARS.sub("", str(value))
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, Mapping):
        return {_key(k): xmlrpc_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [xmlrpc_value(v) for v in value]
    converted = _scalar(value)
    if converted is value:
        if isinstance(value, xmlrpc.client.Binary | xmlrpc.client.DateTime):
            return value
        return _CONTROL_CHARS.sub("", str(value))
    return xmlrpc_value(converted)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return _CONTROL_CHARS.sub("", key)
    if key is None:
        return "None"
    return str(_scalar(key))


def xmlrpc_response(value: Any) -> bytes:
    """The ``<methodResponse>`` carrying ``value`` (OverflowError for out-of-range ints)."""
    body = xmlrpc.client.dumps((xmlrpc_value(value),), methodresponse=True, allow_none=False,
                               encoding="utf-8")
    return body.encode("utf-8")


def xmlrpc_fault(code: int | str, message: str) -> bytes:
    fault = xmlrpc.client.Fault(xmlrpc_value(code), xmlrpc_value(message))
    return xmlrpc.client.dumps(fault, methodresponse=True, allow_none=False,
                               encoding="utf-8").encode("utf-8")


def from_xmlrpc(value: Any) -> Any:
    """Incoming XML-RPC values as the ORM takes them: ``Binary`` becomes base64 text (what
    binary fields store); ``datetime`` objects stay (date/datetime fields accept them)."""
    if isinstance(value, xmlrpc.client.Binary):
        return base64.b64encode(value.data).decode("ascii")
    if isinstance(value, list):
        return [from_xmlrpc(v) for v in value]
    if isinstance(value, dict):
        return {k: from_xmlrpc(v) for k, v in value.items()}
    return value
