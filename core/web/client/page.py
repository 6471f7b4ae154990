"""The frame around every page: top bar, apps menu, breadcrumbs, security headers.

Handlers render their content template through :func:`render_page`, which adds what every
page of a signed-in user has (the menus they may use, their name, the CSRF token, the
stylesheets and scripts of the core and of installed addons) and the headers that keep the
page safe: a Content Security Policy that allows scripts and styles from this site only
(no inline scripts, no inline styles), no framing, no MIME sniffing.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from werkzeug.wrappers import Response

from core.i18n import LANGUAGES
from core.web.client.notes import note_of
from core.web.client.session_api import CSRF_FIELD, csrf_token
from core.web.client.templating import render

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


@dataclass(frozen=True)
class Crumb:
    title: str
    href: str | None = None


@functools.lru_cache(maxsize=64)
def _fingerprint(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def static_url(relative: str) -> str:
    """``/web/static/<relative>?v=<hash>``: cached for long, refreshed when it changes."""
    path = STATIC_DIR / relative
    version = _fingerprint(str(path), path.stat().st_mtime) if path.exists() else "0"
    return f"/web/static/{relative}?v={version}"


def addon_assets(registry: Any) -> tuple[list[str], list[str]]:
    """(stylesheets, scripts) that installed addons add to every page."""
    css: list[str] = []
    js: list[str] = []
    if registry is None:
        return css, js
    for addon, function in registry.addon_impls("erp_web_assets"):
        for relative in function() or ():
            url = f"/web/addon/{addon}/{relative.lstrip('/')}"
            (css if relative.endswith(".css") else js).append(url)
    return css, js


def security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def base_values(ctx: Any, with_csrf: bool = True) -> dict[str, Any]:
    """What the layout of every page needs, signed in or not."""
    css, js = addon_assets(ctx.registry)
    return {
        "lang": ctx.lang, "html_lang": ctx.lang[:2], "languages": LANGUAGES,
        "csrf_token": csrf_token(ctx) if with_csrf else "", "csrf_field": CSRF_FIELD,
        "static_url": static_url, "addon_css": css, "addon_js": js,
        "user": None, "apps": [], "current_app": None, "breadcrumbs": [],
        "request_path": ctx.request.full_path.rstrip("?"), "note": None,
    }


def user_values(ctx: Any, current_action: str | None = None) -> dict[str, Any]:
    """The signed-in user, the apps menu and the app the page belongs to."""
    env = ctx.env()
    user = env.user.sudo()
    apps = env["ir.ui.menu"].visible_tree()
    current = _app_of(apps, current_action) if current_action else None
    return {"user": {"id": user.id, "name": user.name, "login": user.login},
            "apps": apps, "current_app": current,
            "is_admin": env.is_system()}


def _app_of(apps: list[dict[str, Any]], action: str) -> dict[str, Any] | None:
    def contains(node: dict[str, Any]) -> bool:
        return node["action"] == action or any(contains(c) for c in node["children"])
    return next((app for app in apps if contains(app)), None)


def render_page(ctx: Any, template: str, *, status: int = 200, title: str = "",
                current_action: str | None = None, with_csrf: bool = True,
                **values: Any) -> Response:
    """The HTML response of ``template`` inside the layout (``with_csrf=False``: a page
    without forms for visitors, such as an error page, sets no CSRF cookie)."""
    page = base_values(ctx, with_csrf)
    if ctx.uid is not None and ctx.transaction is not None:
        page.update(user_values(ctx, current_action))
        page["note"] = note_of(ctx)
    page.update(values)
    page["title"] = title
    html = render(ctx.registry, template, **page)
    response = Response(html, status=status, content_type="text/html; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    return security_headers(response)
