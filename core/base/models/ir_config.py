"""System parameters and sequences."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from core.exceptions import UserError
from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("base")


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
        record = self.sudo().search([("key", "=", key)], limit=1)
        return record.value if record else default

    @api.model
    def set_param(self, key: str, value: Any) -> bool:
        record = self.sudo().search([("key", "=", key)], limit=1)
        if value is False or value is None:
            record.unlink()
        elif record:
            record.write({"value": str(value)})
        else:
            self.sudo().create({"key": key, "value": str(value)})
        return True


class Sequence(models.Model):
    """Numbers like S00042: gap-free, taken inside the transaction that uses them."""

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
        sequence = self.sudo().search([("code", "=", code)], limit=1)
        if not sequence:
            return False
        return sequence._next()

    def next_by_id(self) -> str:
        return self.sudo()._next()

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
_unused = sa
