"""The graph view: one ``read_group`` drawn as an SVG bar, line or pie chart.

The first group-by runs along the x axis, the second (if any) makes the series — stacked
bars by default, as in Odoo. Measure, chart type, stacking and group-bys are chosen in the
page and kept in the URL (``gm``, ``gt``, ``gs``, ``g``); the figures are also listed in a
table under the chart.
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from core.i18n import Domain
from core.views import GraphView
from core.views.render_svg import Series, bar_chart, line_chart, pie_chart
from core.views.render_values import display_number
from core.web.client.action_page import ActionPage
from core.web.client.grouping import group_key, group_label

_ = Domain("core")
COUNT = "__count"
NUMERIC = ("integer", "float", "monetary")
CHART_TYPES = {"bar": _("Bar Chart"), "line": _("Line Chart"), "pie": _("Pie Chart")}


def measures_of(page: ActionPage) -> list[tuple[str, str]]:
    """(name, label) of every measure the user can choose, the count first."""
    fields = [(n, str(f.get("string", n))) for n, f in page.fields.items()
              if f.get("type") in NUMERIC and f.get("store") and n != "id"]
    return [(COUNT, _("Count").translate(page.lang)), *sorted(fields, key=lambda p: p[1])]


def _measure(page: ActionPage, view: Any) -> str:
    wanted = page.loc.get("gm")
    names = {name for name, _label in measures_of(page)}
    if wanted in names:
        return wanted
    measures = [m.name for m in view.measures if m.name in names]
    return measures[0] if measures else COUNT


def _group_bys(page: ActionPage, view: Any) -> list[str]:
    chosen = page.search.group_by()
    if chosen:
        return chosen[:2]
    specs = [f"{f.name}:{f.interval}" if f.interval else f.name
             for f in (*view.rows, *view.cols) if f.name in page.fields]
    return specs[:2]


def chart_data(page: ActionPage, measure: str, group_bys: list[str]
               ) -> tuple[list[str], list[Series]]:
    fields = [] if measure == COUNT else [f"{measure}:sum"]
    groups = page.model.read_group(page.search.domain(), fields, group_bys, lazy=False) \
        if group_bys else page.model.read_group(page.search.domain(), fields, [], lazy=False)
    value_of = (lambda g: g.get("__count", 0)) if measure == COUNT else \
        (lambda g: g.get(measure) or 0)
    if not group_bys:
        return [_("Total").translate(page.lang)], [Series(_label(page, measure), [
            float(value_of(groups[0])) if groups else 0.0])]
    labels: dict[str, str] = {}
    series_labels: dict[str, str] = {}
    values: dict[tuple[str, str], float] = {}
    for group in groups:
        x = _group(page, group_bys[0], group, labels)
        s = _group(page, group_bys[1], group, series_labels) if len(group_bys) > 1 else ""
        values[(x, s)] = values.get((x, s), 0.0) + float(value_of(group))
    if len(group_bys) == 1:
        series_labels = {"": _label(page, measure)}
    series = [Series(label, [values.get((x, s), 0.0) for x in labels])
              for s, label in series_labels.items()]
    return list(labels.values()), series


def _group(page: ActionPage, spec: str, group: dict[str, Any], seen: dict[str, str]) -> str:
    value = group.get(spec)
    key = group_key(value)
    selection = page.fields.get(spec.partition(":")[0], {}).get("selection")
    seen.setdefault(key, group_label(value, page.lang, selection))
    return key


def _label(page: ActionPage, measure: str) -> str:
    if measure == COUNT:
        return _("Count").translate(page.lang)
    return str(page.fields[measure].get("string", measure))


def render_graph(page: ActionPage) -> Response:
    view: GraphView = page.bundle("graph").view
    measure = _measure(page, view)
    group_bys = _group_bys(page, view)
    kind = page.loc.get("gt") if page.loc.get("gt") in CHART_TYPES else view.type
    stacked = page.loc.get("gs", "1" if view.stacked else "0") == "1"
    labels, series = chart_data(page, measure, group_bys)
    info = page.fields.get(measure, {"type": "integer"})

    def fmt(value: float) -> str:
        return display_number(info, value, page.lang)

    title = _label(page, measure)
    if kind == "pie":
        totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
        chart = pie_chart(labels, totals, title=title, fmt=fmt)
    elif kind == "line":
        chart = line_chart(labels, series, title=title, fmt=fmt)
    else:
        chart = bar_chart(labels, series, stacked=stacked, title=title, fmt=fmt)
    loc = page.loc
    return page.render(
        "views/graph.html", view=view, chart=chart, labels=labels, series=series, fmt=fmt,
        measure=measure, measures=measures_of(page), kind=kind, stacked=stacked,
        types=[(t, label.translate(page.lang), loc.with_params(drop=["gt"], add=[("gt", t)])
                .href()) for t, label in CHART_TYPES.items()],
        stack_href=loc.with_params(drop=["gs"], add=[("gs", "0" if stacked else "1")]).href())
