"""Sign-in and sign-out pages: ``/web/login`` and ``/web/logout``.

The security layer (:mod:`core.web.auth_logic`) checks passwords, throttles failures and
opens or ends sessions; these handlers only show the form, pass what the visitor typed and
answer with a redirect or the form again with a clear, translated message. The form works
without JavaScript; ``redirect`` brings the visitor back to the page that asked them to
sign in (only paths of this site are followed).
"""

from __future__ import annotations

from werkzeug.routing import Rule
from werkzeug.utils import redirect
from werkzeug.wrappers import Response

from core.exceptions import AccessDenied, UserError
from core.i18n import LANGUAGES, Domain, using_lang
from core.web.app import RequestContext, Route
from core.web.client.page import render_page
from core.web.paths import is_local_path

_ = Domain("core")


def safe_target(target: str | None) -> str:
    """``target`` if it is a path of this site, else the home page."""
    if is_local_path(target) and not target.startswith("/web/login"):
        return target
    return "/web"


def _login_form(ctx: RequestContext, *, login: str = "", error: str = "",
                status: int = 200) -> Response:
    target = ctx.request.values.get("redirect", "")
    return render_page(ctx, "login.html", status=status, title=_("Log in").translate(ctx.lang),
                       login=login, error=error, redirect=target,
                       message=ctx.request.args.get("message", ""))


def login_page(ctx: RequestContext) -> Response:
    lang = ctx.request.args.get("lang")
    if lang in LANGUAGES:
        ctx.lang = lang
        with using_lang(lang):
            return _login_form(ctx)
    if ctx.uid is not None and ctx.request.method == "GET":
        return redirect(safe_target(ctx.request.args.get("redirect")), code=303)
    return _login_form(ctx)


def login_submit(ctx: RequestContext) -> Response:
    from core.web import auth_logic
    form = ctx.request.form
    login = form.get("login", "").strip()
    if "\x00" in login or "\x00" in form.get("password", ""):
        return _login_form(ctx, login=login.replace("\x00", ""), status=400, error=_(
            "The login and the password cannot contain the NUL character.").translate(ctx.lang))
    try:
        auth_logic.sign_in(ctx, login, form.get("password", ""))
    except AccessDenied as exc:
        message = exc.translate(ctx.lang) if exc.args and exc.args[0] else \
            _("Wrong login/password").translate(ctx.lang)
        # no rollback: what the security layer recorded (failed attempts) must stay
        return _login_form(ctx, login=login, error=message, status=401)
    except UserError as exc:
        return _login_form(ctx, login=login, error=exc.translate(ctx.lang), status=429)
    return redirect(safe_target(form.get("redirect")), code=303)


def logout(ctx: RequestContext) -> Response:
    from core.web import auth_logic
    auth_logic.sign_out(ctx)
    return redirect("/web/login", code=303)


ROUTES = [
    Rule("/web/login", endpoint=Route(login_page, auth="public"), methods=["GET"]),
    Rule("/web/login", endpoint=Route(login_submit, auth="public"), methods=["POST"]),
    Rule("/web/logout", endpoint=Route(logout, auth="public"), methods=["POST"]),
]
