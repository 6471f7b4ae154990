"""The user's preferences: language, time zone and password.

Only the signed-in user's own ``lang`` and ``tz`` are written (trusted code restricted to
those two fields of that one record), the session follows at once so the next page is in
the new language. Changing the password asks for the current one.
"""

from __future__ import annotations

from typing import Any

from werkzeug.routing import Rule
from werkzeug.utils import redirect
from werkzeug.wrappers import Response

from core.exceptions import AccessDenied, UserError
from core.i18n import LANGUAGES, Domain
from core.web.app import RequestContext, Route
from core.web.client.page import render_page
from core.web.client.session_api import update_context

_ = Domain("core")


def _timezones(env: Any) -> list[tuple[str, str]]:
    field = env["res.users"]._fields["tz"]
    return [(v, str(label)) for v, label in field._options(env["res.users"])]


def _page(ctx: RequestContext, *, errors: dict[str, str] | None = None, message: str = "",
          status: int = 200) -> Response:
    env = ctx.env()
    user = env.user.sudo()
    return render_page(ctx, "preferences.html", status=status,
                       title=_("Preferences").translate(ctx.lang), me=user,
                       timezones=_timezones(env), errors=errors or {},
                       message=message or ctx.request.args.get("saved", "") and
                       _("Your preferences were saved.").translate(ctx.lang))


def show(ctx: RequestContext) -> Response:
    return _page(ctx)


def save(ctx: RequestContext) -> Response:
    form = ctx.request.form
    env = ctx.env()
    values: dict[str, Any] = {}
    if form.get("lang") in LANGUAGES:
        values["lang"] = form["lang"]
    zones = {v for v, _label in _timezones(env)}
    if form.get("tz") in zones:
        values["tz"] = form["tz"]
    if values:
        env.user.sudo().write(values)
        update_context(ctx, **values)
    return redirect("/web/preferences?saved=1", code=303)


def change_password(ctx: RequestContext) -> Response:
    form = ctx.request.form
    old, new, confirm = (form.get(k, "") for k in ("old_password", "new_password",
                                                    "confirm_password"))
    errors: dict[str, str] = {}
    if new != confirm:
        errors["confirm_password"] = _("The new passwords do not match.").translate(ctx.lang)
    if not old:
        errors["old_password"] = _("This field is required.").translate(ctx.lang)
    if not errors:
        errors = _apply_password(ctx, old, new)
    if errors:
        response = _page(ctx, errors=errors, status=422)
        response.rollback = True  # type: ignore[attr-defined]
        return response
    return redirect("/web/preferences?saved=1", code=303)


def _apply_password(ctx: RequestContext, old: str, new: str) -> dict[str, str]:
    from core.web import auth_logic
    try:
        with ctx.env().transaction.savepoint():
            auth_logic.change_password(ctx, old, new)
    except AccessDenied:
        return {"old_password": _("The current password is wrong.").translate(ctx.lang)}
    except UserError as exc:
        return {"new_password": exc.translate(ctx.lang)}
    return {}


ROUTES = [
    Rule("/web/preferences", endpoint=Route(show), methods=["GET"]),
    Rule("/web/preferences", endpoint=Route(save), methods=["POST"]),
    Rule("/web/preferences/password", endpoint=Route(change_password), methods=["POST"]),
]
