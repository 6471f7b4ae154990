"""The few things the web client needs from the session layer (core.web.session).

Sessions, sign-in and CSRF checks belong to the security layer; pages only need the token
to put in their forms and a way to tell the session that the user's language or time zone
changed. Keeping these calls in one module keeps the client independent of how the
session store is built.
"""

from __future__ import annotations

from typing import Any

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRFToken"


def csrf_token(ctx: Any) -> str:
    """The CSRF token of the visitor's session (empty when there is no session store)."""
    store = getattr(ctx.app, "session_store", None)
    maker = getattr(store, "csrf_token", None)
    if callable(maker):
        return str(maker(ctx) or "")
    session = ctx.session
    token = getattr(session, "csrf_token", None)
    if callable(token):
        return str(token() or "")
    return str(token or "")


def update_context(ctx: Any, **values: Any) -> None:
    """Change the session's context (``lang``, ``tz``) for this and later requests."""
    store = getattr(ctx.app, "session_store", None)
    updater = getattr(store, "update_context", None)
    if callable(updater):
        updater(ctx, **values)
    elif ctx.session is not None:
        ctx.session.context.update(values)
        saver = getattr(store, "save", None)
        if callable(saver):
            saver(ctx)
    if "lang" in values:
        ctx.lang = values["lang"]
