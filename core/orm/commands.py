"""The x2many write commands, exactly as Odoo's clients send them.

``(0, 0, vals)`` create · ``(1, id, vals)`` update · ``(2, id, 0)`` delete · ``(3, id, 0)``
unlink · ``(4, id, 0)`` link · ``(5, 0, 0)`` clear · ``(6, 0, ids)`` set. The short forms
``(4, id)``, ``(3, id)`` and ``(5,)`` that odoorpc sends are accepted, as are a plain list
of ids or a recordset (both meaning "set"), and ``False`` (meaning "clear").
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

from core.exceptions import ValidationError
from core.i18n import Domain

_ = Domain("core")


class Command(enum.IntEnum):
    CREATE = 0
    UPDATE = 1
    DELETE = 2
    UNLINK = 3
    LINK = 4
    CLEAR = 5
    SET = 6

    @classmethod
    def create(cls, values: dict) -> tuple:
        return (cls.CREATE, 0, values)

    @classmethod
    def update(cls, record_id: int, values: dict) -> tuple:
        return (cls.UPDATE, record_id, values)

    @classmethod
    def delete(cls, record_id: int) -> tuple:
        return (cls.DELETE, record_id, 0)

    @classmethod
    def unlink(cls, record_id: int) -> tuple:
        return (cls.UNLINK, record_id, 0)

    @classmethod
    def link(cls, record_id: int) -> tuple:
        return (cls.LINK, record_id, 0)

    @classmethod
    def clear(cls) -> tuple:
        return (cls.CLEAR, 0, 0)

    @classmethod
    def set(cls, ids: Iterable[int]) -> tuple:
        return (cls.SET, 0, list(ids))


def _as_id(field: Any, value: Any) -> int:
    if hasattr(value, "_ids"):
        value = value.id
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(value)
        except (TypeError, ValueError, OverflowError):
            raise ValidationError(_("Invalid record id %(value)s for field %(field)s",
                                    value=repr(value)[:200], field=field.string)) from None
    return field.check_integer(value)


def normalize_commands(field: Any, value: Any) -> list[tuple]:
    """Every accepted input form → a list of full-length command tuples."""
    if value is None or value is False:
        return [(Command.CLEAR, 0, 0)]
    if hasattr(value, "_ids"):  # a recordset
        return [(Command.SET, 0, list(value._ids))]
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], tuple) \
            and len(value[0]) == 3 and value[0][0] == 6 and isinstance(value[0][2], list) \
            and all(type(i) is int for i in value[0][2]):
        return [(Command.SET, 0, [field.check_integer(i) for i in value[0][2]])]  # common
    if not isinstance(value, list | tuple):
        raise ValidationError(_("Invalid value for field %(field)s: %(value)s",
                                field=field.string, value=repr(value)))
    if all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return [(Command.SET, 0, [field.check_integer(i) for i in value])]
    commands = []
    for item in value:
        if not isinstance(item, list | tuple) or not item:
            raise ValidationError(_("Invalid command %(cmd)s for field %(field)s",
                                    cmd=repr(item), field=field.string))
        commands.append(_normalize_one(field, list(item)))
    return commands


def _normalize_one(field: Any, item: list) -> tuple:
    try:
        code = Command(item[0])
    except (ValueError, TypeError):
        raise ValidationError(_("Invalid command %(cmd)s for field %(field)s",
                                cmd=repr(item), field=field.string)) from None
    if code == Command.CREATE:
        values = item[2] if len(item) > 2 else {}
        if not isinstance(values, dict):
            raise ValidationError(_("Invalid command %(cmd)s for field %(field)s",
                                    cmd=repr(item), field=field.string))
        return (code, 0, values)
    if code == Command.UPDATE:
        if len(item) < 3 or not isinstance(item[2], dict):
            raise ValidationError(_("Invalid command %(cmd)s for field %(field)s",
                                    cmd=repr(item), field=field.string))
        return (code, _as_id(field, item[1]), item[2])
    if code in (Command.DELETE, Command.UNLINK, Command.LINK):
        if len(item) < 2:
            raise ValidationError(_("Invalid command %(cmd)s for field %(field)s",
                                    cmd=repr(item), field=field.string))
        return (code, _as_id(field, item[1]), 0)
    if code == Command.CLEAR:
        return (code, 0, 0)
    ids = item[2] if len(item) > 2 else []
    if ids is False or ids is None:
        ids = []
    if hasattr(ids, "_ids"):
        ids = list(ids._ids)
    return (code, 0, [_as_id(field, i) for i in ids])
