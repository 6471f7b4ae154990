"""Users and groups.

A user belongs to groups; a group may imply others ("Sales / Administrator" implies "Sales /
User: All Documents", which implies "User: Own Documents Only", which implies "Internal
User"). Implied groups are written onto the user, as Odoo does, so that membership is one
lookup. Passwords are kept only as salted scrypt hashes (:mod:`core.base.passwords`) in a
column no user can read, search or group by — administrators included.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from core.base import access_cache
from core.base.models.ir_model_access import user_group_ids
from core.base.passwords import hash_password, verify_password
from core.exceptions import AccessDenied, UserError, ValidationError
from core.i18n import LANGUAGES, Domain
from core.orm import api, fields, models
from core.orm.environment import SUPERUSER_ID

_ = Domain("base")

# What a user may read and write on their own record without rights on res.users (Odoo's
# names). The password is not here: it changes through change_password(), with the old one.
SELF_READABLE_FIELDS = ("id", "name", "login", "email", "lang", "tz", "signature",
                        "company_id", "company_ids", "groups_id", "share", "login_date",
                        "display_name", "write_date")
SELF_WRITEABLE_FIELDS = ("lang", "tz", "signature", "email")
# Fields whose change alters access rights, rules or credentials (caches are refreshed).
SECURITY_FIELDS = frozenset({"groups_id", "active", "company_id", "company_ids", "share",
                             "login", "password"})


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

    def _propagate_implied(self) -> None:
        """Members of these groups get the groups they imply too (Odoo's behaviour)."""
        for group in self:
            closure = group._implied_closure()
            for user in group.users:
                missing = closure - user.groups_id
                if missing:
                    user.write({"groups_id": [(4, g.id) for g in missing]})

    def create(self, vals_list: Any) -> Any:
        groups = super().create(vals_list)
        access_cache.invalidate(self.env)
        groups._propagate_implied()
        return groups

    def write(self, vals: dict) -> bool:
        result = super().write(vals)
        if {"implied_ids", "users"} & set(vals):
            access_cache.invalidate(self.env)
            self._propagate_implied()
        return result

    def unlink(self) -> bool:
        access_cache.invalidate(self.env)
        return super().unlink()


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
                           string="Password", copy=False, store=False,
                           help="Keep empty if you don't want the user to be able to connect "
                                "on the system.")
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
    share = fields.Boolean(compute="_compute_share", store=True, string="Share User",
                           help="External user with limited access, created only for the "
                                "purpose of sharing data.")
    signature = fields.Html()
    login_date = fields.Datetime(string="Latest authentication", readonly=True, copy=False)

    # -- password ---------------------------------------------------------------------
    def _compute_password(self) -> None:
        for user in self:
            user.password = ""

    def _inverse_password(self) -> None:
        field = self._fields["password"]
        for user in self:
            if user.password:
                user._set_password(user.password)
            self.env.cache.set(field, user.id, "")  # the clear text leaves the cache at once

    def _set_password(self, password: str) -> None:
        """Store a salted scrypt hash of ``password``; the user's sessions end."""
        if not password or len(password) < 8:
            raise ValidationError(_("The password must have at least 8 characters."))
        self.ensure_one()
        table = self._table_obj
        self.env.transaction.execute(table.update().where(table.c.id == self.id).values(
            password_hash=hash_password(password)))
        self.env.transaction.cache.invalidate([self._fields["password_hash"]], self._ids)
        if "res.users.session" in self.env.registry:
            self.env["res.users.session"]._end_user_sessions(self.id)
        access_cache.invalidate(self.env)

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
        """External ids of the groups of user ``uid`` (implied groups included, cached)."""
        def fetch() -> frozenset[str]:
            group_ids = user_group_ids(self.env, uid)
            if not group_ids:
                return frozenset()
            data = self.env.registry["ir.model.data"]._table_obj
            rows = self.env.transaction.execute(sa.select(data.c.module, data.c.name).where(
                data.c.model == "res.groups", data.c.res_id.in_(sorted(group_ids)))).all()
            return frozenset(f"{m}.{n}" for m, n in rows)
        return access_cache.cached(self.env, ("group_xmlids", uid), fetch)

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

    # -- writing, with the user's rights on themselves ----------------------------------------
    def create(self, vals_list: Any) -> Any:
        users = super().create(vals_list)
        access_cache.invalidate(self.env)
        users._add_implied_groups()
        return users

    @api.sudo_safe("only a user's own preferences (SELF_WRITEABLE_FIELDS, "
                   "_is_self_preferences) are written as superuser")
    def write(self, vals: dict) -> bool:
        if self._is_self_preferences(vals):
            return super(Users, self.sudo()).write(vals)
        if SECURITY_FIELDS & set(vals):
            access_cache.invalidate(self.env)
        result = super().write(vals)
        if "groups_id" in vals:
            self._add_implied_groups()
        return result

    def unlink(self) -> bool:
        if SUPERUSER_ID in self.ids:
            raise UserError(_("You can not remove the admin user as it is used internally "
                              "for resources created by the system."))
        if self.env.uid in self.ids:
            raise UserError(_("You can not delete your own user."))
        access_cache.invalidate(self.env)
        return super().unlink()

    def _is_self_preferences(self, vals: dict) -> bool:
        """A user writing only their own preferences (no write right needed for that)."""
        return (not self.env.su and self.ids == [self.env.uid] and bool(vals)
                and set(vals) <= set(SELF_WRITEABLE_FIELDS))

    @api.sudo_safe("only a user's own record and SELF_READABLE_FIELDS are read as superuser")
    def read(self, fields: Any = None, load: str | None = "_classic_read") -> list[dict]:
        """A user may always read their own preferences."""
        if (fields and not self.env.su and self.ids == [self.env.uid]
                and set(fields) <= set(SELF_READABLE_FIELDS)):
            return super(Users, self.sudo()).read(fields, load)
        return super().read(fields, load)

    # -- preferences ------------------------------------------------------------------------
    @api.model
    def context_get(self) -> dict[str, Any]:
        user = self.env.user
        return {"lang": user.lang or "en_US", "tz": user.tz or False, "uid": user.id}

    def preference_save(self) -> dict[str, Any]:
        """Button of the preferences dialog: the client reloads with the new context."""
        return {"type": "ir.actions.client", "tag": "reload_context"}

    def preference_change_password(self) -> dict[str, Any]:
        """Button of the preferences dialog: opens the change-password dialog."""
        return {"type": "ir.actions.client", "tag": "change_password", "target": "new"}

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

    @api.constrains("company_id", "company_ids")
    def _check_company(self) -> None:
        for user in self:
            if user.company_ids and user.company_id not in user.company_ids:
                raise ValidationError(_("Company %(company)s is not in the allowed companies "
                                        "for user %(user)s.", company=user.company_id.name,
                                        user=user.name))


MODELS = [ModuleCategory, Groups, Users]
