"""Static files: the client's own (``/web/static``) and those of installed addons.

Files are served with a long cache lifetime when the URL carries a version (``?v=``, see
:func:`core.web.client.page.static_url`), otherwise for an hour. Only files inside the
``static`` folders are reachable.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from werkzeug.exceptions import NotFound
from werkzeug.routing import Rule
from werkzeug.security import safe_join
from werkzeug.wrappers import Response

from core.web import errors
from core.web.app import RequestContext, Route
from core.web.client.page import STATIC_DIR, security_headers

_NOT_FOUND = NotFound()
mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("text/javascript", ".js")


def not_found(ctx: RequestContext) -> Response:
    """A 404 answer (these routes run outside the error handling of database routes)."""
    return errors.plain_page(ctx.lang, errors.title_of(_NOT_FOUND, ctx.lang),
                             errors.message_of(_NOT_FOUND, ctx.lang), 404)


def inside(folder: Path, relative: str) -> Path | None:
    """The file ``relative`` names inside ``folder`` (links resolved), None when it lies
    outside or is not a file (``..``, ``%2f``-encoded or not, absolute paths, symlinks)."""
    joined = safe_join(str(folder), relative)
    if joined is None:
        return None
    path = Path(joined).resolve()
    if not path.is_relative_to(folder.resolve()) or not path.is_file():
        return None
    return path


def send_file(ctx: RequestContext, folder: Path, relative: str) -> Response:
    path = inside(folder, relative)
    if path is None:
        return not_found(ctx)
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if mime.startswith("text/") or mime.endswith(("javascript", "svg+xml")):
        mime += "; charset=utf-8"
    response = Response(path.read_bytes(), content_type=mime)
    max_age = 31536000 if ctx.request.args.get("v") else 3600
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    return security_headers(response)


def core_static(ctx: RequestContext) -> Response:
    return send_file(ctx, STATIC_DIR, ctx.args["path"])


def addon_static(ctx: RequestContext) -> Response:
    """``/web/addon/<addon>/static/<file>``: only what lies inside the addon's ``static``
    folder (the URL names the folder, the file is looked up in it)."""
    name = ctx.args["addon"]
    registry = ctx.registry
    addon = next((a for a in registry.addons if a.name == name), None) if registry else None
    relative = ctx.args["path"]
    if addon is None or not relative.startswith("static/"):
        return not_found(ctx)
    return send_file(ctx, Path(addon.path) / "static", relative[len("static/"):])


ROUTES = [
    Rule("/web/static/<path:path>", endpoint=Route(core_static, auth="none"),
         methods=["GET", "HEAD"]),
    Rule("/web/addon/<addon>/<path:path>", endpoint=Route(addon_static, auth="none"),
         methods=["GET", "HEAD"]),
]
