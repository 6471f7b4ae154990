"""API keys: secrets that scripts use instead of a user's password over XML-RPC/JSON-RPC.

A key is shown once, when it is made, and only its SHA-256 digest is stored (a key has 160
random bits, so a fast digest is as safe as a slow password hash and costs nothing per
call). The owner or a Settings administrator revokes it by deleting it::

    key = env["res.users.apikeys"].make_key("CI export", password="the user's password")
    uid = env["res.users"]._check_credentials_uid(uid, key)     # what the RPC layer does
    env["res.users.apikeys"].search([("name", "=", "CI export")]).remove()

A key with a ``scope`` is only valid for that scope (``"rpc"`` for the external API); a key
without one is valid for every scope, as in Odoo. Keys of archived users stop working.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

import sqlalchemy as sa

from core.base import access_cache
from core.exceptions import AccessError, UserError
from core.i18n import Domain
from core.orm import api, fields, models
from core.orm.environment import SUPERUSER_ID
from core.orm.fields.temporal import now

_ = Domain("base")

KEY_BYTES = 20          # 40 hexadecimal characters, as Odoo's keys
INDEX_SIZE = 8          # leading characters kept in clear to tell keys apart in lists


def digest(key: str) -> str:
    return "sha256$" + hashlib.sha256(key.encode("utf-8")).hexdigest()


class APIKeys(models.Model):
    _name = "res.users.apikeys"
    _description = "Users API Keys"
    _order = "create_date desc, id desc"

    name = fields.Char(string="Description", required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="User", required=True, readonly=True,
                              index=True, ondelete="cascade")
    scope = fields.Char(readonly=True)
    index = fields.Char(string="Key Prefix", size=INDEX_SIZE, readonly=True, index=True)
    key = fields.Char(string="Key Digest", internal=True, copy=False)
    expiration_date = fields.Datetime(string="Expiration Date", readonly=True)

    # -- making keys -----------------------------------------------------------------------
    @api.model
    def make_key(self, name: str, password: str, scope: str | None = None,
                 expiration_date: Any = None) -> str:
        """A new key for the current user, returned once; asks for their password again so
        that a stolen session cannot mint lasting credentials."""
        users = self.env["res.users"]
        users._check_own_password(password)
        if not (name or "").strip():
            raise UserError(_("An API key needs a description."))
        return self._generate(scope, name.strip(), expiration_date)

    @api.model
    def _generate(self, scope: str | None, name: str, expiration_date: Any = None) -> str:
        """Create a key for the current user and return it in clear (the only time)."""
        if self.env.uid == SUPERUSER_ID or not self.env.user.active:
            raise UserError(_("This user cannot have API keys."))
        key = secrets.token_hex(KEY_BYTES)
        self.sudo().create({
            "name": name, "user_id": self.env.uid, "scope": scope or False,
            "index": key[:INDEX_SIZE], "key": digest(key), "expiration_date": expiration_date,
        })
        return key

    # -- checking keys -----------------------------------------------------------------------
    @api.model
    def _check_credentials(self, *, scope: str, key: str) -> int | None:
        """The id of the active user owning ``key`` for ``scope``, or None."""
        if not key or len(key) != KEY_BYTES * 2:
            return None
        table = self._table_obj
        users = self.env["res.users"]._table_obj
        wanted = digest(key)
        rows = self.env.transaction.execute(
            sa.select(table.c.user_id, table.c.key)
            .select_from(table.join(users, users.c.id == table.c.user_id))
            .where(table.c.index == key[:INDEX_SIZE], users.c.active == sa.true(),
                   sa.or_(table.c.scope.is_(None), table.c.scope == scope),
                   sa.or_(table.c.expiration_date.is_(None),
                          table.c.expiration_date > now()))).all()
        for user_id, stored in rows:
            if stored and hmac.compare_digest(stored, wanted):
                return user_id
        return None

    # -- revoking ----------------------------------------------------------------------------
    @api.sudo_safe("removes only the caller's own keys unless the caller is a Settings "
                   "administrator (checked first)")
    def remove(self) -> bool:
        """Revoke these keys (their owner or a Settings administrator)."""
        if not self.env.is_system() and any(k.sudo().user_id.id != self.env.uid for k in self):
            raise AccessError(_("You can not remove API keys unless they're yours or you are "
                                "a system user"))
        return self.sudo().unlink()

    def unlink(self) -> bool:
        access_cache.invalidate(self.env)
        return super().unlink()

    def write(self, vals: dict) -> bool:
        if not self.env.su:
            raise AccessError(_("API keys cannot be changed, only revoked."))
        return super().write(vals)


MODELS = [APIKeys]
