"""Evaluating a view's expressions for one record: invisible, readonly, required, decorations.

The typed tree keeps ``invisible="state == 'done'"`` as text; a renderer asks this module
with the record's values as ``read()`` returns them. Names are what Odoo 17's web client
offers: the record's fields (a many2one is its id, an x2many its list of ids, dates are
``YYYY-MM-DD`` text), ``context``, ``uid``, ``today``, ``now``, ``parent`` in inline views,
and the date helpers of :func:`core.tools.safe_eval.eval_context_time`. Expressions were
checked at install, so an error here means a value is missing: the default answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from core.tools.safe_eval import compile_expr, eval_context_time

#: ``decoration-<name>`` → CSS class.
DECORATION_CLASSES = {"bf": "fw-bold", "it": "fst-italic", "muted": "text-muted"}
_FALSE_TEXT = frozenset({"", "0", "False", "false"})
_TRUE_TEXT = frozenset({"1", "True", "true"})


class RecordValues(dict):
    """A record's values that expressions read as names or attributes (``parent.state``)."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.get(name, False)


def record_values(values: Mapping[str, Any], fields: Mapping[str, Mapping[str, Any]]
                  ) -> RecordValues:
    """``read()`` values as expressions see them (many2one → id)."""
    result = RecordValues()
    for name, value in values.items():
        kind = fields.get(name, {}).get("type")
        if kind == "many2one":
            result[name] = value[0] if isinstance(value, list | tuple) and value else (
                value or False)
        else:
            result[name] = value
    return result


def namespace(values: Mapping[str, Any], fields: Mapping[str, Mapping[str, Any]], *,
              context: Mapping[str, Any] | None = None, uid: int | None = None,
              tz: str | None = None, parent: Mapping[str, Any] | None = None
              ) -> dict[str, Any]:
    """Everything a record expression may read."""
    helpers = eval_context_time(tz)
    today = helpers["context_today"]()
    ns: dict[str, Any] = dict(helpers)
    ns.update({
        "context": dict(context or {}), "uid": uid or False, "today": today.isoformat(),
        "now": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
        "parent": RecordValues(parent or {}), "current_company_id": False,
        "allowed_company_ids": [],
    })
    ns.update(record_values(values, fields))
    return ns


def evaluate(expr: str | None, ns: Mapping[str, Any], default: bool = False) -> bool:
    """The truth of ``expr`` (``"1"``/``"0"`` shortcuts included); default if absent."""
    if expr is None:
        return default
    text = expr.strip()
    if text in _TRUE_TEXT:
        return True
    if text in _FALSE_TEXT:
        return False
    try:
        return bool(compile_expr(text)(ns))
    except (ValueError, TypeError, KeyError, AttributeError, ZeroDivisionError):
        return default


def decoration_classes(decorations: Mapping[str, str], ns: Mapping[str, Any]) -> list[str]:
    """CSS classes of the ``decoration-*`` expressions that hold for the record."""
    return [DECORATION_CLASSES.get(name, f"text-{name}")
            for name, expr in decorations.items() if evaluate(expr, ns)]
