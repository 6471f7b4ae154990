"""Field values as users read and type them, in their language and time zone.

Renderers show the values ``read()`` returns (``[id, name]`` for a many2one, ``"2024-05-31"``
for a date, naive UTC text for a datetime) and forms send back what users typed. Both
directions live here, as pure functions of the field description (``fields_get``)::

    display(info, 1234.5, "de_DE")            → "1.234,50"
    parse_input(info, "1.234,5", "de_DE")     → 1234.5
    parse_input(info, "abc", "de_DE")         → InputError("Not a valid number")

An :class:`InputError` carries a translated message for the field; a form shows it next to
the input and keeps what the user typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from babel import numbers as babel_numbers

from core.i18n import Domain, format_date, format_datetime, format_decimal, locale_of
from core.orm.fields.base import INTEGER_MAX, INTEGER_MIN

_ = Domain("core")

Info = Mapping[str, Any]
NUMERIC = frozenset({"integer", "float", "monetary"})


class InputError(ValueError):
    """What a user typed does not fit the field; the message says why."""


def digits_of(info: Info) -> int | None:
    digits = info.get("digits")
    if isinstance(digits, list | tuple) and len(digits) == 2:
        return int(digits[1])
    if info.get("type") == "monetary":
        return 2
    return None


def display(info: Info, value: Any, lang: str, tz: str | None = None) -> str:
    """The text shown for ``value`` (as ``read()`` returns it) of a field ``info``."""
    kind = info.get("type")
    if kind == "boolean":
        return _("Yes").translate(lang) if value else _("No").translate(lang)
    if value is False or value is None:
        return display_number(info, 0, lang) if kind in NUMERIC else ""
    if kind == "integer":
        return format_decimal(value, lang, 0)
    if kind in ("float", "monetary"):
        return format_decimal(value, lang, digits_of(info) if digits_of(info) is not None
                              else 2)
    if kind == "date":
        return format_date(dt.date.fromisoformat(str(value)[:10]), lang)
    if kind == "datetime":
        return format_datetime(dt.datetime.fromisoformat(str(value)), lang, tz, "short")
    if kind == "selection":
        return str(dict(info.get("selection") or ()).get(value, value))
    if kind == "many2one":
        return str(value[1]) if isinstance(value, list | tuple) else str(value)
    if kind in ("one2many", "many2many"):
        return str(len(value))
    return str(value)


def remaining_days(value: Any, today: dt.date, lang: str) -> tuple[str, str]:
    """Odoo's ``remaining_days`` widget: ("Today", "warning"), ("In 3 days", ""),
    ("2 days ago", "danger")... for a date as ``read()`` returns it."""
    if not value:
        return "", ""
    days = (dt.date.fromisoformat(str(value)[:10]) - today).days
    if days == 0:
        return _("Today").translate(lang), "text-warning"
    if days == 1:
        return _("Tomorrow").translate(lang), ""
    if days == -1:
        return _("Yesterday").translate(lang), "text-danger"
    if days > 1:
        return _("In %(n)s days", n=days).translate(lang), ""
    return _("%(n)s days ago", n=-days).translate(lang), "text-danger"


def display_number(info: Info, value: Any, lang: str) -> str:
    """Numbers always show, zero included (list sums, kanban totals)."""
    digits = 0 if info.get("type") == "integer" else (digits_of(info) or 2)
    return format_decimal(value or 0, lang, digits)


def input_value(info: Info, value: Any, lang: str, tz: str | None = None) -> str:
    """The text an ``<input>`` holds for ``value`` (dates in ISO form for type=date)."""
    kind = info.get("type")
    if value is False or value is None:
        return ""
    if kind == "integer":
        return str(value)
    if kind in ("float", "monetary"):
        digits = digits_of(info)
        return format_decimal(value, lang, digits if digits is not None else 2).replace(
            _group_symbol(lang), "")
    if kind == "date":
        return str(value)[:10]
    if kind == "datetime":
        moment = dt.datetime.fromisoformat(str(value)).replace(tzinfo=dt.UTC)
        return moment.astimezone(ZoneInfo(tz or "UTC")).strftime("%Y-%m-%dT%H:%M")
    if kind == "many2one":
        return str(value[0]) if isinstance(value, list | tuple) else str(value)
    return str(value)


def _group_symbol(lang: str) -> str:
    return babel_numbers.get_group_symbol(locale_of(lang))


def parse_input(info: Info, text: str | None, lang: str, tz: str | None = None) -> Any:
    """The value to write for what the user typed (InputError when it does not fit)."""
    kind = info.get("type")
    text = (text or "").strip() if kind not in ("text", "html") else (text or "")
    if kind == "boolean":
        return text not in ("", "0", "false", "False", "off")
    if not text.strip():
        return 0 if kind in NUMERIC else False
    parser = _PARSERS.get(kind)
    return parser(info, text, lang, tz) if parser else text


def _parse_integer(info: Info, text: str, lang: str, tz: str | None) -> int:
    try:
        number = babel_numbers.parse_decimal(text, locale=locale_of(lang), strict=False)
    except babel_numbers.NumberFormatError:
        raise InputError(_("Not a valid whole number.")) from None
    if not number.is_finite() or number != int(number):
        raise InputError(_("Not a valid whole number."))
    if not INTEGER_MIN <= number <= INTEGER_MAX:
        raise InputError(_("Not a whole number between %(min)s and %(max)s.",
                           min=INTEGER_MIN, max=INTEGER_MAX))
    return int(number)


def _parse_float(info: Info, text: str, lang: str, tz: str | None) -> float:
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    for symbol in ("€", "$", "£", "%"):
        cleaned = cleaned.replace(symbol, "")
    try:
        return float(babel_numbers.parse_decimal(cleaned, locale=locale_of(lang)))
    except babel_numbers.NumberFormatError:
        try:
            return float(cleaned)
        except ValueError:
            raise InputError(_("Not a valid number.")) from None


def _parse_date(info: Info, text: str, lang: str, tz: str | None) -> str:
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        pass
    try:
        return babel_dates.parse_date(text, locale=locale_of(lang)).isoformat()
    except (ValueError, IndexError, OverflowError):
        raise InputError(_("Not a valid date.")) from None


def _parse_datetime(info: Info, text: str, lang: str, tz: str | None) -> str:
    try:
        local = dt.datetime.fromisoformat(text.replace(" ", "T"))
    except ValueError:
        raise InputError(_("Not a valid date and time.")) from None
    if local.tzinfo is None:
        local = local.replace(tzinfo=ZoneInfo(tz or "UTC"))
    try:
        return local.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    except OverflowError:       # a moment at the end of year 9999, moved to UTC
        raise InputError(_("Not a valid date and time.")) from None


def _parse_selection(info: Info, text: str, lang: str, tz: str | None) -> str:
    values = [str(v) for v, _label in info.get("selection") or ()]
    if values and text not in values:
        raise InputError(_("Not one of the available choices."))
    return text


def _parse_many2one(info: Info, text: str, lang: str, tz: str | None) -> int:
    if not (text.isascii() and text.isdigit()):
        raise InputError(_("Choose a value from the list."))
    return int(text)


def _parse_many2many(info: Info, text: str, lang: str, tz: str | None) -> list[tuple]:
    """Comma-separated ids (``default_tag_ids=3,4`` in a URL) → a "replace" command."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not all(part.isdigit() for part in parts):
        raise InputError(_("Choose values from the list."))
    return [(6, 0, [int(part) for part in parts])]


_PARSERS = {
    "integer": _parse_integer, "float": _parse_float, "monetary": _parse_float,
    "date": _parse_date, "datetime": _parse_datetime, "selection": _parse_selection,
    "many2one": _parse_many2one, "many2many": _parse_many2many,
}
