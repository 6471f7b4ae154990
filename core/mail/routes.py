"""Web routes of the chatter: post, follow, schedule, mark done and cancel.

The chatter of a form (``templates/form/chatter.html``) is plain HTML forms posting here;
each handler acts as the signed-in user — so the ORM's access checks apply, and a message
over the size limit (:mod:`core.mail.limits`) is refused before anything is done — and sends
the browser back to the form (``back``, a local URL). Scripts asking for JSON get the
chatter's new data instead (``Accept: application/json``)::

    POST /mail/chatter/crm.lead/7/post       body=…&kind=message|note[&partner_ids=…]
    POST /mail/chatter/crm.lead/7/follow     (or /unfollow)
    POST /mail/chatter/crm.lead/7/followers/3/remove
    POST /mail/chatter/crm.lead/7/activity   activity_type_id, summary, date_deadline,
                                             user_id, note
    POST /mail/activity/5/done               feedback=…
    POST /mail/activity/5/cancel
"""

from __future__ import annotations

import json
from typing import Any

from werkzeug.exceptions import NotFound
from werkzeug.routing import Rule
from werkzeug.utils import redirect
from werkzeug.wrappers import Response

from core.exceptions import UserError
from core.i18n import Domain
from core.mail import limits
from core.mail.html import plain_to_html
from core.web.app import RequestContext, Route

_ = Domain("mail")


def _back_url(ctx: RequestContext) -> str:
    target = ctx.request.form.get("back") or ""
    if not target.startswith("/") or target.startswith("//"):
        target = "/web"
    return target


def _back(ctx: RequestContext, record: Any) -> Response:
    if "application/json" in (ctx.request.headers.get("Accept") or ""):
        data = record.chatter_read() if record else {}
        return Response(json.dumps(data, default=str), content_type="application/json")
    return redirect(f"{_back_url(ctx)}#chatter", code=303)


def _thread(ctx: RequestContext) -> Any:
    model, res_id = ctx.args["model"], ctx.args["res_id"]
    env = ctx.env()
    if model not in env.registry or "message_ids" not in env.registry[model]._fields:
        raise NotFound()
    record = env[model].browse(res_id).exists()
    if not record:
        raise NotFound()
    return record


def post(ctx: RequestContext) -> Response:
    record = _thread(ctx)
    form = ctx.request.form
    body = (form.get("body") or "").strip()
    if not body:
        raise UserError(_("Write a message first."))
    limits.check_body_sizes(record.env, [plain_to_html(body)])  # before anything is done
    if form.get("kind") != "message":
        record.message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_note")
        return _back(ctx, record)
    partner_ids = [value if value == "new" else _int(value)
                   for value in form.getlist("partner_ids")]
    try:
        with ctx.transaction.savepoint():
            chosen = [record._message_create_suggested_partner().id if value == "new"
                      else value for value in partner_ids]
            if chosen:
                record.message_subscribe(partner_ids=chosen)
            record.message_post(body=body, message_type="comment",
                                subtype_xmlid="mail.mt_comment")
    except UserError as exc:
        if "application/json" in (ctx.request.headers.get("Accept") or ""):
            raise
        return _compose_again(ctx, record, exc, {"body": body, "partner_ids": partner_ids})
    return _back(ctx, record)


def _compose_again(ctx: RequestContext, record: Any, exc: UserError,
                   draft: dict[str, Any]) -> Response:
    """The error and the composer with the draft; the request's transaction rolls back."""
    from core.web import errors
    from core.web.client.page import render_page
    chatter = record.chatter_read(limit=1)
    back = _back_url(ctx)
    response = render_page(ctx, "mail/compose_again.html", status=errors.status_of(exc),
                           title=chatter["labels"]["retry_title"], chatter=chatter,
                           error=errors.message_of(exc, ctx.lang), draft=draft, back=back,
                           base=f"/mail/chatter/{record._name}/{record.id}")
    response.rollback = True  # type: ignore[attr-defined]
    return response


def follow(ctx: RequestContext) -> Response:
    record = _thread(ctx)
    record.message_subscribe([ctx.uid])
    return _back(ctx, record)


def unfollow(ctx: RequestContext) -> Response:
    record = _thread(ctx)
    record.message_unsubscribe([ctx.uid])
    return _back(ctx, record)


def remove_follower(ctx: RequestContext) -> Response:
    """Remove a follower of the record (a user or a partner; needs write access)."""
    record = _thread(ctx)
    followers = ctx.env()["mail.followers"]
    follower = followers.sudo().browse(ctx.args["follower_id"]).exists()
    if not follower or (follower.res_model, follower.res_id) != (record._name, record.id):
        raise NotFound()
    followers.browse(follower.id).unlink()
    record._invalidate_chatter("message_follower_ids", "message_is_follower")
    return _back(ctx, record)


def schedule(ctx: RequestContext) -> Response:
    record = _thread(ctx)
    form = ctx.request.form
    values: dict[str, Any] = {"summary": form.get("summary") or False,
                              "note": form.get("note") or False}
    if form.get("date_deadline"):
        values["date_deadline"] = form["date_deadline"]
    if form.get("user_id"):
        values["user_id"] = _int(form["user_id"])
    if form.get("activity_type_id"):
        values["activity_type_id"] = _int(form["activity_type_id"])
    record.activity_schedule(**values)
    return _back(ctx, record)


def _activity(ctx: RequestContext) -> Any:
    activity = ctx.env()["mail.activity"].browse(ctx.args["activity_id"]).exists()
    if not activity:
        raise UserError(_("This activity does not exist any more."))
    document = activity.sudo()
    return activity, ctx.env()[document.res_model].browse(document.res_id)


def done(ctx: RequestContext) -> Response:
    activity, record = _activity(ctx)
    activity.action_done(feedback=(ctx.request.form.get("feedback") or "").strip() or False)
    return _back(ctx, record)


def cancel(ctx: RequestContext) -> Response:
    activity, record = _activity(ctx)
    activity.unlink()
    return _back(ctx, record)


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise UserError(_("Invalid value: %(value)s", value=value)) from None


def rules() -> list[Rule]:
    prefix = "/mail/chatter/<model>/<int:res_id>"
    return [
        Rule(f"{prefix}/post", endpoint=Route(post), methods=["POST"]),
        Rule(f"{prefix}/follow", endpoint=Route(follow), methods=["POST"]),
        Rule(f"{prefix}/unfollow", endpoint=Route(unfollow), methods=["POST"]),
        Rule(f"{prefix}/followers/<int:follower_id>/remove", endpoint=Route(remove_follower),
             methods=["POST"]),
        Rule(f"{prefix}/activity", endpoint=Route(schedule), methods=["POST"]),
        Rule("/mail/activity/<int:activity_id>/done", endpoint=Route(done), methods=["POST"]),
        Rule("/mail/activity/<int:activity_id>/cancel", endpoint=Route(cancel),
             methods=["POST"]),
    ]
