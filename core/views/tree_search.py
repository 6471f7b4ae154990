"""Parsers of the views that search and aggregate: search, graph and pivot.

Search filters are grouped the way Odoo combines them: filters between two separators (or
inside one ``<group>``) form a group whose domains are OR-ed, groups are AND-ed. Filters
whose context is a literal ``{'group_by': ...}`` are group-bys, listed apart.
"""

from __future__ import annotations

from lxml import etree

from core.views.expressions import literal_group_by
from core.views.tree_common import child_elements, parse_bool
from core.views.view_types import Filter, GraphField, GraphView, PivotView, SearchField, SearchView

__all__ = ["parse_graph", "parse_pivot", "parse_search"]


def parse_search(arch: etree._Element, *, view_name: str = "") -> SearchView:
    collector = _FilterCollector()
    fields: list[SearchField] = []
    for child in child_elements(arch):
        if child.tag == "field":
            fields.append(_search_field(child))
        elif child.tag == "group":
            collector.close_group()
            for item in child_elements(child):
                if item.tag == "field":
                    fields.append(_search_field(item))
                else:
                    collector.add(item)
            collector.close_group()
        else:
            collector.add(child)
    collector.close_group()
    return SearchView(
        string=arch.get("string"),
        fields=tuple(fields),
        filter_groups=tuple(collector.groups),
        group_bys=tuple(collector.group_bys),
    )


def parse_graph(arch: etree._Element, *, view_name: str = "") -> GraphView:
    rows, cols, measures = _group_fields(arch)
    return GraphView(
        string=arch.get("string"),
        type=arch.get("type") or "bar",
        stacked=parse_bool(arch.get("stacked"), True),
        order=arch.get("order"),
        sample=parse_bool(arch.get("sample"), False),
        disable_linking=parse_bool(arch.get("disable_linking"), False),
        rows=rows,
        cols=cols,
        measures=measures,
    )


def parse_pivot(arch: etree._Element, *, view_name: str = "") -> PivotView:
    rows, cols, measures = _group_fields(arch)
    return PivotView(
        string=arch.get("string"),
        disable_linking=parse_bool(arch.get("disable_linking"), False),
        sample=parse_bool(arch.get("sample"), False),
        display_quantity=parse_bool(arch.get("display_quantity"), False),
        default_order=arch.get("default_order"),
        rows=rows,
        cols=cols,
        measures=measures,
    )


class _FilterCollector:
    """Sorts filters into OR-groups (split at separators) and group-bys."""

    def __init__(self) -> None:
        self.groups: list[tuple[Filter, ...]] = []
        self.group_bys: list[Filter] = []
        self.current: list[Filter] = []

    def add(self, element: etree._Element) -> None:
        if element.tag == "separator":
            self.close_group()
            return
        item = _filter(element)
        if item.group_by:
            self.group_bys.append(item)
        else:
            self.current.append(item)

    def close_group(self) -> None:
        if self.current:
            self.groups.append(tuple(self.current))
            self.current = []


def _search_field(element: etree._Element) -> SearchField:
    return SearchField(
        name=element.get("name"),
        string=element.get("string"),
        operator=element.get("operator"),
        filter_domain=element.get("filter_domain"),
        context=element.get("context"),
        domain=element.get("domain"),
        invisible=element.get("invisible"),
        groups=element.get("groups"),
    )


def _filter(element: etree._Element) -> Filter:
    return Filter(
        name=element.get("name"),
        string=element.get("string"),
        domain=element.get("domain"),
        context=element.get("context"),
        group_by=literal_group_by(element.get("context")),
        date=element.get("date"),
        default_period=element.get("default_period"),
        invisible=element.get("invisible"),
        help=element.get("help"),
        groups=element.get("groups"),
    )


def _group_fields(arch: etree._Element):
    """(rows, cols, measures) of a graph or pivot; a field without type is a row."""
    found: dict[str, list[GraphField]] = {"row": [], "col": [], "measure": []}
    for element in child_elements(arch):
        item = GraphField(
            name=element.get("name"),
            interval=element.get("interval"),
            string=element.get("string"),
            invisible=element.get("invisible"),
        )
        found[element.get("type") or "row"].append(item)
    return tuple(found["row"]), tuple(found["col"]), tuple(found["measure"])
