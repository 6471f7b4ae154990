"""One-time notes after a button: "Congrats, you won this opportunity!".

A button's method may answer with an ``effect`` (Odoo's rainbow man) whose message the
user should see on the next page. The web client keeps no state between requests, so the
message travels in the redirect URL (``note``) with a signature (``note_sig``) made with
the database secret and for this user: a link crafted elsewhere, or passed on to someone
else, cannot make the application display text it did not write for them. Pages show a valid note once; the parameters do not travel further.
"""

from __future__ import annotations

from typing import Any

from core.web.client.urls import with_query

PARAMS = ("note", "note_sig")
MAX_LENGTH = 300


def effect_message(result: Any) -> str:
    """The message of a button's ``{"effect": {"message": ...}}`` answer, else ''."""
    effect = result.get("effect") if isinstance(result, dict) else None
    message = effect.get("message") if isinstance(effect, dict) else None
    return str(message)[:MAX_LENGTH] if message else ""


def with_note(ctx: Any, url: str, message: str) -> str:
    """``url`` carrying ``message`` (signed) for the next page."""
    if not message:
        return url
    signature = ctx.app.session_store.sign(ctx, f"note:{ctx.uid}", message)
    return with_query(url, PARAMS, [("note", message), ("note_sig", signature)])


def note_of(ctx: Any) -> str | None:
    """The note of this request, when its signature is ours."""
    args = ctx.request.args
    message, signature = args.get("note"), args.get("note_sig")
    if not message or not signature or len(message) > MAX_LENGTH:
        return None
    store = ctx.app.session_store
    return message if store.verify(ctx, f"note:{ctx.uid}", message, signature) else None
