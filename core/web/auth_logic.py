"""Sign-in and sign-out for the pages of the web client: what the login form calls.

The pages (``core/web/auth.py``) show forms and messages; the decisions are taken here and
in ``res.users`` so that the web client, the RPC layer and scripts share one behaviour::

    from core.web import auth_logic

    try:
        auth_logic.sign_in(ctx, form["login"], form["password"])
    except AccessDenied as exc:
        message = exc.translate(ctx.lang)   # "Access Denied" / "Too many failed sign-in ..."
    ...
    auth_logic.sign_out(ctx)

Errors are :class:`core.exceptions.AccessDenied` with a translated message that never says
which part was wrong. Failed attempts are recorded even though the request's transaction
may roll back, so the handler may let the error propagate (HTTP 403) or catch it and show
the form again (no rollback needed either way).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.orm.environment import SUPERUSER_ID, Environment
from core.web.session import Session, SessionExpired, client_address

if TYPE_CHECKING:
    from core.web.app import RequestContext


def sign_in(ctx: RequestContext, login: str, password: str) -> Session:
    """Check ``login``/``password`` and open a session for this browser.

    Applies the throttling of failed attempts (per login and per address; the address is
    the socket's peer, or the last X-Forwarded-For hop when the application runs with
    ``proxy_mode``), records the sign-in date, sets the ``session_id`` cookie on the
    response, and sets ``ctx.session``, ``ctx.uid`` and ``ctx.lang`` (the user's language)
    for the rest of the request. API keys are not accepted here, only passwords.

    Raises AccessDenied ("Access Denied", or "Too many failed sign-in attempts. Please try
    again in N min." while this login cools down at this address) — translated when shown,
    in ``ctx.lang``.
    """
    store = ctx.app.session_store
    request = ctx.request
    user_agent_env = {
        "REMOTE_ADDR": client_address(request, store.proxy_mode),
        "HTTP_USER_AGENT": request.user_agent.string,
        "base_location": request.host_url,
        "interactive": True,
    }
    users = Environment(ctx.transaction, SUPERUSER_ID, {"lang": ctx.lang})["res.users"]
    uid = users.authenticate(ctx.registry.db_name, login, password, user_agent_env)
    session = store.login(ctx, uid)
    ctx.lang = session.context.get("lang") or ctx.lang
    return session


def sign_out(ctx: RequestContext) -> None:
    """End the current session for good (its row is deleted, the cookie cleared). Does
    nothing for a visitor who is not signed in."""
    ctx.app.session_store.logout(ctx)


def change_password(ctx: RequestContext, old_password: str, new_password: str) -> Session:
    """Change the signed-in user's password (the old one is required).

    Every session of the user ends, on every device; this browser gets a new one, which is
    returned. Raises AccessDenied when ``old_password`` is wrong, ValidationError when the
    new one is too short, UserError when it is empty — all translated.
    """
    if ctx.uid is None:
        raise SessionExpired()
    ctx.env()["res.users"].change_password(old_password, new_password)
    ctx.session = None
    return ctx.app.session_store.login(ctx, ctx.uid)


def csrf_token(ctx: RequestContext) -> str:
    """The token every state-changing form must carry in its ``csrf_token`` field (or
    JavaScript in the ``X-CSRF-Token`` header): the session's, or for visitors who are not
    signed in, one bound to a cookie of their own (the sign-in form)."""
    return ctx.app.session_store.csrf_token(ctx)
