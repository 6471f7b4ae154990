"""System parameters and sequences.

System parameters are for Settings administrators (``base.group_system``, Odoo's rule):
over RPC, the web or as any other user, ``get_param``/``set_param`` and the ORM methods
answer AccessError. Trusted code reads and writes them as the superuser::

    env["ir.config_parameter"].sudo().get_param("mail.smtp.host")

Secret parameters (:data:`SECRET_KEYS`: ``database.secret``, which signs sessions, CSRF
tokens and note links) are hidden from every user, administrators included: no search,
read, read_group, export, write or unlink sees them, and ``get_param``/``set_param`` refuse
them. Only superuser code changes them (``sudo()``, ``erp call --user __system__``,
``erp shell``). Every change of a parameter bumps the registry's cache signal, so each
worker drops what it cached from them (the secret among them) before its next request.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.exceptions import AccessError, UserError
from core.i18n import Domain
from core.orm import api, fields, models
from core.orm.domain import Domain as SearchDomain

_ = Domain("base")

SECRET_KEYS = frozenset({"database.secret"})


class ConfigParameter(models.Model):
    _name = "ir.config_parameter"
    _description = "System Parameter"
    _rec_name = "key"
    _order = "key"
    _sql_constraints = [("key_uniq", "unique(key)", "Key must be unique.")]

    key = fields.Char(required=True)
    value = fields.Text(required=True)

    @api.model
    def get_param(self, key: str, default: Any = False) -> Any:
        """The value of ``key`` (``default`` when it is not set)."""
        self._check_param_access(key, "read")
        record = self.search([("key", "=", key)], limit=1)
        return record.value if record else default

    @api.model
    def set_param(self, key: str, value: Any) -> bool:
        """Set ``key`` to ``str(value)``; False or None removes the parameter."""
        self._check_param_access(key, "write")
        record = self.search([("key", "=", key)], limit=1)
        if value is False or value is None:
            record.unlink()
        elif record:
            record.write({"value": str(value)})
        else:
            self.create({"key": key, "value": str(value)})
        return True

    @api.model
    def create(self, vals_list: Any) -> Any:
        records = super().create(vals_list)
        self._parameters_changed()
        return records

    def write(self, vals: dict[str, Any]) -> bool:
        result = super().write(vals)
        self._parameters_changed()
        return result

    def unlink(self) -> bool:
        result = super().unlink()
        self._parameters_changed()
        return result

    # -- access ---------------------------------------------------------------------------
    def _check_param_access(self, key: Any, operation: str) -> None:
        """The model's access rights (Settings administrators), and never a secret key
        except for superuser code."""
        self.check_access_rights(operation)
        if key in SECRET_KEYS and not self.env.su:
            raise AccessError(_("The system parameter %s is secret: no user may read or "
                                "change it.", key))

    def _rule_domain(self, operation: str) -> SearchDomain | None:
        """The record rules AND "not a secret key" for everyone but the superuser."""
        rules = super()._rule_domain(operation)
        if self.env.su:
            return rules
        hidden = SearchDomain("key", "not in", sorted(SECRET_KEYS))
        return hidden if rules is None else rules & hidden

    def _parameters_changed(self) -> None:
        """Every worker forgets what it cached from parameters (at once in this one when
        the transaction commits, at their next request for the others)."""
        self.env.registry.bump_cache_signal(self.env.transaction)


class Sequence(models.Model):
    """Numbers like S00042: gap-free, taken inside the transaction that uses them.

    Taking a number changes the sequence, so over RPC only those who may change sequences
    (Settings administrators) take one: a salesperson cannot consume invoice numbers. The
    documents that are numbered take theirs as trusted code, whoever creates them::

        name = self.env["ir.sequence"].sudo().next_by_code("sale.order")
    """

    _name = "ir.sequence"
    _description = "Sequence"
    _order = "name"

    name = fields.Char(required=True)
    code = fields.Char(string="Sequence Code")
    active = fields.Boolean(default=True)
    prefix = fields.Char()
    suffix = fields.Char()
    padding = fields.Integer(string="Sequence Size", default=5)
    number_next = fields.Integer(string="Next Number", default=1)
    number_increment = fields.Integer(string="Step", default=1)
    company_id = fields.Many2one("res.company", string="Company")

    @api.model
    def next_by_code(self, code: str) -> str | bool:
        """The next number of the sequence ``code``; False when there is none."""
        self.check_access_rights("write")
        sequence = self.search([("code", "=", code)], limit=1)
        if not sequence:
            return False
        sequence.check_access_rule("write")
        return sequence._next()

    def next_by_id(self) -> str:
        """The next number of this sequence."""
        self.check_access("write")
        return self._next()

    def _next(self) -> str:
        self.ensure_one()
        table = self._table_obj
        number = self.env.transaction.execute(
            table.update().where(table.c.id == self.id)
            .values(number_next=table.c.number_next + table.c.number_increment)
            .returning(table.c.number_next - table.c.number_increment)).scalar_one()
        self.env.transaction.cache.invalidate([self._fields["number_next"]], self._ids)
        return self._format(number)

    def _format(self, number: int) -> str:
        now = dt.datetime.now()
        values = {"year": now.strftime("%Y"), "y": now.strftime("%y"),
                  "month": now.strftime("%m"), "day": now.strftime("%d")}
        try:
            prefix = (self.prefix or "") % values
            suffix = (self.suffix or "") % values
        except (KeyError, ValueError, TypeError):
            raise UserError(_("Invalid prefix or suffix for sequence %s") % self.name) from None
        return f"{prefix}{str(number).zfill(self.padding or 0)}{suffix}"


MODELS = [ConfigParameter, Sequence]
