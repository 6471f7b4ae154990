"""The Apps page of Settings administrators: install, upgrade and uninstall addons.

Each button runs inside the request's transaction (``ir.module.module.button_immediate_*``);
once it commits, the new registry replaces the old one and the next page already shows
the menus, buttons and views the addon brings (or no longer shows them). Uninstalling
first shows the dry run — the addons that depend on it and the data that would go — and
only a second, confirming post removes anything. A failure leaves the database as it was
and is shown on the page.
"""

from __future__ import annotations

from typing import Any

from werkzeug.routing import Rule
from werkzeug.utils import redirect
from werkzeug.wrappers import Response

from core.exceptions import AccessError, UserError
from core.i18n import Domain
from core.registry.data import DataError
from core.registry.loader import AddonError
from core.web.app import RequestContext, Route
from core.web.client.page import render_page

_ = Domain("core")
FIELDS = ["name", "shortdesc", "summary", "state", "application", "latest_version",
          "installed_version", "category", "dependency_names"]


def _modules(ctx: RequestContext) -> Any:
    env = ctx.env()
    if not env.is_system():
        raise AccessError(_("Only Settings administrators can manage apps."))
    return env["ir.module.module"]


def _module(ctx: RequestContext) -> Any:
    record = _modules(ctx).sudo().search([("name", "=", ctx.args["name"])], limit=1)
    if not record:
        raise UserError(_("There is no addon named %(name)s.", name=ctx.args["name"]))
    return record.with_env(ctx.env())


def _sync(modules: Any) -> None:
    known = set(modules.sudo().search([]).mapped("name"))
    if set(modules.env.registry.catalog.addons) - known:
        modules.sudo()._sync_catalog()


def apps_page(ctx: RequestContext, *, error: str = "", status: int = 200) -> Response:
    modules = _modules(ctx)
    _sync(modules)
    query = (ctx.request.args.get("q") or "").strip()
    domain = [("state", "!=", "uninstallable")]
    if query:
        domain += ["|", "|", ("name", "ilike", query), ("shortdesc", "ilike", query),
                   ("summary", "ilike", query)]
    records = modules.sudo().with_context(lang=ctx.lang).search_read(domain, FIELDS)
    message = {"installed": _("The app was installed."),
               "uninstalled": _("The app was uninstalled."),
               "upgraded": _("The app was upgraded.")}.get(ctx.request.args.get("done", ""))
    return render_page(ctx, "apps/apps.html", status=status, title=_("Apps").translate(ctx.lang),
                       modules=records, query=query, error=error,
                       message=message.translate(ctx.lang) if message else "")


def show(ctx: RequestContext) -> Response:
    return apps_page(ctx)


def _run(ctx: RequestContext, button: str, done: str) -> Response:
    module = _module(ctx)
    try:
        with ctx.env().transaction.savepoint():
            getattr(module, button)()
    except (UserError, DataError, AddonError, ValueError) as exc:
        text = exc.translate(ctx.lang) if isinstance(exc, UserError) else str(exc)
        response = apps_page(ctx, error=text, status=422)
        response.rollback = True  # type: ignore[attr-defined]
        return response
    return redirect(f"/web/apps?done={done}", code=303)


def install(ctx: RequestContext) -> Response:
    return _run(ctx, "button_immediate_install", "installed")


def upgrade(ctx: RequestContext) -> Response:
    return _run(ctx, "button_immediate_upgrade", "upgraded")


def uninstall_preview(ctx: RequestContext) -> Response:
    module = _module(ctx)
    plan = module.button_uninstall_preview()
    names = dict(module.sudo().search([]).mapped(lambda m: (m.name, m.shortdesc or m.name)))
    return render_page(ctx, "apps/uninstall.html", title=_("Uninstall").translate(ctx.lang),
                       module=module.sudo(), plan=plan, names=names)


def uninstall(ctx: RequestContext) -> Response:
    if not ctx.request.form.get("confirmed"):
        return uninstall_preview(ctx)
    return _run(ctx, "button_immediate_uninstall", "uninstalled")


ROUTES = [
    Rule("/web/apps", endpoint=Route(show), methods=["GET"]),
    Rule("/web/apps/<name>/install", endpoint=Route(install), methods=["POST"]),
    Rule("/web/apps/<name>/upgrade", endpoint=Route(upgrade), methods=["POST"]),
    Rule("/web/apps/<name>/uninstall", endpoint=Route(uninstall_preview), methods=["GET"]),
    Rule("/web/apps/<name>/uninstall", endpoint=Route(uninstall), methods=["POST"]),
]
