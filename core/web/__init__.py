"""The web layer: the WSGI application, sign-in and sessions, pages and the RPC endpoints."""

from __future__ import annotations

import importlib
from typing import Any

# Modules contributing routes (each has ROUTES). Optional ones are skipped until they exist.
ROUTE_MODULES = (
    "core.web.health",
    "core.web.auth",
    "core.rpc.routes",
    "core.web.client",
)


def route_modules() -> list[Any]:
    modules = []
    for name in ROUTE_MODULES:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return modules
