"""Server-side web sessions: one row per signed-in browser, holding only a hash of its token.

The browser keeps a random token in the ``session_id`` cookie; the database keeps its
SHA-256 digest, the user, the times that decide expiry, the address and user agent of the
sign-in (shown to administrators) and the session's context (language, time zone). Any
worker can therefore serve any request, and a stolen database copy holds no usable token.

The web layer (:mod:`core.web.session`) is the only caller; these methods use plain SQL so
that resolving a session costs exactly one query per request::

    info = env["res.users.session"]._lookup(token)    # dict or None, one SELECT
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from typing import Any

import sqlalchemy as sa

from core.orm import fields, models
from core.orm.fields.temporal import now

IDLE_TIMEOUT = dt.timedelta(days=7)       # a session unused this long is over
MAX_LIFETIME = dt.timedelta(days=30)      # and none lives longer than this
TOUCH_INTERVAL = dt.timedelta(minutes=5)  # last activity is written at most this often


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class UserSession(models.Model):
    _name = "res.users.session"
    _description = "User Session"
    _order = "last_activity desc, id desc"
    _rec_name = "user_agent"
    _sql_constraints = [("token_hash_uniq", "unique(token_hash)", "Session tokens are unique.")]

    token_hash = fields.Char(required=True, internal=True, copy=False)
    user_id = fields.Many2one("res.users", string="User", required=True, index=True,
                              ondelete="cascade", readonly=True)
    last_activity = fields.Datetime(string="Last Activity", readonly=True)
    expiration = fields.Datetime(string="Expires On", readonly=True, index=True)
    remote_addr = fields.Char(string="IP Address", readonly=True)
    user_agent = fields.Char(string="Browser", readonly=True)
    context = fields.Text(readonly=True)

    def _open(self, uid: int, remote_addr: str | None, user_agent: str | None,
              context: dict[str, Any]) -> tuple[int, str]:
        """Start a session for ``uid``; returns (row id, clear token — never stored)."""
        token = secrets.token_urlsafe(32)
        stamp = now()
        table = self._table_obj
        row_id = self.env.transaction.execute(table.insert().values(
            token_hash=token_digest(token), user_id=uid, last_activity=stamp,
            expiration=stamp + MAX_LIFETIME, remote_addr=(remote_addr or "")[:64] or None,
            user_agent=(user_agent or "")[:256] or None, context=json.dumps(context),
            create_uid=uid, create_date=stamp, write_uid=uid, write_date=stamp,
        ).returning(table.c.id)).scalar_one()
        self._purge_expired(stamp)
        return row_id, token

    def _lookup(self, token: str) -> dict[str, Any] | None:
        """The session of ``token`` (one query): its user, who must be active, and its
        context — the user's language and time zone unless the session changed them. None
        when unknown; whether it expired is for the caller to decide (``_is_expired``)."""
        table = self._table_obj
        users = self.env["res.users"]._table_obj
        row = self.env.transaction.execute(
            sa.select(table.c.id, table.c.user_id, table.c.context, table.c.last_activity,
                      table.c.expiration, users.c.lang, users.c.tz)
            .select_from(table.join(users, users.c.id == table.c.user_id))
            .where(table.c.token_hash == token_digest(token), users.c.active == sa.true())
        ).first()
        if row is None:
            return None
        context = {k: v for k, v in (("lang", row.lang), ("tz", row.tz)) if v}
        context.update(json.loads(row.context or "{}"))   # what the session itself changed
        context["uid"] = row.user_id
        return {"id": row.id, "uid": row.user_id, "context": context,
                "last_activity": row.last_activity, "expiration": row.expiration}

    def _touch(self, session_id: int) -> None:
        table = self._table_obj
        self.env.transaction.execute(
            table.update().where(table.c.id == session_id).values(last_activity=now()))

    def _end(self, session_id: int) -> None:
        table = self._table_obj
        self.env.transaction.execute(table.delete().where(table.c.id == session_id))

    def _end_user_sessions(self, uid: int) -> None:
        """End every session of ``uid`` (password changed, user archived)."""
        table = self._table_obj
        self.env.transaction.execute(table.delete().where(table.c.user_id == uid))

    def _purge_expired(self, stamp: dt.datetime | None = None) -> None:
        stamp = stamp or now()
        table = self._table_obj
        self.env.transaction.execute(table.delete().where(sa.or_(
            table.c.expiration < stamp, table.c.last_activity < stamp - IDLE_TIMEOUT)))

    @staticmethod
    def _is_expired(info: dict[str, Any], stamp: dt.datetime | None = None) -> bool:
        stamp = stamp or now()
        last = info["last_activity"]
        return (info["expiration"] is not None and info["expiration"] < stamp) or (
            last is not None and last < stamp - IDLE_TIMEOUT)


MODELS = [UserSession]
