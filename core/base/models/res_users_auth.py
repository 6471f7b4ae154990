"""Signing in: checking a login and a password (or an API key), as the web and RPC layers do.

Three entry points, with Odoo's names::

    uid = env["res.users"].authenticate(db, login, password, {"REMOTE_ADDR": ip,
                                        "interactive": True})      # sign-in page, RPC login
    uid = env["res.users"]._login(login, password, user_agent_env)     # the same, no bookkeeping
    env["res.users"]._check_credentials_uid(uid, password_or_key)      # every RPC call

Every failure is the same ``AccessDenied("Access Denied")`` — wrong password, unknown login
and archived user alike — and costs the same: an unknown login still computes a scrypt
hash, the comparison is constant-time. Failures are counted per (login, address) and
cool that login down at that address only (:mod:`core.base.models.res_users_throttle`);
passwords are never logged or stored in clear.
A successful RPC credential check is remembered for a minute, for the caller's address,
under an HMAC of the secret with a key that lives only in this process. A password hash made
at a lower cost than the current one (:mod:`core.base.passwords`) is replaced at the first
successful check with the password, without ending the user's sessions.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import time
from typing import Any

import sqlalchemy as sa

from core.base import access_cache, login_date
from core.base.passwords import hash_password, needs_rehash, verify_password
from core.exceptions import AccessDenied, UserError
from core.i18n import Domain
from core.orm import api, models

_ = Domain("base")
_logger = logging.getLogger(__name__)

CREDENTIALS_TTL = 60.0                      # seconds a successful RPC check is remembered
_PROCESS_KEY = secrets.token_bytes(32)      # keys the memo of credentials; never stored
_API_KEY_RE = re.compile(r"^[0-9a-f]{40}$")


class UsersAuth(models.Model):
    _inherit = "res.users"

    # -- signing in -------------------------------------------------------------------------
    @api.private
    @api.model
    def authenticate(self, db: str, login: str, password: str,
                     user_agent_env: dict[str, Any] | None = None) -> int:
        """The uid of ``login`` if ``password`` is right; records the sign-in date after
        commit, skipped when the user's row is busy (:mod:`core.base.login_date`).

        ``db`` must name this database (or be empty). ``user_agent_env`` may carry
        ``REMOTE_ADDR`` (throttling per address) and ``interactive`` (True for the sign-in
        page: API keys are accepted only when it is false, i.e. for RPC clients)."""
        if db and db != self.env.registry.db_name:
            raise AccessDenied()
        uid = self._login(login, password, user_agent_env)
        login_date.record_after_commit(self.env, uid)   # never a write conflict of ours
        return uid

    @api.model
    def _login(self, login: str, password: str,
               user_agent_env: dict[str, Any] | None = None) -> int:
        """The uid of ``login`` if ``password`` (or, non-interactively, an API key) is right;
        AccessDenied otherwise, identical for every cause."""
        info = user_agent_env or {}
        address = info.get("REMOTE_ADDR")
        attempts = self.env["res.users.login.attempt"].sudo()
        attempts._check_not_throttled(login, address)
        lower = self.env.registry.dialect.lower
        row = self._auth_row(lower(self._table_obj.c.login)
                             == str(login or "").strip().lower()) if login else None
        ok = by_password = verify_password(password or "", row.password_hash if row else None)
        if not ok and not info.get("interactive"):
            ok = self._api_key_owner(password) == (row.id if row else -1)
        if not (ok and row is not None and row.active):
            attempts._record_failure(login, address)
            _logger.warning("Login failed for login %r from %s", login, address or "?")
            raise AccessDenied()
        if by_password:
            self._upgrade_password_hash(row, password)
        attempts._clear_failures(login, address)
        _logger.info("Login successful for login %r from %s", login, address or "?")
        return row.id

    @api.model
    def _check_credentials_uid(self, uid: int, password: str,
                               user_agent_env: dict[str, Any] | None = None) -> int:
        """``uid`` if ``password`` is its password or one of its API keys (scope "rpc") and
        the user is active; AccessDenied otherwise. Used by the RPC layer on every call."""
        if not password or not isinstance(password, str) or not isinstance(uid, int):
            raise AccessDenied()
        address = (user_agent_env or {}).get("REMOTE_ADDR")
        # per address: a cooled-down address must not test guesses against the memo
        digest = hmac.new(_PROCESS_KEY, password.encode("utf-8"), hashlib.sha256).digest()
        memo_key = ("credentials", uid, address, digest)
        caches = self.env.registry.caches
        if not access_cache.is_dirty(self.env) and caches.get(memo_key, 0.0) > time.monotonic():
            return uid
        row = self._auth_row(self._table_obj.c.id == uid)
        attempts = self.env["res.users.login.attempt"].sudo()
        login = row.login if row is not None else f"#{uid}"
        attempts._check_not_throttled(login, address)
        ok = bool(_API_KEY_RE.match(password)) and self._api_key_owner(password) == uid
        if not ok:
            ok = verify_password(password, row.password_hash if row else None)
            if ok and row is not None and row.active:
                self._upgrade_password_hash(row, password)
        if not (ok and row is not None and row.active):
            attempts._record_failure(login, address)
            _logger.warning("Credentials check failed for uid %s from %s", uid, address or "?")
            raise AccessDenied()
        if not access_cache.is_dirty(self.env):
            caches[memo_key] = time.monotonic() + CREDENTIALS_TTL
        return uid

    # -- the user's own password ----------------------------------------------------------------
    @api.model
    def change_password(self, old_passwd: str, new_passwd: str) -> bool:
        """Change the current user's password; the old one is required. Ends the user's
        sessions (the web layer opens a new one for the current browser)."""
        if not (new_passwd or "").strip():
            raise UserError(_("Setting empty passwords is not allowed for security reasons!"))
        self._check_own_password(old_passwd)
        self.env.user._set_password(new_passwd)
        return True

    @api.model
    def _check_own_password(self, password: str) -> None:
        """AccessDenied unless ``password`` is the current user's (throttled like sign-in)."""
        row = self._auth_row(self._table_obj.c.id == self.env.uid)
        login = row.login if row is not None else f"#{self.env.uid}"
        attempts = self.env["res.users.login.attempt"].sudo()
        attempts._check_not_throttled(login, None)
        if not verify_password(password or "", row.password_hash if row else None):
            attempts._record_failure(login, None)
            raise AccessDenied()

    # -- helpers ------------------------------------------------------------------------------
    def _upgrade_password_hash(self, row: Any, password: str) -> None:
        """Store a new hash of ``password`` (just verified against ``row``) when the stored
        one was made at a lower cost; unlike ``_set_password``, sessions stay open."""
        if not password or not needs_rehash(row.password_hash):
            return
        table = self._table_obj
        self.env.transaction.execute(table.update().where(
            table.c.id == row.id, table.c.password_hash == row.password_hash).values(
            password_hash=hash_password(password)))
        self.env.transaction.cache.invalidate([self._fields["password_hash"]], [row.id])
        _logger.info("Password hash of uid %s upgraded to the current cost", row.id)

    def _auth_row(self, condition: Any) -> Any:
        """(id, login, active, password_hash) of the user matching ``condition``, or None."""
        table = self._table_obj
        return self.env.transaction.execute(
            sa.select(table.c.id, table.c.login, table.c.active, table.c.password_hash)
            .where(condition).limit(1)).first()

    def _api_key_owner(self, key: str) -> int | None:
        if not key or not isinstance(key, str):
            return None
        return self.env["res.users.apikeys"].sudo()._check_credentials(scope="rpc", key=key)


MODELS = [UsersAuth]
