"""What a request may send: at most so many bytes, and JSON nested at most so deep.

The application reads the body of every request that has one *before* it opens a database
transaction, with Werkzeug's ``max_content_length`` set (``erp serve --max-request-size``,
10 MB by default; a route may carry its own ``max_body``, for uploads)::

    too_large = read_body(request, limit)   # True: over the limit, 413 answered at once

A ``Content-Length`` over the limit is refused without reading anything; a body without one
(chunked transfer) is read up to one byte past the limit and no further (the WSGI server
stops a body at its ``Content-Length``, true or not). JSON is parsed
by :func:`loads`, which refuses documents nested deeper than :data:`MAX_DEPTH` with a
:class:`RequestTooDeep` error (Python's parser would end in a ``RecursionError`` instead);
the application's requests use it for ``get_json()`` too (:class:`LimitedRequest`).
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Request

from core.exceptions import UserError
from core.i18n import Domain

_ = Domain("core")

DEFAULT_MAX_REQUEST_SIZE = 10 * 1024 * 1024
MAX_DEPTH = 100                  # nested lists/objects (arrays/structs in XML-RPC)
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_SIZE = re.compile(r"^\s*(\d+)\s*([kmg]?)i?b?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}


class RequestRejected(UserError):
    """The request itself is not acceptable (too large, too deep, from another site)."""

    rpc_name = "werkzeug.exceptions.BadRequest"


class RequestTooLarge(RequestRejected):
    http_status = 413
    rpc_name = "werkzeug.exceptions.RequestEntityTooLarge"

    def __init__(self, limit: int) -> None:
        super().__init__(_("The request is too large: at most %(size)s are accepted.",
                           size=format_size(limit)))


class RequestTooDeep(RequestRejected):
    def __init__(self) -> None:
        super().__init__(_("The request is nested too deeply: at most %(depth)s levels of "
                           "lists and objects are accepted.", depth=MAX_DEPTH))


def parse_size(text: str) -> int:
    """``"10M"``, ``"512k"``, ``"1048576"`` → bytes (for ``--max-request-size``)."""
    match = _SIZE.match(str(text))
    if not match or int(match.group(1)) <= 0:
        raise ValueError(f"not a size: {text!r} (examples: 10M, 512K, 1048576)")
    return int(match.group(1)) * _UNITS[match.group(2).lower()]


def format_size(size: int) -> str:
    for unit, factor in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("KB", 1024)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} B"


def read_body(request: Request, limit: int) -> bool:
    """Read the body into the request (at most ``limit + 1`` bytes); True when it is larger.

    Werkzeug stops a stream without ``Content-Length`` silently at ``max_content_length``:
    one byte more than the limit tells a body that is too large from one that fits. Forms
    are parsed later from the bytes read here (Werkzeug keeps them)."""
    request.max_content_length = limit + 1
    request.max_form_memory_size = limit
    if request.method not in BODY_METHODS:
        return False
    try:
        data = request.get_data(cache=True, parse_form_data=False)
    except RequestEntityTooLarge:
        return True
    return len(data) > limit


# -- JSON ---------------------------------------------------------------------------------
def loads(data: str | bytes) -> Any:
    """``json.loads`` refusing documents nested deeper than :data:`MAX_DEPTH`."""
    if isinstance(data, bytes | bytearray):     # UTF-16/32 too, as json.loads accepts
        data = data.decode(json.detect_encoding(data), "surrogatepass")
    try:
        value = json.loads(data)
    except RecursionError:
        raise RequestTooDeep() from None
    if too_deep(data.encode("utf-8", "surrogatepass")):
        raise RequestTooDeep()
    return value


def too_deep(document: bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether valid JSON nests lists/objects more than ``limit`` deep.

    Strings out, each bracket a step of +1 or -1, the deepest point is the largest running
    sum — computed in C (``accumulate``/``max``): walking a decoded document of millions of
    small lists in Python took seconds."""
    if document.count(b"[") + document.count(b"{") <= limit:
        return False
    steps = _STRINGS.sub(b"", document).translate(_STEPS, _NOT_BRACKETS)
    return max(accumulate(memoryview(steps).cast("b"))) > limit


_STRINGS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")     # +1, -1 as signed bytes
_NOT_BRACKETS = bytes(set(range(256)) - set(b"[]{}"))


class _JsonModule:
    """What Werkzeug's ``Request.get_json`` needs of a JSON module, with the depth cap."""

    loads = staticmethod(loads)
    dumps = staticmethod(json.dumps)


class LimitedRequest(Request):
    """The application's request: ``get_json()`` refuses over-deep documents."""

    json_module = _JsonModule
