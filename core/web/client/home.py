"""The home page (the app switcher), menu clicks, and the themed error and 404 pages.

The home page shows the top-level menus the user may use — an app is listed only when at
least one of its menus leads to an action the user's groups and access rights allow.
``/web/menu/<id>`` opens the first action below a menu, so menus stay plain links.
"""

from __future__ import annotations

import logging
from typing import Any

from werkzeug.exceptions import NotFound
from werkzeug.routing import Rule
from werkzeug.utils import redirect
from werkzeug.wrappers import Response

from core.i18n import Domain
from core.web import errors
from core.web.app import RequestContext, Route
from core.web.client.page import render_page

_ = Domain("core")
_logger = logging.getLogger(__name__)


def icon_url(web_icon: str | None) -> str | None:
    """``"crm,static/icon.svg"`` → ``/web/addon/crm/static/icon.svg``."""
    if not web_icon or "," not in web_icon:
        return None
    addon, _sep, path = web_icon.partition(",")
    return f"/web/addon/{addon.strip()}/{path.strip()}"


def home(ctx: RequestContext) -> Response:
    apps = [dict(app, icon_url=icon_url(app["web_icon"]))
            for app in ctx.env()["ir.ui.menu"].visible_tree()]
    return render_page(ctx, "home.html", title=_("Apps").translate(ctx.lang), apps=apps)


def root(ctx: RequestContext) -> Response:
    return redirect("/web", code=303)


def _find(nodes: list[dict[str, Any]], menu_id: int) -> dict[str, Any] | None:
    for node in nodes:
        if node["id"] == menu_id:
            return node
        found = _find(node["children"], menu_id)
        if found is not None:
            return found
    return None


def open_menu(ctx: RequestContext) -> Response:
    menus = ctx.env()["ir.ui.menu"]
    node = _find(menus.visible_tree(), ctx.args["menu_id"])
    action = menus.first_action(node) if node else None
    if action is None:
        raise NotFound()
    model, _sep, action_id = action.partition(",")
    if model == "ir.actions.act_window":
        return redirect(f"/web/action/{action_id}", code=303)
    if model == "ir.actions.act_url":
        target = ctx.env()["ir.actions.act_url"].browse(int(action_id)).local_url()
        return redirect(target, code=303)
    return redirect(f"/web/server_action/{action_id}", code=303)


def unknown_page(ctx: RequestContext) -> Response:
    raise NotFound()


def themed_error(ctx: RequestContext, exc: BaseException, status: int) -> Response:
    """The error page in the user's language, inside the layout when possible."""
    values = {"code": status, "error_title": errors.title_of(exc, ctx.lang),
              "error_message": errors.message_of(exc, ctx.lang),
              "back": ctx.request.referrer if _same_site(ctx) else None}
    signed_in = ctx.uid is not None
    try:
        return render_page(ctx, "error.html", status=status, title=values["error_title"],
                           with_csrf=signed_in, **values)
    except Exception:  # noqa: BLE001 - the transaction may be unusable: no menus then
        _logger.debug("Error page without menus", exc_info=True)
    try:
        uid, ctx.uid = ctx.uid, None
        try:
            return render_page(ctx, "error.html", status=status, title=values["error_title"],
                               with_csrf=False, **values)
        finally:
            ctx.uid = uid
    except Exception:  # noqa: BLE001 - last resort: the plain page of core.web.errors
        _logger.exception("Cannot render the error page")
        return errors.plain_page(ctx.lang, values["error_title"], values["error_message"],
                                 status)


def _same_site(ctx: RequestContext) -> bool:
    referrer = ctx.request.referrer or ""
    return referrer.startswith(ctx.request.host_url)


ROUTES = [
    Rule("/", endpoint=Route(root, auth="public"), methods=["GET"]),
    Rule("/web", endpoint=Route(home), methods=["GET"]),
    Rule("/web/menu/<int:menu_id>", endpoint=Route(open_menu), methods=["GET"]),
    Rule("/<path:path>", endpoint=Route(unknown_page, auth="public"),
         methods=["GET", "POST"]),
]
