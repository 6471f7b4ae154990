"""The list view: columns, sorting, grouping with folded groups and sums, pagination.

Rows come from one ``search_fetch`` of the fields the view uses (plus one query per x2many
column); sums come from one ``read_group`` over the whole search, as in Odoo. Grouped, the
list shows one line per group (folded, as Odoo does); a group the user opened lists its
records below it — ``x=<group value>`` in the URL says which ones are open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from werkzeug.wrappers import Response

from core.views import ButtonNode, FieldNode, ListView
from core.views.render_modifiers import decoration_classes, evaluate
from core.views.render_values import display_number
from core.web.client.action_page import ActionPage
from core.web.client.grouping import group_key, group_label
from core.web.client.records import Row, fetch_rows

PAGE_SIZE = 80
INLINE_TYPES = frozenset({"char", "integer", "float", "monetary", "date", "selection"})


@dataclass
class Column:
    node: FieldNode
    name: str
    label: str
    type: str
    aggregate: str | None
    sort_href: str | None
    sorted: str | None       # "asc", "desc" or None
    editable: bool


@dataclass
class Group:
    key: str
    label: str
    count: int
    sums: dict[str, str]
    open: bool
    toggle_href: str
    rows: list[Row] = field(default_factory=list)


def columns_of(page: ActionPage, view: ListView, order: str) -> list[Column]:
    ns = {"context": dict(page.env.context), "uid": page.env.uid}
    current = (order or "").split(",")[0].split()
    sorted_field = current[0] if current else None
    direction = current[1].lower() if len(current) > 1 else "asc"
    columns = []
    writable = page.can("write") and view.edit
    for node in view.columns:
        if not isinstance(node, FieldNode) or node.name not in page.fields:
            continue
        if evaluate(node.column_invisible, ns) or not _optional_shown(page, node):
            continue
        info = page.fields[node.name]
        agg = "sum" if node.sum else ("avg" if node.avg else None)
        active = direction if sorted_field == node.name else None
        next_dir = "desc" if active == "asc" else "asc"
        sort_href = (page.loc.with_params(drop=("o", "p"), add=[("o", f"{node.name} {next_dir}")])
                     .href() if info.get("sortable") else None)
        editable = (writable and info.get("type") in INLINE_TYPES and not info.get("readonly")
                    and node.readonly in (None, "0", "False"))
        columns.append(Column(node, node.name, node.string or str(info.get("string", "")),
                              info.get("type", ""), agg, sort_href, active, editable))
    return columns


def _optional_shown(page: ActionPage, node: FieldNode) -> bool:
    """Optional columns: ``optional="hide"`` ones are off until toggled (``oc=<field>``),
    ``optional="show"`` ones on until toggled."""
    if not node.optional:
        return True
    toggled = node.name in page.loc.getlist("oc")
    return (node.optional == "show") != toggled


def optional_columns(page: ActionPage, view: ListView) -> list[tuple[str, str, bool, str]]:
    """(name, label, shown, toggle href) of the list's optional columns."""
    result = []
    for node in view.fields:
        if node.optional and node.name in page.fields:
            label = node.string or str(page.fields[node.name].get("string", node.name))
            result.append((node.name, label, _optional_shown(page, node),
                           page.loc.toggled("oc", node.name).href()))
    return result


def row_buttons(view: ListView) -> list[ButtonNode]:
    return [node for node in view.columns if isinstance(node, ButtonNode)]


def _sums(page: ActionPage, domain: list, columns: list[Column]) -> dict[str, str]:
    specs = [f"{c.name}:{c.aggregate}" for c in columns if c.aggregate]
    if not specs:
        return {}
    data = page.model.read_group(domain, specs, [], lazy=False)
    totals = data[0] if data else {}
    return {c.name: display_number(page.fields[c.name], totals.get(c.name), page.lang)
            for c in columns if c.aggregate}


def _order(page: ActionPage, view: ListView) -> str:
    wanted = page.loc.get("o")
    if wanted:
        name = wanted.split()[0]
        if page.fields.get(name, {}).get("sortable"):
            return wanted
    return view.default_order or ""


def _page_number(page: ActionPage) -> int:
    raw = page.loc.get("p") or "1"
    return max(int(raw), 1) if raw.isdigit() else 1


def render_list(page: ActionPage) -> Response:
    bundle = page.bundle("list")
    view: ListView = bundle.view
    search = page.search
    domain, group_by = search.domain(), search.group_by()
    if not group_by and view.default_group_by and not page.loc.get("sd"):
        group_by = [view.default_group_by] if not page.loc.getlist("g") else []
    order = _order(page, view)
    columns = columns_of(page, view, order)
    values = {"view": view, "columns": columns, "buttons": row_buttons(view),
              "sums": _sums(page, domain, columns), "groups": None, "rows": [],
              "pager": None, "group_by": group_by,
              "server_actions": page.server_actions(),
              "optional": optional_columns(page, view)}
    names = bundle.fields
    if group_by:
        values["groups"] = _groups(page, domain, group_by[0], columns, names, order)
    else:
        limit = view.limit or page.action.limit or PAGE_SIZE
        number = _page_number(page)
        total = page.model.search_count(domain)
        values["rows"] = fetch_rows(page.model, domain, names, page.fields,
                                    offset=(number - 1) * limit, limit=limit,
                                    order=order or None, context=page.env.context)
        values["pager"] = _pager(page, number, limit, total)
    _decorate(view, values)
    return page.render("views/list.html", **values)


def _decorate(view: ListView, values: dict[str, Any]) -> None:
    rows = list(values["rows"])
    for group in values["groups"] or ():
        rows.extend(group.rows)
    for row in rows:
        row.extra["classes"] = decoration_classes(view.decorations, row.ns)


def _groups(page: ActionPage, domain: list, spec: str, columns: list[Column],
            names: frozenset[str], order: str) -> list[Group]:
    aggregates = [f"{c.name}:{c.aggregate}" for c in columns if c.aggregate]
    data = page.model.read_group(domain, aggregates, [spec], lazy=True)
    opened = set(page.loc.getlist("x"))
    count_key = f"{spec.partition(':')[0]}_count"
    groups = []
    for item in data:
        key = group_key(item.get(spec))
        is_open = key in opened
        toggle = page.loc.toggled("x", key).href()
        sums = {c.name: display_number(page.fields[c.name], item.get(c.name), page.lang)
                for c in columns if c.aggregate}
        selection = page.fields.get(spec.partition(":")[0], {}).get("selection")
        group = Group(key, group_label(item.get(spec), page.lang, selection),
                      item.get(count_key, 0), sums, is_open, toggle)
        if is_open:
            group.rows = fetch_rows(page.model, item["__domain"], names, page.fields,
                                    limit=PAGE_SIZE, order=order or None,
                                    context=page.env.context)
        groups.append(group)
    return groups


def _pager(page: ActionPage, number: int, limit: int, total: int) -> dict[str, Any]:
    first = (number - 1) * limit + 1 if total else 0
    last = min(number * limit, total)
    loc = page.loc.with_params(drop=("p",))
    return {"first": first, "last": last, "total": total,
            "prev": loc.with_params(add=[("p", str(number - 1))]).href() if number > 1
            else None,
            "next": loc.with_params(add=[("p", str(number + 1))]).href() if last < total
            else None}
