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
    try:
        value = json.loads(data)
    except RecursionError:
        raise RequestTooDeep() from None
    if depth_exceeds(value, MAX_DEPTH):
        raise RequestTooDeep()
    return value


def depth_exceeds(value: Any, limit: int) -> bool:
    """Whether lists/dicts are nested more than ``limit`` levels (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list | tuple):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children
                     if isinstance(child, dict | list | tuple))
    return False


class _JsonModule:
    """What Werkzeug's ``Request.get_json`` needs of a JSON module, with the depth cap."""

    loads = staticmethod(loads)
    dumps = staticmethod(json.dumps)


class LimitedRequest(Request):
    """The application's request: ``get_json()`` refuses over-deep documents."""

    json_module = _JsonModule
