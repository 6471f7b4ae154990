"""What the chatter of a form shows, in one call: ``record.chatter_read()``.

The web client renders the ``<chatter/>`` of a form from this dictionary (and RPC clients
may call it too). It costs a fixed number of queries whatever the length of the history:
followers, activities and a page of messages with their authors, subtypes and tracking
lines are each read in one batch, and every text is already in the reader's language::

    {"model": "crm.lead", "res_id": 7, "can_write": True, "is_follower": True,
     "followers": [{"id": 3, "user_id": 2, "name": "Mitchell Admin", "initials": "MA"}],
     "activities": [{"id": 5, "type": "Call", "icon": "fa-phone", "state": "today",
                     "state_label": "Today", "date_deadline": "2024-05-06", ...}],
     "messages": [{"id": 9, "author": {...}, "date": "2024-05-06 09:12:00",
                   "body": "<p>...</p>", "is_note": False, "subtype": "Stage Changed",
                   "delivery_failures": [{"to": "Anna <anna@x.example>", "reason": "..."}],
                   "tracking": [{"field": "Stage", "old": "New", "new": "Won"}], ...}],
     "message_count": 14, "has_more": False, "activity_types": [...]}
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from core.exceptions import UserError
from core.i18n import Domain, format_date, format_datetime
from core.mail import dates
from core.mail.access import can_access
from core.mail.html import plain_to_html
from core.orm import fields, models

_ = Domain("mail")
MESSAGE_PAGE = 30


def initials(name: Any) -> str:
    words = [w for w in str(name or "").replace("-", " ").split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "?"


def _person(user: Any) -> dict[str, Any] | None:
    if not user:
        return None
    return {"id": user.id, "name": user.name, "initials": initials(user.name)}


class MailThreadChatter(models.AbstractModel):
    _inherit = "mail.thread"

    def chatter_read(self, limit: int = MESSAGE_PAGE, offset: int = 0) -> dict[str, Any]:
        """The followers, activities and a page of messages of one record (see module)."""
        self.ensure_one()
        self.check_access("read")
        lang, tz = self.env.lang, self.env.context.get("tz") or self.env.user.tz
        record = self.sudo().with_context(lang=lang)
        messages = self.env["mail.message"].sudo().search(
            [("model", "=", self._name), ("res_id", "=", self.id)],
            limit=limit, offset=offset)
        total = self.env["mail.message"].sudo().search_count(
            [("model", "=", self._name), ("res_id", "=", self.id)])
        followers = record.message_follower_ids
        can_write = can_access(self.env, self._name, self.id, "write")
        failures = delivery_failures(self.env, messages.ids)
        return {
            "model": self._name,
            "res_id": self.id,
            "display_name": record.display_name,
            "can_write": can_write,
            "is_follower": self.env.uid in followers.mapped("user_id").ids,
            "followers": [values for values in map(record._chatter_follower, followers)
                          if values],
            "to_followers": _("Followers of %(record)s",
                              record=record.display_name).translate(lang),
            "suggested_recipients": record._message_get_suggested_recipients()
            if can_write else [],
            "activities": self._chatter_activities(lang, tz),
            "messages": [{**self._chatter_message(m, lang, tz),
                          "delivery_failures": failures.get(m.id, [])}
                         for m in messages.with_context(lang=lang)],
            "message_count": total,
            "has_more": offset + len(messages) < total,
            "activity_types": self._chatter_activity_types(lang),
            "labels": chatter_labels(lang),
        }

    def _chatter_follower(self, follower: Any) -> dict[str, Any] | None:
        """What the chatter shows of a follower (the contacts addon adds partners)."""
        user = follower.user_id
        if not user:
            return None
        return {"id": follower.id, "user_id": user.id, "partner_id": False, "email": "",
                **_person(user)}

    def _chatter_message(self, message: Any, lang: str, tz: str | None) -> dict[str, Any]:
        values = _message(message, lang, tz)
        if not values["body"] and not values["tracking"] and message.subtype_id and \
                message.subtype_id == self._creation_subtype():   # "created", body-less
            values["body"] = plain_to_html(self.with_context(lang=lang)._creation_message(lang))
        return values

    def _message_get_suggested_recipients(self) -> list[dict[str, Any]]:
        """Who the composer proposes to add as followers before sending (Odoo's
        ``_message_get_suggested_recipients``): ``[{partner_id, name, email, reason}]``;
        the contacts addon proposes the record's customer. ``partner_id`` may be ``"new"``:
        a contact :meth:`_message_create_suggested_partner` makes when it is checked."""
        return []

    def _message_create_suggested_partner(self) -> Any:
        """The contact behind a ``"new"`` suggestion (crm: the opportunity's customer)."""
        raise UserError(_("This document cannot create the contact to write to."))

    def _chatter_activities(self, lang: str, tz: str | None) -> list[dict[str, Any]]:
        if "activity_ids" not in self._fields:
            return []
        activities = self.env["mail.activity"].sudo().with_context(lang=lang).search(
            [("res_model", "=", self._name), ("res_id", "=", self.id)])
        labels = dict(self.env["mail.activity"]._fields["state"]._options(activities))
        now = dates.utcnow()
        result = []
        for activity in activities:
            today = dates.today_in(activity.user_id.tz, now)
            state = dates.state_for(activity.date_deadline, today)
            result.append({
                "id": activity.id,
                "type": activity.activity_type_id.name or "",
                "type_id": activity.activity_type_id.id,
                "icon": activity.activity_type_id.icon or "fa-tasks",
                "category": activity.activity_type_id.category or "default",
                "summary": activity.summary or "",
                "note": activity.note or "",
                "date_deadline": fields.Date.to_string(activity.date_deadline),
                "date_display": format_date(activity.date_deadline, lang),
                "days": (activity.date_deadline - today).days,
                "state": state,
                "state_label": self.env._(labels[state]),
                "user": _person(activity.user_id),
                "can_write": activity.user_id.id == self.env.uid or can_access(
                    self.env, self._name, self.id, "write"),
            })
        return result

    def _chatter_activity_types(self, lang: str) -> list[dict[str, Any]]:
        types = self.env["mail.activity.type"].with_context(lang=lang)._for_model(self._name)
        return [{"id": t.id, "name": t.name, "icon": t.icon or "fa-tasks",
                 "delay": t.delay_label, "summary": t.summary or ""} for t in types]


LABELS = {
    "chatter": _("Chatter"), "send_message": _("Send message"), "log_note": _("Log note"),
    "schedule_activity": _("Schedule Activity"), "followers": _("Followers"),
    "follow": _("Follow"), "unfollow": _("Unfollow"), "activities": _("Activities"),
    "mark_done": _("Mark Done"), "cancel": _("Cancel"), "feedback": _("Feedback"),
    "message_placeholder": _("Send a message to followers..."),
    "note_placeholder": _("Log an internal note..."), "summary": _("Summary"),
    "due_date": _("Due Date"), "assigned_to": _("Assigned to"), "type": _("Activity Type"),
    "note": _("Note"), "schedule": _("Schedule"), "no_messages": _("No messages yet."),
    "older": _("Older messages"), "to": _("To:"), "internal_note": _("Internal note"),
    "remove_follower": _("Remove follower"), "suggested": _("Also add as followers"),
    "no_email": _("No e-mail address: add one to the contact to send them messages."),
    "retry_title": _("The message was not sent"), "back": _("Back"),
    "not_delivered": _("Not delivered by e-mail:"),
}


def chatter_labels(lang: str) -> dict[str, str]:
    """The chatter's texts in ``lang`` (the template itself holds none)."""
    return {key: text.translate(lang) for key, text in LABELS.items()}


def delivery_failures(env: Any, message_ids: list[int]) -> dict[int, list[dict[str, str]]]:
    """``{message id: [{to, reason}]}``: the e-mails of these messages the mail server
    refused (Odoo's red envelope). Read as trusted code: the caller may read the messages,
    and ``mail.mail`` itself is for administrators only."""
    if not message_ids or "mail.mail" not in env.registry:
        return {}
    table = env["mail.mail"]._table_obj
    rows = env.transaction.execute(
        sa.select(table.c.mail_message_id, table.c.email_to, table.c.failure_reason)
        .where(table.c.mail_message_id.in_(message_ids), table.c.state == "exception")
        .order_by(table.c.id))
    result: dict[int, list[dict[str, str]]] = {}
    for message_id, email_to, reason in rows:
        result.setdefault(message_id, []).append({"to": email_to or "",
                                                  "reason": reason or ""})
    return result


def _message(message: Any, lang: str, tz: str | None) -> dict[str, Any]:
    subtype = message.subtype_id
    return {
        "id": message.id,
        "author": _person(message.author_id),
        "date": fields.Datetime.to_string(message.date),
        "date_display": format_datetime(message.date, lang, tz, "short"),
        "body": message.body or "",
        "subject": message.subject or "",
        "message_type": message.message_type,
        "is_note": bool(message.is_internal),
        "subtype": subtype.name or "" if subtype else "",
        "activity_type": message.mail_activity_type_id.name or None,
        "tracking": [{"field": line.field_desc, "old": line.old_value_char or "",
                      "new": line.new_value_char or ""} for line in message.tracking_value_ids],
        "recipients": [_person(user) for user in message.recipient_ids],
    }


MODELS = [MailThreadChatter]
