"""The kanban view: cards in columns of the group-by field, totals, progress bars, folding.

Columns come from one ``read_group`` (stages without records included when the field has a
``group_expand``, folded ones folded); each open column's records are searched (ids only)
and read together in one batch. The progress bar above a column counts its records per
value of the progressbar field (activity state: planned/today/overdue) — with a
``read_group`` when that field is stored, else from one read of the search's records.
Cards can be dragged to another column (JavaScript) or moved with their "Move to" menu
(no JavaScript): both write the group-by field.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from werkzeug.wrappers import Response

from core.views import KanbanView
from core.views.render_values import display_number
from core.web.client.action_page import ActionPage
from core.web.client.grouping import group_key, group_label
from core.web.client.kanban_cards import KanbanCards
from core.web.client.kanban_columns import editable_columns
from core.web.client.records import Row, readable, rows_of
from core.web.client.templating import current_csrf_token

COLUMN_LIMIT = 80
DRAGGABLE_TYPES = frozenset({"many2one", "selection", "char", "boolean", "integer"})
BAR_COLORS = ("success", "warning", "danger", "info", "muted")


@dataclass
class Segment:
    value: str
    color: str
    count: int
    percent: float
    label: str
    href: str | None = None      # filters the column on this value (and back)
    active: bool = False


@dataclass
class Column:
    key: str
    label: str
    drop_value: str
    count: int
    total: str | None
    folded: bool
    toggle_href: str
    segments: list[Segment] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    domain: list = field(default_factory=list)
    more: int = 0
    more_href: str | None = None
    stored_fold: bool = False      # the column record's own fold (stages), not the URL's


def render_kanban(page: ActionPage) -> Response:
    bundle = page.bundle("kanban")
    view: KanbanView = bundle.view
    domain, group_by = page.search.domain(), page.search.group_by()
    if not group_by and view.default_group_by and not page.loc.getlist("g"):
        group_by = [view.default_group_by]
    order = view.default_order or None
    values: dict[str, Any] = {"view": view, "columns": None, "rows": [], "group_field": None,
                              "column_ops": {},
                              "pager": None, "draggable": False, "stages": [],
                              "name_label": _name_label(page)}
    names = readable(page.fields, bundle.fields)
    if group_by:
        spec = group_by[0]
        info = page.fields.get(spec.partition(":")[0], {})
        columns = _columns(page, view, domain, spec, order, names)
        values["column_ops"] = editable_columns(page, view, spec)
        values.update(columns=columns, group_field=spec,
                      draggable=view.records_draggable and ":" not in spec
                      and info.get("type") in DRAGGABLE_TYPES and page.can("write"),
                      stages=[(c.drop_value, c.label) for c in columns])
    else:
        records = page.model.search(domain, limit=COLUMN_LIMIT * 2, order=order)
        values["rows"] = rows_of(records, names, page.fields, context=page.env.context)
    values["card"] = KanbanCards(page, page.card_body(), view.card, current_csrf_token)
    return page.render("views/kanban.html", **values)


def _name_label(page: ActionPage) -> str:
    name = page.model._rec_name or "name"
    return str(page.fields.get(name, {}).get("string", name))


def _columns(page: ActionPage, view: KanbanView, domain: list, spec: str, order: str | None,
             names: list[str]) -> list[Column]:
    bar = view.progressbar
    sums = [f"{bar.sum_field}:sum"] if bar and bar.sum_field else []
    groups = page.model.read_group(domain, sums, [spec], lazy=True)
    name = spec.partition(":")[0]
    info = page.fields.get(name, {})
    toggled = set(page.loc.getlist("kf"))
    chosen = dict(p.partition(":")[::2] for p in page.loc.getlist("kp"))
    columns = []
    for group in groups:
        value = group.get(spec)
        key = group_key(value)
        stored_fold = bool(group.get("__fold"))
        folded = stored_fold != (key in toggled)
        total = display_number(page.fields[bar.sum_field], group.get(bar.sum_field), page.lang) \
            if bar and bar.sum_field else None
        columns.append(Column(
            key=key, label=group_label(value, page.lang, info.get("selection")),
            drop_value="" if key == "none" else key,
            count=group.get(f"{name}_count", 0), total=total, folded=folded,
            stored_fold=stored_fold,
            toggle_href=page.loc.toggled("kf", key).href(),
            domain=_bar_domain(page, bar, group["__domain"], chosen.get(key))))
    _fill(page, columns, names, order)
    if bar is not None:
        _progress(page, bar, domain, spec, columns, chosen)
    return columns


def _bar_domain(page: ActionPage, bar: Any, domain: list, value: str | None) -> list:
    """The column's domain, narrowed to one progress bar value when the user clicked it."""
    if bar is None or value is None or not page.fields.get(bar.field, {}).get("searchable"):
        return domain
    return [*domain, (bar.field, "=", value or False)]


def _fill(page: ActionPage, columns: list[Column], names: list[str], order: str | None) -> None:
    """Search each open column's ids, then read every card in one batch."""
    ids_by_column = {}
    pages = Counter(page.loc.getlist("kl"))  # "load more": one more page per occurrence
    for column in columns:
        if column.folded or not column.count:
            continue
        limit = COLUMN_LIMIT * (1 + pages[column.key])
        records = page.model.search(column.domain, limit=limit, order=order)
        ids_by_column[column.key] = records.ids
        column.more = max(column.count - len(records), 0)
        if column.more:
            column.more_href = page.loc.with_params(add=[("kl", column.key)]).href()
    every = [rid for ids in ids_by_column.values() for rid in ids]
    rows = {row.id: row for row in rows_of(page.model.browse(every), names, page.fields,
                                          context=page.env.context)}
    for column in columns:
        column.rows = [rows[rid] for rid in ids_by_column.get(column.key, ()) if rid in rows]


def _progress(page: ActionPage, bar: Any, domain: list, spec: str, columns: list[Column],
              chosen: dict[str, str]) -> None:
    counts = _progress_counts(page, bar.field, domain, spec)
    info = page.fields.get(bar.field, {})
    labels = dict(info.get("selection") or ())
    for column in columns:
        counter = counts.get(column.key, Counter())
        total = sum(counter.values())
        if not total:
            continue
        for value, color in bar.colors.items():
            if counter.get(value):
                active = chosen.get(column.key) == value
                href = page.loc.toggled("kp", f"{column.key}:{value}").href() \
                    if info.get("searchable") else None
                column.segments.append(Segment(
                    value, color if color in BAR_COLORS else "muted", counter[value],
                    round(100 * counter[value] / total, 2), str(labels.get(value, value)),
                    href, active))
        others = total - sum(s.count for s in column.segments)
        if others:
            column.segments.append(Segment("", "muted", others, round(100 * others / total, 2),
                                           ""))


def _progress_counts(page: ActionPage, bar_field: str, domain: list, spec: str
                     ) -> dict[str, Counter]:
    result: dict[str, Counter] = defaultdict(Counter)
    for group, counts in page.model.read_progress_bar(domain, spec, bar_field).items():
        for value, count in counts.items():
            result[group_key(group)][value or ""] += count
    return result
