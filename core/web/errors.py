"""Turning exceptions into answers a person or a client program can use.

Handlers raise the platform's exceptions (:mod:`core.exceptions`); this module maps them by
class to an HTTP status and a message in the user's language. Pages get an HTML error
page, JSON routes get Odoo's JSON-RPC error object. Error responses carry
``rollback = True`` so that the request's transaction is rolled back.

Two kinds of errors, logged differently:

* **refusals** — the request was wrong or not allowed: the platform's exceptions
  (UserError and its subclasses, RedirectWarning, an HTTP error below 500), and a builtin
  ``ValueError``/``TypeError``/``KeyError`` raised on purpose with a translatable message
  (``_()``: the ORM refuses an unknown field, order or operator so, as Odoo's clients
  expect). Pages answer with the exception's status (400 for the builtins) and its
  message; the log gets one line at INFO, no traceback. RPC routes also count the builtins
  of their contract (``EXPECTED``: an unknown method, a bad argument) as the client's
  mistake: one line at WARNING that names where it was raised.
* **failures** — anything else is a bug or a broken database: the log gets the traceback
  at ERROR, the user a generic message and status 500, never the traceback.
"""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from markupsafe import escape
from werkzeug.exceptions import HTTPException
from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from core.exceptions import (
    AccessDenied,
    AccessError,
    ConcurrencyError,
    MissingError,
    RedirectWarning,
    RestartNeeded,
    UserError,
)
from core.i18n import Domain, LazyText, current_lang
from core.orm.concurrency import is_concurrency_error

if TYPE_CHECKING:
    from core.web.app import Application, RequestContext

_ = Domain("core")
_logger = logging.getLogger(__name__)

# Handlers for special kinds of routes (JSON-RPC...) register here by kind.
KIND_HANDLERS: dict[str, Callable[[RequestContext, BaseException], Response]] = {}
# ... and what their clients may expect besides refusals (the RPC contract's builtins).
EXPECTED: dict[str, Callable[[BaseException], bool]] = {}
REFUSAL_BUILTINS = (ValueError, TypeError, KeyError)


def _mark(response: Response) -> Response:
    response.rollback = True  # type: ignore[attr-defined]
    return response


def guard(ctx: RequestContext, call: Callable[[], Response]) -> Response:
    """Run the handler; map expected errors to responses that roll back."""
    try:
        return call()
    except HTTPException as exc:
        if (exc.code or 500) >= 500:
            log_error(ctx, exc)
        if ctx.route.kind in KIND_HANDLERS:
            return _mark(KIND_HANDLERS[ctx.route.kind](ctx, exc))
        if PAGE_RENDERER and (exc.code or 500) >= 400:  # a themed 404/405 page
            return _mark(PAGE_RENDERER[0](ctx, exc, exc.code or 500))
        return _mark(exc.get_response(ctx.request.environ))
    except Exception as exc:  # noqa: BLE001 - every error must become an answer
        if is_concurrency_error(exc):   # the application re-runs the whole request
            raise ConcurrencyError.from_error(exc) from exc
        log_error(ctx, exc)
        handler = KIND_HANDLERS.get(ctx.route.kind)
        if handler is not None:
            return _mark(handler(ctx, exc))
        return _mark(error_page(ctx, exc))


def refusal_text(exc: BaseException) -> LazyText | None:
    """The translatable message of a builtin error raised on purpose to refuse the input."""
    if isinstance(exc, REFUSAL_BUILTINS) and exc.args and isinstance(exc.args[0], LazyText):
        return exc.args[0]
    return None


def is_refusal(exc: BaseException) -> bool:
    if isinstance(exc, HTTPException):
        return (exc.code or 500) < 500
    return isinstance(exc, UserError | RedirectWarning) or refusal_text(exc) is not None


def log_error(ctx: RequestContext, exc: BaseException) -> None:
    """One line for a refusal (or an error the route's clients expect), a traceback else."""
    request = ctx.request
    if is_refusal(exc):
        _logger.info("%s %s refused: %s: %s", request.method, request.path,
                     type(exc).__name__, _one_line(exc))
    elif ctx.route.kind in EXPECTED and EXPECTED[ctx.route.kind](exc):
        frame = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
        where = f" (at {frame[0].filename}:{frame[0].lineno})" if frame else ""
        _logger.warning("%s %s failed: %s: %s%s", request.method, request.path,
                        type(exc).__name__, _one_line(exc), where)
    else:
        _logger.error("Error in %s %s", request.method, request.path, exc_info=exc)


