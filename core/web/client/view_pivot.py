"""The pivot view: measures by row and column group-bys, with totals, folding and CSV.

Each pair of (row depth, column depth) is one ``read_group`` — a handful of queries
whatever the number of records. Row and column group-bys (``pr``/``pc``), measures
(``pm``) and folded headers (``px=r:<path>``/``c:<path>``) are URL parameters; a leaf
header offers the fields to unfold it by. ``?export=csv`` downloads the table as shown.
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from core.i18n import Domain
from core.views import PivotView
from core.views.render_pivot import Axis
from core.views.render_values import display_number
from core.web.client.action_page import ActionPage
from core.web.client.csv_export import csv_response, safe_cell
from core.web.client.grouping import group_key, group_label
from core.web.client.view_graph import COUNT, measures_of

_ = Domain("core")


def _specs(page: ActionPage, key: str, fields: tuple) -> list[str]:
    chosen = [g for g in page.loc.getlist(key) if g.partition(":")[0] in page.fields]
    if chosen or page.loc.get("p0"):
        return chosen
    if key == "pr" and page.search.group_by():
        return page.search.group_by()
    return [f"{f.name}:{f.interval}" if f.interval else f.name for f in fields
            if f.name in page.fields]


def _measures(page: ActionPage, view: PivotView) -> list[str]:
    names = {name for name, _label in measures_of(page)}
    chosen = [m for m in page.loc.getlist("pm") if m in names]
    if chosen:
        return chosen
    return [m.name for m in view.measures if m.name in names] or [COUNT]


def _collapsed(page: ActionPage, axis: str) -> set[tuple[str, ...]]:
    result = set()
    for raw in page.loc.getlist("px"):
        side, _sep, path = raw.partition(":")
        if side == axis:
            result.add(tuple(p for p in path.split("/") if p) if path else ())
    return result


class PivotData:
    """Grouped figures of every (row path, column path) pair."""

    def __init__(self, page: ActionPage, rows: list[str], cols: list[str],
                 measures: list[str]) -> None:
        self.page = page
        self.measures = measures
        self.cells: dict[tuple[tuple, tuple], dict[str, Any]] = {}
        self.row_levels = [[((), _("Total").translate(page.lang))]] + [[] for _ in rows]
        self.col_levels = [[((), _("Total").translate(page.lang))]] + [[] for _ in cols]
        fields = [f"{m}:sum" for m in measures if m != COUNT]
        domain = page.search.domain()
        for i in range(len(rows) + 1):
            for j in range(len(cols) + 1):
                specs = rows[:i] + cols[:j]
                groups = page.model.read_group(domain, fields, specs, lazy=False)
                for group in groups:
                    self._add(group, rows[:i], cols[:j])

    def _add(self, group: dict[str, Any], rows: list[str], cols: list[str]) -> None:
        row_path = tuple(group_key(group.get(s)) for s in rows)
        col_path = tuple(group_key(group.get(s)) for s in cols)
        self.cells[(row_path, col_path)] = group
        if rows and not cols:
            self._label(self.row_levels[len(rows)], row_path, rows[-1], group)
        if cols and not rows:
            self._label(self.col_levels[len(cols)], col_path, cols[-1], group)

    def _label(self, level: list, path: tuple, spec: str, group: dict[str, Any]) -> None:
        if all(p != path for p, _label in level):
            selection = self.page.fields.get(spec.partition(":")[0], {}).get("selection")
            level.append((path, group_label(group.get(spec), self.page.lang, selection)))

    def value(self, row: tuple, col: tuple, measure: str) -> str:
        group = self.cells.get((row, col))
        if group is None:
            return ""
        if measure == COUNT:
            return display_number({"type": "integer"}, group.get("__count"), self.page.lang)
        return display_number(self.page.fields[measure], group.get(measure), self.page.lang)


def render_pivot(page: ActionPage) -> Response:
    view: PivotView = page.bundle("pivot").view
    rows, cols = _specs(page, "pr", view.rows), _specs(page, "pc", view.cols)
    measures = _measures(page, view)
    data = PivotData(page, rows, cols, measures)
    row_axis = Axis(data.row_levels, _collapsed(page, "r"))
    col_axis = Axis(data.col_levels, _collapsed(page, "c"))
    if page.loc.get("export") == "csv":
        return _csv(page, data, row_axis, col_axis)
    labels = dict(measures_of(page))
    columns = col_axis.leaves()
    if col_axis.shown_children(col_axis.root):
        columns.append(col_axis.root)
    loc = page.loc.with_params(drop=["pr", "pc"], add=[("pr", r) for r in rows]
                               + [("pc", c) for c in cols])
    return page.render(
        "views/pivot.html", view=view, data=data, rows=row_axis, cols=col_axis,
        measures=measures, measure_labels=labels, columns=columns, all_measures=measures_of(page),
        loc=loc, groupables=page.search.custom_groupbys(), row_specs=rows, col_specs=cols,
        flip_href=page.loc.with_params(drop=["pr", "pc", "px"], add=[("pc", r) for r in rows]
                                       + [("pr", c) for c in cols] + [("p0", "1")]).href(),
        csv_href=loc.with_params(add=[("export", "csv")]).href(),
        measure_menu=_measure_menu(page, loc, measures))


def _measure_menu(page: ActionPage, loc: Any, measures: list[str]) -> list[tuple]:
    """(name, label, active, href) of the Measures dropdown: each entry toggles one."""
    menu = []
    for name, label in measures_of(page):
        active = name in measures
        kept = [m for m in measures if m != name] + ([] if active else [name])
        href = loc.with_params(drop=["pm"], add=[("pm", m) for m in kept]).href()
        menu.append((name, label, active, href))
    return menu


def _csv(page: ActionPage, data: PivotData, rows: Axis, cols: Axis) -> Response:
    labels = dict(measures_of(page))
    leaves = cols.leaves() + ([cols.root] if cols.shown_children(cols.root) else [])
    header = [""] + [safe_cell(f"{leaf.label} – {labels.get(m, m)}") for leaf in leaves
                     for m in data.measures]
    lines = [header]
    for node in rows.visible():     # the label is escaped before it is indented
        line = ["  " * node.depth + str(safe_cell(node.label))]
        line += [data.value(node.path, leaf.path, m) for leaf in leaves for m in data.measures]
        lines.append(line)
    return csv_response(lines, page.model._name.replace(".", "_") + "_pivot")
