"""Reading an XML-RPC request body safely: ``xmlrpc.client.loads`` with two guards.

* No document type declaration: XML-RPC has none, and a DTD is how entities are declared
  (the "billion laughs" expansion; expat ≥ 2.4 caps the amplification, we refuse earlier).
* Arrays and structs nested at most :data:`core.web.limits.MAX_DEPTH` deep: the unmarshaller
  itself keeps a stack, but everything after it (conversion, the ORM, the answer) recurses.

::

    params, method = loads(body)   # DoctypeRefused, RequestTooDeep, ExpatError, Fault...
"""

from __future__ import annotations

import xmlrpc.client
from typing import Any
from xml.parsers import expat

from core.web.limits import MAX_DEPTH, RequestTooDeep

CONTAINERS = frozenset({"array", "struct"})


class DoctypeRefused(ValueError):
    """The body declares a document type (entities): not XML-RPC."""


class _DepthGuard:
    """Passes elements to the unmarshaller, counting open arrays and structs."""

    def __init__(self, target: xmlrpc.client.Unmarshaller) -> None:
        self.target = target
        self.depth = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag in CONTAINERS:
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise RequestTooDeep()
        self.target.start(tag, attrs)

    def end(self, tag: str) -> None:
        if tag in CONTAINERS:
            self.depth -= 1
        self.target.end(tag)


def _refuse_doctype(*_args: Any) -> None:
    raise DoctypeRefused("document type declarations are not allowed")


def loads(data: bytes) -> tuple[tuple[Any, ...], str | None]:
    """``(params, method name)`` of an XML-RPC body (``datetime`` for dates)."""
    target = xmlrpc.client.Unmarshaller(use_datetime=True)
    guard = _DepthGuard(target)
    parser = expat.ParserCreate(None, None)
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    parser.StartElementHandler = guard.start
    parser.EndElementHandler = guard.end
    parser.CharacterDataHandler = target.data
    target.xml(None, None)
    parser.Parse(data, True)
    return target.close(), target.getmethodname()
