"""Parse first, render second: a combined arch becomes a typed tree of dataclasses.

::

    arch (XML text) ──parse_arch──▶ base ──combine(extensions)──▶ merged arch
        ──validate_arch──▶ (ViewValidationError, or nothing)
        ──parse_view──▶ FormView / ListView / KanbanView / ...  ──▶ Jinja2 templates

:func:`parse_view` expects an arch that :func:`core.views.validate.validate_arch` accepted;
it trusts the structure and only converts. :func:`fields_used` says which fields of the
model a view needs (shown, declared, or read by its expressions), so that the web layer
reads them all in one batch instead of one query per record and field.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from lxml import etree

from core.views.expressions import is_modifier, record_names
from core.views.nodes import FieldNode
from core.views.tree_record import parse_activity, parse_form, parse_kanban, parse_list
from core.views.tree_search import parse_graph, parse_pivot, parse_search
from core.views.validate import normalize_view_type
from core.views.view_types import (
    ActivityView,
    FormView,
    GraphView,
    KanbanView,
    ListView,
    PivotView,
    SearchView,
    View,
)

__all__ = ["PARSERS", "fields_used", "iter_nodes", "parse_view"]

PARSERS: dict[str, Callable[..., View]] = {
    "form": parse_form,
    "list": parse_list,
    "kanban": parse_kanban,
    "search": parse_search,
    "graph": parse_graph,
    "pivot": parse_pivot,
    "activity": parse_activity,
}

#: Attributes evaluated against the record besides the modifiers and decorations.
_RECORD_EXPRESSIONS = frozenset({"domain", "context"})
_COUNT_MEASURE = "__count"


def parse_view(arch: etree._Element, view_type: str, *, view_name: str = "") -> View:
    """The typed tree of a validated ``arch`` of type ``view_type`` (``tree`` = ``list``)."""
    return PARSERS[normalize_view_type(view_type)](arch, view_name=view_name)


def iter_nodes(nodes: Iterable) -> Iterable:
    """Every node of ``nodes`` and their descendants, depth first; inline views excluded."""
    for node in nodes:
        yield node
        yield from iter_nodes(node.children)


@functools.singledispatch
def fields_used(view: View) -> set[str]:
    """Names of the model's fields that ``view`` needs to be shown."""
    raise TypeError(f"not a parsed view: {view!r}")


@fields_used.register
def _(view: FormView) -> set[str]:
    return _record_fields(iter_nodes(view.header + view.body + view.footer))


@fields_used.register
def _(view: ListView) -> set[str]:
    names = _record_fields(iter_nodes(view.columns + view.header_buttons))
    for expr in view.decorations.values():
        names |= record_names(expr)
    return names


@fields_used.register
def _(view: KanbanView) -> set[str]:
    names = _record_fields(iter_nodes(view.fields + view.card + view.menu))
    if view.progressbar is not None:
        names.add(view.progressbar.field)
        if view.progressbar.sum_field:
            names.add(view.progressbar.sum_field)
    if view.default_group_by:
        names.add(view.default_group_by)
    return names


@fields_used.register
def _(view: ActivityView) -> set[str]:
    return _record_fields(iter_nodes(view.fields + view.card))


@fields_used.register
def _(view: SearchView) -> set[str]:
    names = {field.name for field in view.fields}
    names |= {item.date for item in view.filters if item.date}
    names |= {item.group_by_field for item in view.group_bys if item.group_by_field}
    return names


@fields_used.register(GraphView)
@fields_used.register(PivotView)
def _(view: GraphView | PivotView) -> set[str]:
    every = view.rows + view.cols + view.measures
    return {field.name for field in every if field.name != _COUNT_MEASURE}


def _record_fields(nodes: Iterable) -> set[str]:
    """Fields shown by ``nodes`` and fields their record expressions read."""
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, FieldNode):
            names.add(node.name)
        for attribute, value in node.attrs.items():
            if is_modifier(attribute) or attribute in _RECORD_EXPRESSIONS:
                names |= record_names(value)
    return names
