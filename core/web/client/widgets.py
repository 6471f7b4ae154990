"""Form widgets that are more than one field: their data and what they write.

A ``<widget name="...">`` of a form is rendered by the template ``widgets/<name>.html``.
When the widget needs data computed on the server or edits something, it is listed here
with two functions: ``values(state, node)`` gives the template its data, ``parse(state,
node, form)`` turns the submitted inputs into values to write (merged with the fields').

``user_groups`` is the access-rights editor of the user form: one selection per
application category whose groups form a chain (Sales: none / User: Own Documents Only /
User: All Documents / Administrator), checkboxes for the other groups of a category.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.views import WidgetNode, iter_nodes

USER_TYPE_CATEGORY = "base.module_category_user_type"


@dataclass(frozen=True)
class FormWidget:
    values: Callable[[Any, WidgetNode], dict[str, Any]]
    parse: Callable[[Any, WidgetNode, Any], dict[str, Any]]


# -- user_groups --------------------------------------------------------------------------
def _closure(group: Any, memo: dict[int, set[int]]) -> set[int]:
    if group.id not in memo:
        memo[group.id] = set()
        result = {group.id}
        for implied in group.implied_ids:
            result |= _closure(implied, memo)
        memo[group.id] = result
    return memo[group.id]


def group_categories(env: Any) -> list[dict[str, Any]]:
    """Visible application categories with their groups, as selections or checkboxes."""
    groups = env["res.groups"].sudo().with_context(lang=env.lang).search(
        [("category_id", "!=", False), ("share", "=", False)])
    user_type = env.ref(USER_TYPE_CATEGORY, raise_if_not_found=False)
    memo: dict[int, set[int]] = {}
    by_category: dict[Any, list[Any]] = {}
    for group in groups:
        if group.category_id.visible:
            by_category.setdefault(group.category_id, []).append(group)
    result = []
    for category, members in sorted(by_category.items(), key=lambda p: (p[0].sequence,
                                                                         p[0].name)):
        ids = {g.id for g in members}
        ranked = sorted(members, key=lambda g: (len(_closure(g, memo) & ids), g.sequence))
        chain = all(_closure(g, memo) & ids == {m.id for m in ranked[:i + 1]}
                    for i, g in enumerate(ranked))
        exclusive = user_type is not None and category.id == user_type.id
        kind = "select" if chain or exclusive else "checks"
        result.append({"id": category.id, "name": category.name, "kind": kind,
                       "groups": [(g.id, g.name) for g in ranked], "required": exclusive})
    return result


def _user_groups_values(state: Any, node: WidgetNode) -> dict[str, Any]:
    current = set(state.values.get("groups_id") or ())
    categories = group_categories(state.page.env)
    for category in categories:
        mine = [gid for gid, _name in category["groups"] if gid in current]
        category["selected"] = mine[-1] if mine else None
        category["checked"] = set(mine)
    return {"categories": categories,
            "editable": state.editable and "groups_id" in state.fields}


def _user_groups_parse(state: Any, node: WidgetNode, form: Any) -> dict[str, Any]:
    if "groups_id" not in state.fields or not state.editable:
        return {}
    commands: list[tuple] = []
    for category in group_categories(state.page.env):
        ids = [gid for gid, _name in category["groups"]]
        if category["kind"] == "select":
            raw = form.get(f"category_{category['id']}", "")
            chosen = int(raw) if raw.isdigit() and int(raw) in ids else None
            commands += [(3, gid) for gid in ids if gid != chosen]
            if chosen:
                commands.append((4, chosen))
        else:
            checked = {int(v) for v in form.getlist(f"category_{category['id']}") if v.isdigit()}
            commands += [(4, gid) if gid in checked else (3, gid) for gid in ids]
    return {"groups_id": commands} if commands else {}


FORM_WIDGETS: dict[str, FormWidget] = {
    "user_groups": FormWidget(_user_groups_values, _user_groups_parse),
}


def widget_values(state: Any, node: WidgetNode) -> dict[str, Any]:
    widget = FORM_WIDGETS.get(node.name)
    return widget.values(state, node) if widget else {}


def parse_widgets(state: Any, form: Any) -> dict[str, Any]:
    """Values to write from the visible widgets of the form."""
    vals: dict[str, Any] = {}
    for node in iter_nodes(state.view.body):
        if isinstance(node, WidgetNode) and node.name in FORM_WIDGETS \
                and not state.invisible(node):
            vals.update(FORM_WIDGETS[node.name].parse(state, node, form))
    return vals
