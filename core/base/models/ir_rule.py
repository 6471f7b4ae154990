"""``ir.rule``: record rules, the domains that decide *which* records a user may touch.

A rule names a model, the operations it restricts and a domain written as a Python
expression (``domain_force``), evaluated for the current user::

    ['|', ('user_id', '=', user.id), ('user_id', '=', False)]       # Own Documents Only
    ['|', ('company_id', '=', False), ('company_id', 'in', company_ids)]   # multi-company

Odoo's semantics: rules without groups are *global* and all apply (AND); rules with groups
apply to members of those groups and widen each other (OR); the result is
``global₁ AND global₂ AND (group₁ OR group₂ ...)``. The ORM adds the domain to every search
and checks the records it reads, writes or deletes against it (``core/orm/access.py``).

Rules of a model are read once per registry; the evaluated domain of a user is cached per
(user, model, operation, active companies) unless a rule depends on the current time.
"""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa

from core.base import access_cache
from core.base.messages import LazyParagraphs
from core.base.models.ir_model_access import MODES, user_group_ids
from core.exceptions import AccessError, ValidationError
from core.i18n import Domain as _Domain
from core.orm import api, fields, models
from core.orm.domain import AND, OR, Condition, Domain, Trusted
from core.tools.safe_eval import compile_expr, eval_context_time, safe_eval

_ = _Domain("base")
_logger = logging.getLogger(__name__)

OPERATION_NAMES = {
    "read": _("read"), "write": _("modify"), "create": _("create"), "unlink": _("delete"),
}
# Names in a rule that make its value depend on the current time (never cached).
TIME_NAMES = frozenset({"time", "datetime", "date", "timedelta", "context_today"})


def _normalize(value: Any) -> Any:
    """Recordsets in an evaluated domain become ids; lists and tuples are walked."""
    if hasattr(value, "_ids"):
        return list(value.ids)
    if isinstance(value, list | tuple):
        return type(value)(_normalize(v) for v in value)
    return value


