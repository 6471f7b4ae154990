"""Field types (``fields.Char``, ``fields.Many2one`` ...), as Odoo names them."""

from core.orm.fields.base import Field, label_from_name
from core.orm.fields.basic import (
    Binary,
    Boolean,
    Char,
    Float,
    Html,
    Id,
    Integer,
    Monetary,
    Selection,
    Text,
)
from core.orm.fields.relational import Many2one
from core.orm.fields.temporal import Date, Datetime
from core.orm.fields.x2many import Many2many, One2many

__all__ = [
    "Binary", "Boolean", "Char", "Date", "Datetime", "Field", "Float", "Html", "Id", "Integer",
    "Many2many", "Many2one", "Monetary", "One2many", "Selection", "Text", "label_from_name",
]
