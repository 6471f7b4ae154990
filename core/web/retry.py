"""Re-running a whole request when another transaction wrote the same data at the same time.

A concurrency conflict (:mod:`core.orm.concurrency`: PostgreSQL serialization failure,
deadlock, lock not available; SQLite busy or locked) may be raised by any statement of a
request or by its commit. Every layer lets it through (``core/web/errors.py`` re-raises it
as :class:`ConcurrencyError`); :func:`run_with_retries` then has the transaction rolled
back, waits a random moment (exponential backoff with full jitter, so that the colliding
requests do not meet again) and runs the request again from the start — the same
``Request`` object, whose body Werkzeug keeps after the first read::

    attempt 1   conflict -> rollback, wait U(0, 20 ms)
    attempt 2   conflict -> rollback, wait U(0, 40 ms)     ... up to ``retries`` times
    attempt n   ok -> commit, answer                        or: the busy answer below

Only when the retries (``erp serve --retries``, default 5) are used up does the client get
"The record was changed by someone else at the same time, please retry." — an RPC fault or
JSON-RPC error for the external API, a 409 page for the web client that sends the user's
typed input again with one button.

On PostgreSQL, a request re-run after its second collision runs alone: it waits until the
requests in flight have finished while the next ones wait for it (``core/registry/gate.py``).
On SQLite the first attempt of a request that will probably write (a form POST, an RPC call
of a method that is not a read) starts with ``BEGIN IMMEDIATE``: it queues behind the
current writer for up to the busy timeout instead of failing at its first write; reads
start deferred and never wait. A retried attempt always starts IMMEDIATE; one that still
finds the database locked has waited the whole busy timeout and is answered at once.
"""

from __future__ import annotations

import json
import logging
import os
import random
import time
import xmlrpc.client
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from markupsafe import escape
from werkzeug.wrappers import Response

from core.exceptions import ConcurrencyError
from core.i18n import Domain

if TYPE_CHECKING:
    from core.web.app import Application, RequestContext

_ = Domain("core")
_logger = logging.getLogger(__name__)

DEFAULT_RETRIES = 5
BACKOFF_BASE = 0.02         # seconds: the first wait is at most this, then doubled
BACKOFF_MAX = 1.0           # seconds: no single wait is longer
PEEK_LIMIT = 256 * 1024     # SQLite: RPC bodies up to this size are read to guess a write
ALONE_AFTER = 2             # PostgreSQL: from this re-run on, the request runs alone
#: ORM methods that only read: an RPC call of another method is expected to write
READ_METHODS = frozenset({
    "search", "search_read", "search_count", "read", "read_group", "name_search",
    "name_get", "fields_get", "default_get", "onchange", "exists", "check_access_rights",
    "check_access_rule", "web_search_read", "web_read", "web_read_group", "context_get",
    "get_views", "load_views", "fields_view_get", "has_group", "read_progress_bar",
    "get_formview_id", "get_formview_action",
})
_WRITING_JSON_PATHS = ("/web/session/authenticate", "/web/session/destroy")


def default_retries() -> int:
    """``ERP_REQUEST_RETRIES`` if set to a number, else :data:`DEFAULT_RETRIES`."""
    value = os.environ.get("ERP_REQUEST_RETRIES", "")
    return int(value) if value.isdigit() else DEFAULT_RETRIES


def backoff(attempt: int) -> float:
    """Seconds to wait before re-running after the ``attempt``-th conflict (0-based)."""
    return random.uniform(0.0, min(BACKOFF_MAX, BACKOFF_BASE * 2 ** attempt))


def run_with_retries(app: Application, ctx: RequestContext,
                     run: Callable[[RequestContext], Response]) -> Response:
    """``run(ctx)``, re-run on a fresh context after each conflict, up to the limit."""
    from core.web.app import RequestContext
    retries = max(0, int(getattr(app, "max_retries", DEFAULT_RETRIES)))
    ctx.write = _writes(ctx)
    for attempt in range(retries + 1):
        try:
            return run(ctx)
        except ConcurrencyError as exc:
            if attempt == retries or _waited_in_queue(ctx, exc):
                _logger.warning("%s %s: still conflicting after %d attempt(s), answered busy: "
                                "%s", ctx.request.method, ctx.request.path, attempt + 1, exc)
                return exhausted(ctx, exc)
            delay = backoff(attempt)
            _logger.info("%s %s: concurrency conflict (%s), retry %d of %d in %.0f ms",
                         ctx.request.method, ctx.request.path, exc, attempt + 1, retries,
                         delay * 1000)
            time.sleep(delay)
            _rewind_uploads(ctx.request)
            ctx = RequestContext(app, ctx.request, ctx.route, ctx.args,
                                 app.registries.registry, lang=ctx.lang, write=True,
                                 alone=attempt + 1 >= ALONE_AFTER)
    raise AssertionError("unreachable")  # pragma: no cover


