"""Cross-site request forgery on JSON routes signed in by the session cookie.

``/web/session/*`` and ``/web/dataset/*`` act as the user of the ``session_id`` cookie. A
page of another origin must not be able to make the victim's browser call them, so every
such JSON route (``Route(kind="json", csrf=True)``) answers only a request that:

1. is JSON (``Content-Type: application/json``): an HTML form can only send
   ``text/plain``, ``application/x-www-form-urlencoded`` or ``multipart/form-data``, and a
   script on another origin that sets ``application/json`` needs a CORS preflight, which
   this server never grants — so a same-site page (another subdomain or port, whose
   requests do carry our ``SameSite=Lax`` cookie) cannot send one either;
2. and, when it carries the CSRF token header of the web client (``X-CSRF-Token``), a
   valid one; otherwise, when a browser says where the request comes from
   (``Sec-Fetch-Site``, ``Origin``), comes from this very origin. Programs such as odooly
   send neither header and keep working.

Routes whose credentials travel in the body (``/jsonrpc``, ``/xmlrpc``) do not use the
cookie and are not checked. A refused request is a JSON-RPC error with a translated
message; nothing is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from core.i18n import Domain
from core.web.limits import RequestRejected

if TYPE_CHECKING:
    from werkzeug.wrappers import Request

    from core.web.app import RequestContext

_ = Domain("core")

JSON_TYPES = frozenset({"application/json", "application/json-rpc"})
CSRF_HEADERS = ("X-CSRF-Token", "X-CSRFToken")
SAME_ORIGIN_FETCH = frozenset({"same-origin", "none"})   # "none": typed by the user
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def check_json_request(ctx: RequestContext, store: Any) -> None:
    """Raise :class:`RequestRejected` unless the request may act with the session."""
    request = ctx.request
    if request.mimetype not in JSON_TYPES:
        raise RequestRejected(_("This address only accepts JSON requests "
                                "(Content-Type: application/json)."))
    if any(request.headers.get(name) for name in CSRF_HEADERS):
        if not store.check_csrf(ctx):
            raise RequestRejected(_("The security token of this request is not valid. "
                                    "Please reload the page and try again."))
        return
    if not same_origin(request):
        raise RequestRejected(_("This request came from another site and was refused."))


def same_origin(request: Request) -> bool:
    """False when the browser tells us the request was made by a page of another origin."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site.strip().lower() not in SAME_ORIGIN_FETCH:
        return False
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return _host_of(origin) == _normal_host(request.host)


def _host_of(origin: str) -> str | None:
    """``host[:port]`` of an ``Origin`` header (None for ``null`` or garbage)."""
    try:
        parts = urlsplit(origin.strip())
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.netloc or parts.path not in ("", "/"):
        return None
    return _normal_host(parts.netloc)


def _normal_host(netloc: str) -> str:
    """Lower case, without the scheme's default port (``Host`` may name it or not).

    The scheme itself is not compared: behind a TLS proxy the server sees ``http``; a page
    of the same host over the other scheme is another site for the browser, which then
    says so in ``Sec-Fetch-Site``."""
    host = netloc.lower()
    for default in _DEFAULT_PORTS.values():
        if host.endswith(":" + default):
            return host[: -len(default) - 1]
    return host
