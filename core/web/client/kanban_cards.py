"""Kanban cards as HTML, with what every card of a page shares computed once.

A pipeline page has hundreds of cards; each has a link to its form, its body (the view's
card nodes, see :class:`core.web.client.display.CardBody`) and — for keyboard and no-JS
users — a menu with a form that moves it to another column. The parts that do not depend
on the record (translated labels, the move form's action, the CSRF token, the column
buttons) are built once per page; per card only its own values are filled in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

from core.i18n import Domain
from core.web.client.grouping import group_key

_ = Domain("core")
ID_MARK = "0987654321"   # stands for the record id in the form URL of the page


class KanbanCards:
    """``card(row, columns_for_move, group_field, draggable)`` for the kanban template."""

    def __init__(self, page: Any, body: Any, card_nodes: Any, csrf_token: Any) -> None:
        self.lang = page.lang
        self.body = body
        self.nodes = card_nodes
        self.csrf_token = csrf_token
        self.record_href = page.loc.record(ID_MARK).href()
        self.move_action = f"{page.loc.base}/move"
        self.call_action = f"{page.loc.base}/form/{ID_MARK}/call"
        self.back = page.loc.href()

    def t(self, text: Any) -> str:
        return text.translate(self.lang)

    def __call__(self, row: Any, columns_for_move: Sequence[tuple[str, str]],
                 group_field: str | None, draggable: bool) -> Markup:
        href = escape(self.record_href.replace(ID_MARK, str(row.id)))
        name = escape(row.name)
        color = (row.values.get("color") or 0) % 10
        drag = ' draggable="true"' if draggable else ""
        parts = [
            f'<article class="kanban-card card-color-{color}" aria-label="{name}" '
            f'data-id="{row.id}"{drag}>',
            f'<a class="card-link" href="{href}"><span class="visually-hidden">'
            f'{escape(self.t(_("Open %(name)s")) % {"name": row.name})}</span></a>',
            '<div class="card-body">', self.body(self.nodes, row, href, self._button),
            "</div>",
        ]
        if draggable and columns_for_move and group_field:
            parts.append(self._menu(row, href, name, columns_for_move, group_field))
        parts.append("</article>")
        return Markup("".join(parts))

    def _button(self, node: Any, row: Any) -> str:
        """A card's ``<button type="object">``: a form that calls the method on the record
        (the team card's "Pipeline"); other button types have no place on a card."""
        if node.type != "object" or not node.name:
            return ""
        label = escape(node.string or node.name)   # the arch is in the user's language
        action = escape(self.call_action.replace(ID_MARK, str(row.id)))
        return (
            f'<form class="card-button" method="post" action="{action}">'
            f'<input type="hidden" name="csrf_token" value="{escape(self.csrf_token())}">'
            f'<input type="hidden" name="method" value="{escape(node.name)}">'
            f'<input type="hidden" name="view" value="kanban">'
            f'<input type="hidden" name="back" value="{escape(self.back)}">'
            f'<button type="submit" class="{escape(node.cls or "btn btn-secondary")}">'
            f"{label}</button></form>")

    def _menu(self, row: Any, href: str, name: str, columns: Sequence[tuple[str, str]],
              group_field: str) -> str:
        current = group_key(row.values.get(group_field))
        buttons = "".join(
            f'<button type="submit" name="value" value="{escape(key)}" '
            f'class="dropdown-button">{escape(label)}</button>'
            for key, label in columns if key != current and not (current == "none" and not key))
        summary = escape(self.t(_("Card menu of %(name)s")) % {"name": row.name})
        return (
            f'<details class="dropdown card-menu"><summary aria-label="{summary}">⋮</summary>'
            f'<div class="dropdown-menu dropdown-end">'
            f'<a class="dropdown-button" href="{href}">{escape(self.t(_("Edit")))}</a>'
            f'<form method="post" action="{escape(self.move_action)}">'
            f'<input type="hidden" name="csrf_token" value="{escape(self.csrf_token())}">'
            f'<input type="hidden" name="id" value="{row.id}">'
            f'<input type="hidden" name="field" value="{escape(group_field)}">'
            f'<input type="hidden" name="back" value="{escape(self.back)}">'
            f'<p class="menu-title">{escape(self.t(_("Move to")))}</p>{buttons}</form>'
            f"</div></details>")