def _rewind_uploads(request: Any) -> None:
    """Uploaded files of a parsed form are read again from their start by the re-run (the
    body and the form fields come from Werkzeug's cache)."""
    for upload in request.__dict__.get("files", {}).values():
        if upload.stream.seekable():
            upload.stream.seek(0)


def _waited_in_queue(ctx: RequestContext, exc: ConcurrencyError) -> bool:
    """SQLite: ``BEGIN IMMEDIATE`` fails only after waiting the whole busy timeout for the
    write lock (another process holds it: a long import, an ``erp shell`` that has not
    committed); waiting that long again would not help the user."""
    return exc.at_begin and ctx.write and ctx.registry is not None \
        and ctx.registry.dialect.name == "sqlite"


# -- the answer when the retries are used up ---------------------------------------------------
def exhausted(ctx: RequestContext, exc: ConcurrencyError) -> Response:
    """The RPC error of the route's kind, or for pages a 409 that keeps the user's input."""
    from core.web import errors
    handler = errors.KIND_HANDLERS.get(ctx.route.kind)
    if handler is not None:
        return handler(ctx, exc)
    return busy_page(ctx, exc)


def busy_page(ctx: RequestContext, exc: ConcurrencyError) -> Response:
    """409 with the message; a submitted form comes back as hidden fields and a button that
    sends it again, so nothing the user typed is lost (file uploads excepted)."""
    lang = ctx.lang
    title = escape(_("Changed at the same time").translate(lang))
    text = escape(exc.translate(lang))
    form = ""
    request = ctx.request
    if request.method == "POST":
        hidden = "".join(f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
                         for name, value in request.form.items(multi=True))
        again = escape(_("Send my input again").translate(lang))
        kept = escape(_("Your input was kept.").translate(lang))
        form = (f'<p>{kept}</p><form method="post" action="{escape(request.full_path)}">'
                f'{hidden}<button type="submit">{again}</button></form>')
    html = (f'<!doctype html><html lang="{escape(lang[:2])}"><head><meta charset="utf-8">'
            f"<title>{title}</title></head><body><main><h1>{title}</h1><p>{text}</p>"
            f"{form}</main></body></html>")
    return Response(html, status=409, content_type="text/html; charset=utf-8")


# -- will the request write? (SQLite: BEGIN IMMEDIATE from the first attempt) ------------------
def _writes(ctx: RequestContext) -> bool:
    registry = ctx.registry
    if registry is None or registry.dialect.name != "sqlite" or ctx.route.auth == "none":
        return False
    if ctx.route.kind != "http" and not 0 < (ctx.request.content_length or 0) <= PEEK_LIMIT:
        return False            # a large or streamed body is not read before its handler
    try:
        return writes(ctx.request.method, ctx.request.path, ctx.route.kind,
                      ctx.request.get_data)
    except Exception:  # noqa: BLE001 - a body we cannot read: the handler will say so
        return False


def writes(method: str, path: str, kind: str, body: Callable[[], bytes]) -> bool:
    """A guess from the request alone; a wrong guess costs a retry, never a failure."""
    if method != "POST":
        return False
    if kind == "http":
        return True
    if kind == "json":
        if path in _WRITING_JSON_PATHS:
            return True
        params = json.loads(body()).get("params") or {}
        if path.startswith("/web/dataset/"):       # call_kw, call_button
            return params.get("method") not in READ_METHODS
        return path == "/jsonrpc" and _method_writes(params.get("service"), params.get("args"))
    if kind in ("xmlrpc", "xmlrpc_legacy"):
        args, _method = xmlrpc.client.loads(body())
        return _method_writes(path.rsplit("/", 1)[-1], args)
    return False


def _method_writes(service: Any, args: Any) -> bool:
    """Whether a call of the ``service`` of /jsonrpc or /xmlrpc calls a writing ORM method
    (``object.execute[_kw](db, uid, password, model, method, ...)``)."""
    if service != "object" or not isinstance(args, list | tuple):
        return False
    return len(args) > 4 and args[4] not in READ_METHODS
