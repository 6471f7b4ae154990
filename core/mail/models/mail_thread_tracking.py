"""Tracked changes: one chatter message per record and write, listing old → new.

Fields declared with ``tracking=True`` (or a number, their order in the message) are
watched. Before a write their current values are taken from the cache — one read for the
whole batch, whichever fields the write touches, because computed fields change too (a new
salesperson brings a new sales team) — and afterwards compared; every record with changes
gets one message with one ``mail.tracking.value`` per changed field, in the author's
language. All messages and lines of a write are inserted in two statements.

A model chooses the subtype of such messages (``_track_subtype``: "Stage Changed",
"Opportunity Won" ...) and code may attach a text to the next tracking message of a record
(``_track_set_log_message``), as the "Mark Lost" wizard does with its closing note.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from core.mail import tracking
from core.orm import models
from core.tools.context import clean_context

TRACK_LOG_MEMO = "mail.track.log_message"


class MailThreadTracking(models.AbstractModel):
    _inherit = "mail.thread"

    @classmethod
    def _tracked_field_list(cls) -> tuple[Any, ...]:
        cached = cls.__dict__.get("_tracked_fields_cache")
        if cached is None:
            cached = tuple(field for field in cls._fields.values()
                           if field.tracking and field.type in tracking.TRACKABLE_TYPES)
            cls._tracked_fields_cache = cached
        return cached

    def _tracking_disabled(self) -> bool:
        context = self.env.context
        return bool(context.get("tracking_disable") or context.get("mail_notrack"))

    def write(self, vals: dict) -> bool:
        if not self._ids or self._is_new() or self.env.context.get("tracking_disable"):
            return super().write(vals)
        fields_ = () if self._tracking_disabled() else self._tracked_field_list()
        initial = self._tracking_snapshot(fields_)
        result = super().write(vals)
        if initial:
            self._message_track(fields_, initial)
        self._message_subscribe_user_fields(vals)
        return result

    def _tracking_snapshot(self, fields_: tuple[Any, ...]) -> dict[Any, dict]:
        """``{field: {id: value}}`` of the tracked fields before a write (cache format)."""
        if not fields_:
            return {}
        records = self.sudo().with_context(active_test=False)
        return {field: {rid: data.get(rid) for rid in records._ids}
                for field in fields_
                for data in [records._ensure_cached(field)]}

    def _message_track(self, fields_: tuple[Any, ...], initial: dict[Any, dict]) -> None:
        """Write the tracking messages of the changes since ``initial``."""
        records = self.sudo().with_context(active_test=False).exists()
        changes: dict[int, list[tuple[Any, Any, Any]]] = {}
        for field in fields_:
            now = records._ensure_cached(field)
            for rid in records._ids:
                old, new = initial[field].get(rid), now.get(rid)
                if not _same(old, new):
                    changes.setdefault(rid, []).append((field, old, new))
        if changes:
            self.browse(list(changes))._message_track_post(changes)

    def _message_track_post(self, changes: dict[int, list[tuple[Any, Any, Any]]]) -> None:
        lang, tz = self._author_lang(), self.env.user.tz
        pending = self.env.transaction.memo.get(TRACK_LOG_MEMO, {})
        vals_list, lines = [], []
        note = self.env.ref("mail.mt_note")
        for record in self.sudo().with_context(active_test=False):
            record_changes = changes[record.id]
            subtype = record._subtype_of(
                record._track_subtype({f.name: (o, n) for f, o, n in record_changes}))
            body = pending.pop((self._name, record.id), None)
            vals_list.append({"res_id": record.id, "body": body or Markup(""),
                              "subtype_id": (subtype or note).id})
            lines.append([tracking.values_of(f, record, o, n, lang, tz)
                          for f, o, n in sorted(record_changes,
                                                key=lambda c: _sequence(c[0]))])
        messages = self._message_create_many(vals_list)
        self.env["mail.tracking.value"].sudo().with_context(
            clean_context(self.env.context)).create([
            {**line, "message_id": message.id}
            for message, message_lines in zip(messages, lines) for line in message_lines])

    def _track_subtype(self, changes: dict[str, tuple[Any, Any]]) -> Any:
        """The subtype (a record or an external id) of the tracking message of one record;
        ``changes`` maps the changed field names to (old, new) cache values. None gives an
        internal note."""
        return None

    def _subtype_of(self, subtype: Any) -> Any:
        """A subtype record from a record, an external id (looked up once per transaction)
        or None."""
        if not isinstance(subtype, str):
            return subtype
        memo = self.env.transaction.memo.setdefault("mail.subtype_refs", {})
        if subtype not in memo:
            record = self.env.ref(subtype, raise_if_not_found=False)
            memo[subtype] = record.id if record is not None else None
        subtype_id = memo[subtype]
        return self.env["mail.message.subtype"].sudo().browse(subtype_id) if subtype_id \
            else None

    def _track_set_log_message(self, body: Any) -> None:
        """Attach ``body`` to the next tracking message of each record of ``self``."""
        memo = self.env.transaction.memo.setdefault(TRACK_LOG_MEMO, {})
        for rid in self.ids:
            memo[(self._name, rid)] = body

    def _track_pop_log_message(self) -> dict[int, Any]:
        """The texts attached by ``_track_set_log_message`` that no change consumed."""
        memo = self.env.transaction.memo.get(TRACK_LOG_MEMO, {})
        return {rid: memo.pop((self._name, rid)) for rid in self.ids
                if (self._name, rid) in memo}


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, float) or isinstance(new, float):
        return round(old or 0.0, 6) == round(new or 0.0, 6)
    return old == new or (not old and not new and old in (None, False, "")
                          and new in (None, False, ""))


def _sequence(field: Any) -> int:
    value = field.tracking
    return value if isinstance(value, int) and not isinstance(value, bool) else 100


MODELS = [MailThreadTracking]
