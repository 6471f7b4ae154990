"""The web session routes clients use instead of the stateless services (odooly's web mode).

A client signs in once with ``/web/session/authenticate`` and gets a ``session_id`` cookie
(kept server-side by :mod:`core.web.session`, the same sessions the web pages use); then
every ORM call goes through ``/web/dataset/call_kw/<model>/<method>`` with that cookie. The
base context of such calls is the session's (language, time zone), completed by the
``context`` the client sends. Without a valid cookie these routes answer Odoo's code-100
"session expired" error (the application does that for ``auth="user"`` routes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.exceptions import AccessError
from core.i18n import LANGUAGES, Domain, using_lang
from core.orm.environment import Environment
from core.rpc.call_kw import call_kw, check_method_name, split_context
from core.rpc.faults import LANG_KEY
from core.rpc.services import call_lang, version_info

if TYPE_CHECKING:
    from core.web.app import RequestContext

_ = Domain("core")


def webclient_version_info(ctx: RequestContext, params: dict[str, Any]) -> Any:
    return version_info()


def database_list(ctx: RequestContext, params: dict[str, Any]) -> Any:
    assert ctx.registry is not None
    return [ctx.registry.db_name]


def lang_list(ctx: RequestContext, params: dict[str, Any]) -> Any:
    return [[code, name] for code, name in LANGUAGES.items()]


# -- sessions --------------------------------------------------------------------------------
def authenticate(ctx: RequestContext, params: dict[str, Any]) -> Any:
    """Sign in (password only, as Odoo's web sign-in) and answer with session_info."""
    from core.web import auth_logic
    assert ctx.registry is not None
    db = params.get("db")
    if db and db != ctx.registry.db_name:
        raise AccessError(_("Database not found."))
    auth_logic.sign_in(ctx, str(params.get("login") or ""), str(params.get("password") or ""))
    return session_info(ctx)


def get_session_info(ctx: RequestContext, params: dict[str, Any]) -> Any:
    return session_info(ctx)


def check(ctx: RequestContext, params: dict[str, Any]) -> Any:
    return None


def destroy(ctx: RequestContext, params: dict[str, Any]) -> Any:
    from core.web import auth_logic
    auth_logic.sign_out(ctx)
    return None


def session_info(ctx: RequestContext) -> dict[str, Any]:
    """What Odoo's web client learns about the signed-in user (uid is never null here)."""
    from core.rpc.services import VERSION_INFO
    assert ctx.registry is not None and ctx.uid is not None
    context = dict(ctx.session.context) if ctx.session is not None else {}
    context.setdefault("uid", ctx.uid)
    env = Environment(ctx.transaction, ctx.uid, context)  # type: ignore[arg-type]
    user = env.user
    company = user.company_id
    companies = user.company_ids or company
    return {
        "uid": ctx.uid, "is_system": env.is_system(), "is_admin": env.is_admin(),
        "is_public": False, "user_context": context, "db": ctx.registry.db_name,
        "server_version": VERSION_INFO["server_version"],
        "server_version_info": list(VERSION_INFO["server_version_info"]),
        "name": user.name, "username": user.login, "partner_display_name": user.name,
        "partner_id": _partner_id(user), "company_id": company.id,
        "web.base.url": ctx.request.host_url.rstrip("/"),
        "user_companies": {"current_company": company.id, "allowed_companies": {
            c.id: {"id": c.id, "name": c.name, "sequence": c.sequence} for c in companies}},
        "currencies": {c.id: {"symbol": c.symbol, "position": c.position or "after",
                              "digits": [69, c.decimal_places or 2]}
                       for c in env["res.currency"].sudo().search([])},
        "show_effect": False, "display_switch_company_menu": len(companies) > 1,
    }


def _partner_id(user: Any) -> Any:
    field = user._fields.get("partner_id")
    return user.partner_id.id if field is not None and user.partner_id else False


# -- ORM calls -------------------------------------------------------------------------------
def _web_call(ctx: RequestContext, params: dict[str, Any]) -> Any:
    assert ctx.uid is not None
    model, name = params.get("model"), params.get("method")
    context, kwargs = split_context(params.get("kwargs"))
    base = dict(ctx.session.context) if ctx.session is not None else {}
    env = Environment(ctx.transaction, ctx.uid, {**base, **context})  # type: ignore[arg-type]
    lang = ctx.request.environ[LANG_KEY] = call_lang(env.context, ctx.lang)
    check_method_name(name)
    records = env[model]      # an unknown model is a KeyError here, as in Odoo
    with using_lang(lang):
        return call_kw(records, name, params.get("args") or [], kwargs)


def dataset_call_kw(ctx: RequestContext, params: dict[str, Any]) -> Any:
    return _web_call(ctx, params)


def dataset_call_button(ctx: RequestContext, params: dict[str, Any]) -> Any:
    """Like call_kw; a dict result is an action for the client, anything else False."""
    result = _web_call(ctx, params)
    if isinstance(result, dict):
        action = dict(result)
        action.setdefault("type", "ir.actions.act_window_close")
        return action
    return False
