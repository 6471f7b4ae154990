"""Users and groups.

A user belongs to groups; a group may imply others ("Sales / Administrator" implies "Sales /
User: All Documents", which implies "User: Own Documents Only", which implies "Internal
User"). Implied groups are written onto the user, as Odoo does, so that membership is one
lookup. Passwords are kept only as salted scrypt hashes in a column no user can read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Any

import sqlalchemy as sa

from core.exceptions import AccessDenied, ValidationError
from core.i18n import LANGUAGES, Domain
from core.orm import api, fields, models

_ = Domain("base")

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash`` with a random salt (base64 parts)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R,
                            p=SCRYPT_P, dklen=32)
    return "scrypt${}${}${}${}${}".format(
        SCRYPT_N, SCRYPT_R, SCRYPT_P, base64.b64encode(salt).decode(),
        base64.b64encode(digest).decode())


def verify_password(password: str, stored: str | None) -> bool:
    """Timing-safe comparison of ``password`` with a stored hash."""
    if not stored or not stored.startswith("scrypt$"):
        hashlib.scrypt(b"x", salt=b"0" * 16, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
        return False
    try:
        _scheme, n, r, p, salt, digest = stored.split("$")
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt),
                                n=int(n), r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _tz_selection(model: Any) -> list[tuple[str, str]]:
    from zoneinfo import available_timezones
    return [(tz, tz) for tz in sorted(available_timezones()) if "/" in tz]


class ModuleCategory(models.Model):
    _name = "ir.module.category"
    _description = "Application"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    parent_id = fields.Many2one("ir.module.category", string="Parent Application",
                                ondelete="cascade")
    visible = fields.Boolean(default=True)
    group_ids = fields.One2many("res.groups", "category_id", string="Groups")


class Groups(models.Model):
    _name = "res.groups"
    _description = "Access Groups"
    _order = "category_id, sequence, name, id"
    _rec_name = "full_name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    category_id = fields.Many2one("ir.module.category", string="Application", index=True)
    full_name = fields.Char(compute="_compute_full_name", search="_search_full_name")
    implied_ids = fields.Many2many("res.groups", "res_groups_implied_rel", "gid", "hid",
                                   string="Inherits")
    users = fields.Many2many("res.users", "res_groups_users_rel", "gid", "uid",
                             string="Users")
    comment = fields.Text(translate=True)
    share = fields.Boolean(string="Share Group")

    @api.depends("name", "category_id.name")
    def _compute_full_name(self) -> None:
        for group in self:
            if group.category_id:
                group.full_name = f"{group.category_id.name} / {group.name}"
            else:
                group.full_name = group.name

    def _search_full_name(self, operator: str, value: Any) -> list:
        if isinstance(value, str) and " / " in value:
            category, _sep, name = value.rpartition(" / ")
            return [("category_id.name", operator, category), ("name", operator, name)]
        return ["|", ("name", operator, value), ("category_id.name", operator, value)]

    def _implied_closure(self) -> Any:
        """These groups and every group they imply, transitively."""
        result = self
        todo = self
        while todo:
            implied = todo.mapped("implied_ids") - result
            result |= implied
            todo = implied
        return result

    def write(self, vals: dict) -> bool:
        result = super().write(vals)
        if "implied_ids" in vals or "users" in vals:
            for group in self:
                closure = group._implied_closure()
                for user in group.users:
                    missing = closure - user.groups_id
                    if missing:
                        user.write({"groups_id": [(4, g.id) for g in missing]})
        if {"implied_ids", "users"} & set(vals):
            self.env.registry.clear_caches()
        return result


class Users(models.Model):
    _name = "res.users"
    _description = "User"
    _order = "name, login"
    _sql_constraints = [
        ("login_key", "unique(login)", "You can not have two users with the same login!"),
    ]

    name = fields.Char(required=True, index=True)
    login = fields.Char(required=True, help="Used to log into the system")
    email = fields.Char()
    active = fields.Boolean(default=True)
    password = fields.Char(compute="_compute_password", inverse="_inverse_password",
                           string="Password", copy=False, store=False)
    password_hash = fields.Char(copy=False, internal=True)
    lang = fields.Selection(selection=lambda self: list(LANGUAGES.items()), string="Language",
                            default=lambda self: self.env.lang if self.env.lang in LANGUAGES
                            else "en_US")
    tz = fields.Selection(selection=_tz_selection, string="Timezone",
                          default=lambda self: self.env.context.get("tz") or False)
    company_id = fields.Many2one("res.company", string="Company", required=True,
                                 default=lambda self: self.env.company if self.env.uid else 1)
    company_ids = fields.Many2many("res.company", "res_company_users_rel", "user_id", "cid",
                                   string="Companies",
                                   default=lambda self: self.env.company if self.env.uid else 1)
    groups_id = fields.Many2many("res.groups", "res_groups_users_rel", "uid", "gid",
                                 string="Groups")
    share = fields.Boolean(compute="_compute_share", store=True, string="Share User")
    signature = fields.Html()

    # -- password ---------------------------------------------------------------------
    def _compute_password(self) -> None:
        for user in self:
            user.password = ""

    def _inverse_password(self) -> None:
        for user in self:
            if user.password:
                user._set_password(user.password)

    def _set_password(self, password: str) -> None:
        if not password or len(password) < 8:
            raise ValidationError(_("The password must have at least 8 characters."))
        self.ensure_one()
        table = self._table_obj
        self.env.transaction.execute(table.update().where(table.c.id == self.id).values(
            password_hash=hash_password(password)))
        self.env.transaction.cache.invalidate([self._fields["password_hash"]], self._ids)

    def _check_password(self, password: str) -> None:
        """AccessDenied unless ``password`` is this user's (timing-safe)."""
        self.ensure_one()
        table = self._table_obj
        stored = self.env.transaction.execute(
            sa.select(table.c.password_hash).where(table.c.id == self.id)).scalar()
        if not verify_password(password or "", stored):
            raise AccessDenied()

    # -- groups -------------------------------------------------------------------------
    @api.depends("groups_id")
    def _compute_share(self) -> None:
        internal = self.env.ref("base.group_user", raise_if_not_found=False)
        for user in self:
            user.share = not internal or internal not in user.groups_id

    def _group_xmlids_of(self, uid: int) -> frozenset[str]:
        """External ids of the groups of user ``uid`` (implied groups included)."""
        registry = self.env.registry
        rel = registry.metadata.tables["res_groups_users_rel"]
        implied = registry.metadata.tables["res_groups_implied_rel"]
        data = registry["ir.model.data"]._table_obj
        tx = self.env.transaction
        group_ids = set(tx.execute(sa.select(rel.c.gid).where(rel.c.uid == uid)).scalars())
        todo = set(group_ids)
        while todo:
            more = set(tx.execute(sa.select(implied.c.hid).where(implied.c.gid.in_(todo)))
                       .scalars()) - group_ids
            group_ids |= more
            todo = more
        if not group_ids:
            return frozenset()
        rows = tx.execute(sa.select(data.c.module, data.c.name).where(
            data.c.model == "res.groups", data.c.res_id.in_(group_ids))).all()
        return frozenset(f"{m}.{n}" for m, n in rows)

    def has_group(self, xmlid: str) -> bool:
        self.ensure_one()
        if self.id == 1:
            return True
        return xmlid in self._group_xmlids_of(self.id)

    def _add_implied_groups(self) -> None:
        for user in self:
            closure = user.groups_id._implied_closure()
            missing = closure - user.groups_id
            if missing:
                super(Users, user).write({"groups_id": [(4, g.id) for g in missing]})

    def create(self, vals_list: Any) -> Any:
        users = super().create(vals_list)
        users._add_implied_groups()
        return users

    def write(self, vals: dict) -> bool:
        result = super().write(vals)
        if "groups_id" in vals:
            self._add_implied_groups()
            self.env.transaction.memo.clear()
            self.env.registry.clear_caches()
        return result

    # -- preferences ------------------------------------------------------------------------
    @api.model
    def context_get(self) -> dict[str, Any]:
        user = self.env.user
        return {"lang": user.lang or "en_US", "tz": user.tz or False, "uid": user.id}

    @api.constrains("login")
    def _check_login(self) -> None:
        for user in self:
            login = (user.login or "").strip()
            if not login:
                raise ValidationError(_("A user needs a login."))
            table = self._table_obj
            lower = self.env.registry.dialect.lower
            clash = self.env.transaction.execute(sa.select(table.c.id).where(
                lower(table.c.login) == login.lower(), table.c.id != user.id)).first()
            if clash:
                raise ValidationError(_("You can not have two users with the same login!"))


MODELS = [ModuleCategory, Groups, Users]