class IrRule(access_cache.InvalidatesAccessCache, models.Model):
    _name = "ir.rule"
    _description = "Record Rule"
    _order = "model_id, name, id"
    _sql_constraints = [
        ("no_access_rights", "check(perm_read or perm_write or perm_create or perm_unlink)",
         "Rule must have at least one checked access right!"),
    ]

    name = fields.Char(index=True)
    active = fields.Boolean(default=True, help="If you uncheck the active field, it will "
                            "disable the record rule without deleting it (if you delete a "
                            "native record rule, it may be re-created when you reload the "
                            "module).")
    model_id = fields.Many2one("ir.model", string="Model", index=True, required=True,
                               ondelete="cascade")
    groups = fields.Many2many("res.groups", "rule_group_rel", "rule_group_id", "group_id",
                              ondelete="restrict")
    domain_force = fields.Text(string="Domain")
    perm_read = fields.Boolean(string="Read", default=True)
    perm_write = fields.Boolean(string="Write", default=True)
    perm_create = fields.Boolean(string="Create", default=True)
    perm_unlink = fields.Boolean(string="Delete", default=True)
    # ``global`` is a Python keyword: the field is declared through the class namespace.
    locals()["global"] = fields.Boolean(
        compute="_compute_global", store=True, string="Global",
        help="If no group is specified the rule is global and applied to everyone")

    @api.depends("groups")
    def _compute_global(self) -> None:
        for rule in self:
            rule["global"] = not rule.groups

    # -- the domain the ORM asks for ----------------------------------------------------------
    @api.model
    def _compute_domain(self, model_name: str, mode: str = "read") -> Domain | None:
        """The rules' domain for the current user on ``model_name``, None when no rule
        applies (the superuser and models without rules)."""
        if mode not in MODES:
            raise ValueError(f"Invalid mode {mode!r}")
        if self.env.su:
            return None
        rules = self._get_rules(model_name, mode)
        if not rules:
            return None
        companies = self._allowed_company_ids()
        if any(depends_on_time for *_rest, depends_on_time in rules):
            return self._evaluate(rules, companies)
        key = ("rule_domain", self.env.uid, model_name, mode, companies)
        return access_cache.cached(self.env, key, lambda: self._evaluate(rules, companies))

    def _get_rules(self, model_name: str, mode: str) -> tuple[tuple[Any, ...], ...]:
        """``(id, domain_force, group ids, depends on time)`` of the active rules (cached)."""
        return access_cache.cached(self.env, ("rules", model_name, mode),
                                   lambda: self._fetch_rules(model_name, mode))

    def _fetch_rules(self, model_name: str, mode: str) -> tuple[tuple[Any, ...], ...]:
        rule, model = self._table_obj, self.env["ir.model"]._table_obj
        rel = self.env.registry.metadata.tables["rule_group_rel"]
        tx = self.env.transaction
        rows = tx.execute(
            sa.select(rule.c.id, rule.c.domain_force)
            .select_from(rule.join(model, model.c.id == rule.c.model_id))
            .where(model.c.model == model_name, rule.c.active == sa.true(),
                   rule.c[f"perm_{mode}"] == sa.true()).order_by(rule.c.id)).all()
        if not rows:
            return ()
        groups: dict[int, set[int]] = {}
        for rule_id, group_id in tx.execute(sa.select(rel.c.rule_group_id, rel.c.group_id)
                                            .where(rel.c.rule_group_id.in_([r[0] for r in rows]))):
            groups.setdefault(rule_id, set()).add(group_id)
        return tuple((rid, text or "[]", frozenset(groups.get(rid, ())), self._uses_time(text))
                     for rid, text in rows)

    @staticmethod
    def _uses_time(text: str | None) -> bool:
        try:
            return bool(compile_expr(text or "[]").names & TIME_NAMES)
        except ValueError:
            return False

    def _evaluate(self, rules: tuple[tuple[Any, ...], ...], companies: tuple[int, ...]
                  ) -> Domain | None:
        user_groups = user_group_ids(self.env, self.env.uid)
        context = self._eval_context(companies)
        global_domains, group_domains = [], []
        for rule_id, text, group_ids, _time in rules:
            if group_ids and not group_ids & user_groups:
                continue
            domain = self._parse_rule(rule_id, text, context)
            (group_domains if group_ids else global_domains).append(domain)
        if not global_domains and not group_domains:
            return None
        if group_domains:
            global_domains.append(OR(group_domains))
        return Trusted.of(AND(global_domains))

    def _parse_rule(self, rule_id: int, text: str, context: dict[str, Any]) -> Domain:
        try:
            return Domain.parse(_normalize(safe_eval(text, context)))
        except Exception as exc:
            _logger.error("Record rule %s cannot be evaluated: %s", rule_id, exc)
            raise AccessError(_("A record rule cannot be evaluated. Contact your "
                                "administrator.")) from None

    def _allowed_company_ids(self) -> tuple[int, ...]:
        """The active companies of the request (``allowed_company_ids`` in the context,
        which must be companies of the user), or all the user's companies, main first."""
        main, own = self._user_companies()
        requested = self.env.context.get("allowed_company_ids")
        if not requested:
            return (main, *sorted(set(own) - {main})) if main else tuple(sorted(own))
        ids = tuple(int(c) for c in requested)
        if not set(ids) <= set(own) | {main}:
            raise AccessError(_("Access to unauthorized or invalid companies."))
        return ids

    def _user_companies(self) -> tuple[int | None, frozenset[int]]:
        """(main company, allowed companies) of the current user, cached like groups."""
        uid = self.env.uid

        def fetch() -> tuple[int | None, frozenset[int]]:
            users = self.env["res.users"]._table_obj
            rel = self.env.registry.metadata.tables["res_company_users_rel"]
            tx = self.env.transaction
            main = tx.execute(sa.select(users.c.company_id).where(users.c.id == uid)).scalar()
            own = tx.execute(sa.select(rel.c.cid).where(rel.c.user_id == uid)).scalars()
            return main, frozenset(own)
        return access_cache.cached(self.env, ("user_companies", uid), fetch)

    def _eval_context(self, companies: tuple[int, ...] | None = None) -> dict[str, Any]:
        """Names a rule may use: ``user`` (read with superuser rights), ``uid``,
        ``company_ids``, ``company_id`` and the date helpers of ``eval_context_time``."""
        if companies is None:
            companies = self._allowed_company_ids()
        user = self.env.user.with_context({})
        return {
            **eval_context_time(self.env.context.get("tz") or None),
            "user": user, "uid": self.env.uid,
            "company_ids": list(companies), "company_id": companies[0] if companies else False,
        }

    # -- the message of a refusal --------------------------------------------------------------
    def _make_access_error(self, records: Any, operation: str) -> AccessError:
        """AccessError naming the operation, the model and the record ids — never data."""
        _logger.info("Access denied by record rules for operation %s on %s, uid %s, ids %s",
                     operation, records._name, self.env.uid, records._ids[:20])
        ids = ", ".join(str(i) for i in records._ids[:20])
        if len(records._ids) > 20:
            ids += ", …"
        header = _("Due to security restrictions, you are not allowed to %(operation)s "
                   "'%(document_kind)s' (%(document_model)s) records: %(ids)s.",
                   operation=OPERATION_NAMES[operation],
                   document_kind=records._description_text(), document_model=records._name,
                   ids=ids)
        resolution = _("Contact your administrator to request access if necessary.")
        return AccessError(LazyParagraphs(header, resolution))

    # -- validation and changes -------------------------------------------------------------------
    @api.constrains("model_id")
    def _check_model_name(self) -> None:
        if any(rule.model_id.model == self._name for rule in self):
            raise ValidationError(_("Rules can not be applied on the Record Rules model."))

    @api.constrains("active", "domain_force", "model_id")
    def _check_domain(self) -> None:
        """The domain must evaluate, and name no ``internal`` field (a password hash...):
        a rule is trusted code, but a rule on a secret would make every search an oracle."""
        context = self.sudo()._eval_context()
        for rule in self.filtered(lambda r: r.active and r.domain_force):
            try:
                domain = Domain.parse(_normalize(safe_eval(rule.domain_force, context)))
            except Exception as exc:
                raise ValidationError(_("Invalid domain: %(error)s", error=str(exc))) from None
            model_name = rule.sudo().model_id.model
            secret = _internal_field(self.env(su=True)[model_name], domain) \
                if model_name in self.env.registry else None
            if secret is not None:
                raise ValidationError(_("Record rules cannot use the field %(field)s.",
                                        field=str(secret)))


def _internal_field(model: Any, domain: Domain) -> Any:
    """The first ``internal`` field ``domain`` names on ``model`` (dotted paths, related
    fields and ``any`` followed), or None."""
    for condition in domain.iter_conditions():
        found = _internal_field_in_path(model, condition)
        if found is not None:
            return found
    return None


def _internal_field_in_path(model: Any, condition: Condition) -> Any:
    names = condition.path.split(".")
    for index, name in enumerate(names):
        field = model._fields.get(name)
        if field is None:
            return None
        if field.internal:
            return field
        if field.related:
            related = Condition.make(".".join([field.related, *names[index + 1:]]),
                                     condition.operator, condition.value)
            return _internal_field_in_path(model, related)
        if not field.relational:
            return None
        model = model.env[field.comodel_name]
    if isinstance(condition.value, Domain):
        return _internal_field(model, condition.value)
    return None


MODELS = [IrRule]