def _one_line(exc: BaseException) -> str:
    text = refusal_text(exc)
    message = text.translate("en_US") if text is not None else str(exc)
    return " ".join(message.split())[:500]


def status_of(exc: BaseException) -> int:
    if isinstance(exc, UserError | RedirectWarning):
        return exc.http_status
    if isinstance(exc, HTTPException):
        return exc.code or 500
    return 400 if refusal_text(exc) is not None else 500


def message_of(exc: BaseException, lang: str | None = None) -> str:
    """The text a user may read: our own messages, never internals of other exceptions."""
    lang = lang or current_lang()
    if isinstance(exc, UserError | RedirectWarning):
        return exc.translate(lang)
    if isinstance(exc, HTTPException):
        return exc.description or exc.name
    text = refusal_text(exc)
    if text is not None:
        return text.translate(lang)
    return _("An unexpected error occurred. The operation was cancelled and nothing "
             "was changed.").translate(lang)


def title_of(exc: BaseException, lang: str) -> str:
    if isinstance(exc, AccessDenied | AccessError):
        return _("Access Denied").translate(lang)
    if isinstance(exc, MissingError):
        return _("Record not found").translate(lang)
    if isinstance(exc, RestartNeeded):
        return _("Restart needed").translate(lang)
    if isinstance(exc, UserError) or refusal_text(exc) is not None:
        return _("The operation could not be completed").translate(lang)
    if isinstance(exc, HTTPException) and exc.code == 404:
        return _("Page not found").translate(lang)
    return _("Error").translate(lang)


# The web client replaces this with its themed page renderer.
PAGE_RENDERER: list[Callable[[RequestContext, BaseException, int], Response]] = []


def error_page(ctx: RequestContext, exc: BaseException) -> Response:
    status = status_of(exc)
    if PAGE_RENDERER:
        return PAGE_RENDERER[0](ctx, exc, status)
    return plain_page(ctx.lang, title_of(exc, ctx.lang), message_of(exc, ctx.lang), status)


def plain_page(lang: str, title: str, message: str, status: int) -> Response:
    html = (f'<!doctype html><html lang="{escape(lang[:2])}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title></head><body><main><h1>{escape(title)}</h1>"
            f"<p>{escape(message)}</p></main></body></html>")
    return Response(html, status=status, content_type="text/html; charset=utf-8")


def json_error(payload: dict[str, Any], status: int = 200) -> Response:
    return Response(json.dumps(payload), status=status,
                    content_type="application/json; charset=utf-8")


def http_error(app: Application, request: Request, exc: HTTPException,
               registry: Any) -> Response:
    lang = "de_DE" if (request.accept_languages.best_match(["en", "de"]) or "").startswith(
        "de") else "en_US"
    return plain_page(lang, title_of(exc, lang), message_of(exc, lang), exc.code or 500)


def unavailable(request: Request, exc: BaseException) -> Response:
    return plain_page("en_US", "Service unavailable",
                      "The database cannot be reached. Please try again later.", 503)


def unexpected(ctx: RequestContext, exc: BaseException) -> Response:
    _logger.exception("Request %s failed at commit", ctx.request.path, exc_info=exc)
    handler = KIND_HANDLERS.get(ctx.route.kind)
    if handler is not None:
        return handler(ctx, exc)
    return error_page(ctx, exc)


def login_required(ctx: RequestContext) -> Response:
    """Pages send the visitor to the login form; JSON routes answer "session expired"."""
    handler = KIND_HANDLERS.get(ctx.route.kind)
    if handler is not None:
        from core.web.session import SessionExpired
        return handler(ctx, SessionExpired())
    target = ctx.request.full_path.rstrip("?")
    from urllib.parse import quote
    return redirect(f"/web/login?redirect={quote(target)}", code=303)


def refused(ctx: RequestContext, exc: UserError) -> Response:
    """The answer to a request refused before it was handled (too large...): the route's
    error shape (JSON-RPC error, XML-RPC fault, page) with the exception's HTTP status."""
    handler = KIND_HANDLERS.get(ctx.route.kind)
    response = handler(ctx, exc) if handler is not None else plain_page(
        ctx.lang, title_of(exc, ctx.lang), message_of(exc, ctx.lang), exc.http_status)
    response.status_code = exc.http_status
    return _mark(response)


def csrf_failed(ctx: RequestContext) -> Response:
    message = _("The form has expired or did not come from this site. Please reload the page "
                "and try again.").translate(ctx.lang)
    return _mark(plain_page(ctx.lang, _("Session expired").translate(ctx.lang), message, 400)
                 if not PAGE_RENDERER else
                 PAGE_RENDERER[0](ctx, UserError(message), 400))
