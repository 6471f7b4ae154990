"""Tracked changes: a field's old and new values, as people read them and as data.

``mail.thread`` snapshots the tracked fields before a write and compares them after;
for each change this module makes the values of one ``mail.tracking.value`` line::

    values_of(field, record, old, new, lang="de_DE")
    → {"field_desc": "Stufe", "old_value_char": "Neu", "new_value_char": "Gewonnen",
       "old_value_integer": 1, "new_value_integer": 4, ...}

Texts are rendered in the author's language at the time of the change (a selection label,
a related record's name, a date or an amount formatted the German way), so that the
history shows what the author saw.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.i18n import Domain, LazyText, format_date, format_datetime, format_decimal
from core.mail.html import html_to_text

_ = Domain("mail")

#: Field types whose changes can be tracked (x2many fields are not).
TRACKABLE_TYPES = frozenset({"char", "text", "html", "selection", "many2one", "boolean",
                             "integer", "float", "monetary", "date", "datetime"})


def display(field: Any, record: Any, value: Any, lang: str, tz: str | None) -> str:
    """The text of ``value`` (cache format) of ``field`` in ``lang``."""
    kind = field.type
    if value is None or (value is False and kind != "boolean"):
        return ""
    if kind == "many2one":
        target = record.env[field.comodel_name].sudo().with_context(
            lang=lang, active_test=False).browse(value)
        return target.display_name or ""
    if kind == "selection":
        label = dict(field._options(record)).get(value, value)
        return label.translate(lang) if isinstance(label, LazyText) else str(label)
    if kind == "boolean":
        return (_("Yes") if value else _("No")).translate(lang)
    if kind in ("float", "monetary"):
        return format_decimal(value, lang, 2)
    if kind == "date":
        return format_date(value, lang)
    if kind == "datetime":
        return format_datetime(value, lang, tz)
    if kind == "html":
        return html_to_text(value)
    if isinstance(value, dict):  # a translated text: the author's language
        return value.get(lang) or next(iter(value.values()), "")
    return str(value)


def raw(field: Any, value: Any) -> dict[str, Any]:
    """The comparable value of a change, in the column that fits its type."""
    kind = field.type
    if value is None:
        return {}
    if kind in ("many2one", "integer", "boolean"):
        return {"integer": int(value)}
    if kind in ("float", "monetary"):
        return {"float": float(value)}
    if kind == "date":
        return {"datetime": dt.datetime(value.year, value.month, value.day)}
    if kind == "datetime":
        return {"datetime": value}
    return {}


def values_of(field: Any, record: Any, old: Any, new: Any, lang: str,
              tz: str | None) -> dict[str, Any]:
    """The values of the ``mail.tracking.value`` line of one change."""
    result: dict[str, Any] = {
        "field_name": field.name,
        "field_desc": field.string.translate(lang) if isinstance(field.string, LazyText)
        else str(field.string),
        "field_type": field.type,
        "tracking_sequence": field.tracking if isinstance(field.tracking, int)
        and not isinstance(field.tracking, bool) else 100,
        "old_value_char": display(field, record, old, lang, tz)[:2000],
        "new_value_char": display(field, record, new, lang, tz)[:2000],
    }
    for prefix, value in (("old", old), ("new", new)):
        for kind, item in raw(field, value).items():
            result[f"{prefix}_value_{kind}"] = item
    return result
