"""Which view attributes hold Python expressions, and which names those may read.

A view is text, but some of its attribute values are code evaluated per record by the web
client (``invisible="not active"``) or per request (``domain="[('user_id', '=', uid)]"``).
Validation parses them, the typed tree keeps them as text, the renderer evaluates them with
:mod:`core.tools.safe_eval`, and :func:`core.views.tree.fields_used` reads the names they
use so that the web layer loads those fields too. This module is the one place that says
which attributes these are.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from core.i18n import Domain
from core.tools.safe_eval import compile_expr, safe_eval

_ = Domain("core")

__all__ = [
    "EXPRESSION_ATTRIBUTES",
    "MODIFIER_ATTRIBUTES",
    "VIEW_EXPRESSION_NAMES",
    "DICT_ATTRIBUTES",
    "expression_names",
    "is_expression_attribute",
    "is_modifier",
    "literal_group_by",
    "parse_dict_attribute",
    "record_names",
]

#: Evaluated per record; they may read the record's fields and VIEW_EXPRESSION_NAMES.
MODIFIER_ATTRIBUTES = frozenset({"invisible", "readonly", "required", "column_invisible"})

#: Every attribute whose value is an expression (``decoration-*`` ones included, see below).
EXPRESSION_ATTRIBUTES = MODIFIER_ATTRIBUTES | {
    "domain",
    "context",
    "filter_domain",
    "options",
    "colors",
}

#: Attributes holding a dict literal, evaluated once when the view is parsed, not per record.
DICT_ATTRIBUTES = frozenset({"options", "colors"})

#: JSON spellings accepted in dict attributes, as Odoo's views use both
#: (``options="{'collaborative': true}"``, ``colors='{"planned": "success"}'``).
_JSON_CONSTANTS = MappingProxyType({"true": True, "false": False, "null": None})

#: Names the web client provides to record expressions besides the record's own fields.
VIEW_EXPRESSION_NAMES = frozenset(
    {
        "context",  # the action's context: context.get('default_type')
        "uid",  # the current user's id
        "parent",  # in an inline x2many subview: the record of the enclosing form
        "today",  # today's date as 'YYYY-MM-DD', in the user's time zone
        "now",  # the current datetime as 'YYYY-MM-DD HH:MM:SS' (UTC)
        "allowed_company_ids",
        "current_company_id",
        "context_today",  # and the helpers of core.tools.safe_eval.eval_context_time()
        "time",
        "datetime",
        "date",
        "timedelta",
    }
)


def is_modifier(attribute: str) -> bool:
    """True for attributes evaluated per record (modifiers and ``decoration-*``)."""
    return attribute in MODIFIER_ATTRIBUTES or attribute.startswith("decoration-")


def is_expression_attribute(attribute: str) -> bool:
    return attribute in EXPRESSION_ATTRIBUTES or attribute.startswith("decoration-")


def expression_names(expr: str) -> frozenset[str]:
    """The free names ``expr`` reads (ValueError if it is not an allowed expression)."""
    return compile_expr(expr).names


def record_names(expr: str | None) -> frozenset[str]:
    """The names of ``expr`` that can only be fields of the record (empty for None)."""
    if not expr:
        return frozenset()
    return expression_names(expr) - VIEW_EXPRESSION_NAMES


def parse_dict_attribute(value: str | None) -> dict[str, Any]:
    """The dict of an ``options``/``colors`` attribute ({} when absent); ValueError if the
    value is not a dict literal."""
    if not value or not value.strip():
        return {}
    result = safe_eval(value, _JSON_CONSTANTS)
    if not isinstance(result, dict):
        raise ValueError(_("%(value)s is not a dictionary.", value=value))
    return result


def literal_group_by(context: str | None) -> str | None:
    """The ``group_by`` of a search filter's context when it is a literal string, else None:
    ``"{'group_by': 'create_date:month'}"`` gives ``"create_date:month"``."""
    if not context:
        return None
    try:
        value = safe_eval(context, {})
    except ValueError:  # the context reads names (uid, context_today ...): not a group-by
        return None
    group_by = value.get("group_by") if isinstance(value, dict) else None
    return group_by if isinstance(group_by, str) else None
