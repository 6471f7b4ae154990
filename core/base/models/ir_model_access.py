"""``ir.model.access``: which groups may read, write, create or delete records of a model.

The ORM asks :meth:`IrModelAccess.check` before every operation (``core/orm/access.py``),
so the answer must cost nothing in the steady state: the set of models a combination of
groups may use in a mode is computed by one query and kept in the registry cache
(:mod:`core.base.access_cache`), as are the groups of each user. Odoo's semantics:

* an access line without a group applies to everyone, one with a group to its members;
* rights add up (any line granting the mode is enough);
* a model without any line is reachable by the superuser only.

A refusal names the operation and the model and lists the groups that would allow it, as
Odoo 17 does, so that the user knows whom to ask::

    You are not allowed to modify 'Lead/Opportunity' (crm.lead) records.

    This operation is allowed for the following groups:
        - Sales / Administrator

    Contact your administrator to request access if necessary.
"""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa

from core.base import access_cache
from core.base.messages import LazyParagraphs
from core.exceptions import AccessError
from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("base")
_logger = logging.getLogger(__name__)

MODES = ("read", "write", "create", "unlink")

ACCESS_ERROR_HEADER = {
    "read": _("You are not allowed to access '%(document_kind)s' (%(document_model)s) "
              "records."),
    "write": _("You are not allowed to modify '%(document_kind)s' (%(document_model)s) "
               "records."),
    "create": _("You are not allowed to create '%(document_kind)s' (%(document_model)s) "
                "records."),
    "unlink": _("You are not allowed to delete '%(document_kind)s' (%(document_model)s) "
                "records."),
}


def user_group_ids(env: Any, uid: int) -> frozenset[int]:
    """Ids of the groups of user ``uid``, implied groups included (cached)."""
    return access_cache.cached(env, ("user_groups", uid), lambda: _fetch_group_ids(env, uid))


def _fetch_group_ids(env: Any, uid: int) -> frozenset[int]:
    tables = env.registry.metadata.tables
    rel, implied = tables["res_groups_users_rel"], tables["res_groups_implied_rel"]
    tx = env.transaction
    group_ids = set(tx.execute(sa.select(rel.c.gid).where(rel.c.uid == uid)).scalars())
    todo = set(group_ids)
    while todo:
        more = set(tx.execute(sa.select(implied.c.hid).where(implied.c.gid.in_(todo)))
                   .scalars()) - group_ids
        group_ids |= more
        todo = more
    return frozenset(group_ids)


class IrModelAccess(access_cache.InvalidatesAccessCache, models.Model):
    _name = "ir.model.access"
    _description = "Model Access"
    _order = "model_id, group_id, name, id"

    name = fields.Char(required=True, index=True)
    active = fields.Boolean(default=True, help="If you uncheck the active field, it will "
                            "disable the ACL without deleting it (if you delete a native ACL, "
                            "it will be re-created when you reload the module).")
    model_id = fields.Many2one("ir.model", string="Model", required=True, index=True,
                               ondelete="cascade")
    group_id = fields.Many2one("res.groups", string="Group", index=True, ondelete="restrict")
    perm_read = fields.Boolean(string="Read Access")
    perm_write = fields.Boolean(string="Write Access")
    perm_create = fields.Boolean(string="Create Access")
    perm_unlink = fields.Boolean(string="Delete Access")

    # -- the check the ORM asks for ---------------------------------------------------------
    @api.model
    def check(self, model: str, mode: str = "read", raise_exception: bool = True) -> bool:
        """Whether the current user may ``mode`` records of ``model`` (AccessError if not)."""
        if mode not in MODES:
            raise ValueError(f"Invalid access mode {mode!r}")
        if self.env.su:
            return True
        groups = user_group_ids(self.env, self.env.uid)
        if model in self._allowed_models(groups, mode):
            return True
        if not raise_exception:
            return False
        _logger.info("Access denied by ACLs for operation %s, uid %s, model %s", mode,
                     self.env.uid, model)
        raise self._make_access_error(model, mode)

    def _allowed_models(self, group_ids: frozenset[int], mode: str) -> frozenset[str]:
        """Models that members of exactly ``group_ids`` may use in ``mode`` (cached)."""
        return access_cache.cached(self.env, ("acl", group_ids, mode),
                                   lambda: self._fetch_allowed_models(group_ids, mode))

    def _fetch_allowed_models(self, group_ids: frozenset[int], mode: str) -> frozenset[str]:
        access = self._table_obj
        model = self.env["ir.model"]._table_obj
        group_clause = access.c.group_id.is_(None)
        if group_ids:
            group_clause = sa.or_(group_clause, access.c.group_id.in_(sorted(group_ids)))
        stmt = (sa.select(model.c.model).select_from(access.join(model,
                                                                 model.c.id == access.c.model_id))
                .where(access.c.active == sa.true(), access.c[f"perm_{mode}"] == sa.true(),
                       group_clause).distinct())
        return frozenset(self.env.transaction.execute(stmt).scalars())

    # -- the message of a refusal -----------------------------------------------------------
    def _make_access_error(self, model: str, mode: str) -> AccessError:
        """AccessError naming ``mode`` and ``model`` and the groups that would allow it."""
        header = ACCESS_ERROR_HEADER[mode]
        header = _(header.msgid, document_kind=self._model_description(model),
                   document_model=model)
        names = self._groups_with_access(model, mode)
        if names:
            groups = _("This operation is allowed for the following groups:\n%(groups_list)s",
                       groups_list="\n".join(f"\t- {name}" for name in names))
        else:
            groups = _("No group currently allows this operation.")
        resolution = _("Contact your administrator to request access if necessary.")
        return AccessError(LazyParagraphs(header, groups, resolution))

    def _model_description(self, model: str) -> str:
        if model in self.env.registry:
            return self.env[model]._description_text()
        return model

    def _groups_with_access(self, model: str, mode: str) -> list[str]:
        """Full names of the groups granting ``mode`` on ``model``, and of those implying
        them, ordered by application then name, groups without application last."""
        sudo = self.sudo()
        lines = sudo.search([("model_id.model", "=", model), (f"perm_{mode}", "=", True),
                             ("group_id", "!=", False)])
        granting = lines.mapped("group_id")
        if not granting:
            return []
        groups = granting
        for group in self.env["res.groups"].sudo().search([("id", "not in", granting.ids)]):
            if group._implied_closure() & granting:
                groups |= group
        groups = groups.with_context(lang=self.env.lang)
        names = [(g.category_id.name or "", g.name or "") for g in groups]
        ordered = sorted(names, key=lambda n: (not n[0], n[0], n[1]))
        return [f"{category} / {name}" if category else name for category, name in ordered]


MODELS = [IrModelAccess]
