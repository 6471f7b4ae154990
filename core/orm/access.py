"""Access control inside the ORM: model rights, record rules and field groups.

Every public ORM operation asks three questions, so that web pages, RPC calls and scripts
get the same answer:

* may this user do *operation* on this model at all? (``ir.model.access``, per group);
* which records? (``ir.rule`` domains: global rules AND-ed, group rules OR-ed), added to the
  WHERE clause of searches and checked for the records being read, written or deleted;
* which fields? (``groups=`` on a field hides it from users outside those groups; an
  ``internal`` field — a password hash, a key digest — from everybody but the superuser).
  A hidden field may not be *named* either: not read, searched, grouped, aggregated or
  ordered by, so that no answer depends on its value (``_check_field_named``).

The rules themselves are data, kept by the ``base`` addon's models; this mixin only asks
them. A superuser environment (``sudo()``) skips all three — trusted internal code only.
"""

from __future__ import annotations

from typing import Any

from core.exceptions import AccessError
from core.i18n import Domain as _Domain
from core.orm import api
from core.orm.domain import Domain, Trusted

_ = _Domain("core")

OPERATION_LABELS = {
    "read": _("read"), "write": _("modify"), "create": _("create"), "unlink": _("delete"),
}


class AccessMixin:
    """Mixed into BaseModel."""

    def check_access_rights(self, operation: str, raise_exception: bool = True) -> bool:
        """Whether the user may perform ``operation`` on this model (AccessError if not)."""
        if self.env.su:
            return True
        if operation not in OPERATION_LABELS:
            raise ValueError(f"Invalid access operation {operation!r}")
        registry = self.env.registry
        if "ir.model.access" not in registry:
            return True
        return self.env["ir.model.access"].check(self._name, operation, raise_exception)

    def _rule_domain(self, operation: str) -> Domain | None:
        """The record-rule domain for ``operation``, or None when no rule applies. Rules
        are written by administrators: their domain is :class:`Trusted` (it may name
        fields of ``groups=`` the user lacks, never ``internal`` ones)."""
        if self.env.su or "ir.rule" not in self.env.registry:
            return None
        domain = self.env["ir.rule"]._compute_domain(self._name, operation)
        return None if domain is None else Trusted.of(domain)

    @api.sudo_safe("it is the access check; sudo() only tells hidden from missing records")
    def check_access_rule(self, operation: str) -> None:
        """AccessError if a record of ``self`` is hidden by the rules for ``operation``."""
        ids = self.ids
        if self.env.su or not ids:
            return
        domain = self._rule_domain(operation)
        if domain is None:
            return
        model = self.with_context(active_test=False)
        table = self._table_obj
        query = model._make_query(table)
        query.where.append(table.c.id.in_(ids))
        query.add_where(domain)
        allowed = set(self._transaction.execute(query.select(table.c.id)).scalars().all())
        forbidden = [i for i in ids if i not in allowed]
        if not forbidden:
            return
        existing = self.browse(forbidden).sudo().exists()
        if existing:
            raise self.browse(existing._ids)._rule_error(operation)
        if operation not in ("read", "unlink"):
            self.browse(forbidden)._raise_missing_or_forbidden(operation)

    def check_access(self, operation: str) -> None:
        """Rights and rules together (Odoo 18's name)."""
        self.check_access_rights(operation)
        self.check_access_rule(operation)

    def has_access(self, operation: str) -> bool:
        try:
            self.check_access(operation)
        except AccessError:
            return False
        return True

    def _rule_error(self, operation: str) -> AccessError:
        """The message never shows hidden data: model, operation and ids only."""
        description = self._description_text()
        if "ir.rule" in self.env.registry:
            return self.env["ir.rule"]._make_access_error(self, operation)
        return AccessError(_(
            "Due to security restrictions, you are not allowed to %(operation)s "
            "'%(description)s' (%(model)s) records.",
            operation=OPERATION_LABELS[operation], description=description, model=self._name))

    # -- field groups --------------------------------------------------------------------
    def _field_allowed(self, field: Any) -> bool:
        if field.internal:
            return self.env.su
        groups = field.groups
        if not groups or self.env.su:
            return True
        return self.env.user_has_groups(groups)

    def _check_field_access(self, field: Any, operation: str) -> None:
        if not self._field_allowed(field):
            raise self._field_access_error(field)

    def _check_field_named(self, field: Any, trusted: bool = False) -> None:
        """AccessError unless the current user may name ``field`` in a domain, a grouping,
        an aggregate or an order. ``trusted``: named by trusted code (a record rule), which
        may use fields of any group but never an ``internal`` one."""
        if self.env.su or not (field.internal or field.groups):
            return
        if field.internal or not (trusted or self._field_allowed(field)):
            raise self._field_access_error(field)

    def _field_access_error(self, field: Any) -> AccessError:
        return AccessError(_(
            "You do not have enough rights to access the field %(field)s on %(model)s. "
            "Please contact your system administrator.",
            field=field.name, model=self._name))

    # -- domains as the current user sees them ------------------------------------------
    def _effective_domain(self, domain: Domain | None, active_test: bool | None = None,
                          rules_only: bool = False) -> Domain:
        """``domain`` AND the archived-records filter AND the read rules."""
        result = domain if domain is not None else Domain.parse([])
        if not rules_only:
            if active_test is None:
                active_test = self.env.context.get("active_test", True)
            active = self._active_name
            if active and active_test and not result.mentions(active):
                result = result & Domain(active, "=", True)
        rules = self._rule_domain("read")
        if rules is not None:
            result = result & rules
        return result
