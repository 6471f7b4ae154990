"""Parsers of the views that show records: form, list, kanban and activity.

Each takes the root element of a combined, validated arch and returns its dataclass from
:mod:`core.views.view_types`. Inline views of x2many fields (a ``<list>`` or ``<form>``
inside a form's ``<field>``) are parsed by the same functions, recursively.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from core.views.nodes import ButtonNode, FieldNode, Node, decorations
from core.views.tree_common import NodeBuilder, child_elements, parse_bool, parse_int
from core.views.view_types import ActivityView, FormView, KanbanView, ListView, Progressbar

__all__ = ["parse_activity", "parse_form", "parse_kanban", "parse_list", "parse_subview"]

#: t-name of the card template (Odoo 16 called it kanban-box, the activity view activity-box).
CARD_TEMPLATES = frozenset({"card", "kanban-box", "activity-box"})
MENU_TEMPLATES = frozenset({"menu", "kanban-menu"})


def parse_subview(view_name: str) -> Callable[[etree._Element], FormView | ListView | KanbanView]:
    """The parser of inline views of x2many fields, for errors naming ``view_name``."""

    def parse(element: etree._Element) -> FormView | ListView | KanbanView:
        parser = _SUBVIEW_PARSERS[element.tag]
        return parser(element, view_name=view_name)

    return parse


def parse_form(arch: etree._Element, *, view_name: str = "") -> FormView:
    builder = NodeBuilder(view_name, parse_subview(view_name))
    header: tuple[Node, ...] = ()
    body: list[Node] = []
    footer: tuple[Node, ...] = ()
    chatter = None
    sheet = False
    for child in child_elements(arch):
        if child.tag == "header":
            header = builder.content(child)
        elif child.tag == "sheet":
            sheet = True
            body.extend(builder.content(child))
        elif child.tag == "footer":
            footer = builder.content(child)
        elif child.tag == "chatter":
            chatter = builder.chatter(child)
        else:
            body.append(builder.node(child))
    return FormView(
        string=arch.get("string"),
        header=header,
        body=tuple(body),
        sheet=sheet,
        footer=footer,
        chatter=chatter,
        create=parse_bool(arch.get("create"), True),
        edit=parse_bool(arch.get("edit"), True),
        delete=parse_bool(arch.get("delete"), True),
        duplicate=parse_bool(arch.get("duplicate"), True),
        cls=arch.get("class"),
    )


def parse_list(arch: etree._Element, *, view_name: str = "") -> ListView:
    builder = NodeBuilder(view_name)
    columns: list[FieldNode | ButtonNode] = []
    header_buttons: list[ButtonNode] = []
    for child in child_elements(arch):
        if child.tag == "header":
            header_buttons.extend(builder.button(button) for button in child_elements(child))
        elif child.tag == "field":
            columns.append(builder.field(child))
        elif child.tag == "button":
            columns.append(builder.button(child))
    return ListView(
        string=arch.get("string"),
        columns=tuple(columns),
        header_buttons=tuple(header_buttons),
        decorations=decorations(arch.attrib),
        editable=arch.get("editable"),
        default_order=arch.get("default_order"),
        default_group_by=arch.get("default_group_by"),
        create=parse_bool(arch.get("create"), True),
        edit=parse_bool(arch.get("edit"), True),
        delete=parse_bool(arch.get("delete"), True),
        multi_edit=parse_bool(arch.get("multi_edit"), False),
        sample=parse_bool(arch.get("sample"), False),
        limit=parse_int(arch.get("limit")),
        cls=arch.get("class"),
    )


def parse_kanban(arch: etree._Element, *, view_name: str = "") -> KanbanView:
    builder = NodeBuilder(view_name)
    fields, card, menu, progressbar = [], (), (), None
    for child in child_elements(arch):
        if child.tag == "field":
            fields.append(builder.field(child))
        elif child.tag == "progressbar":
            progressbar = _progressbar(builder, child)
        elif child.tag == "templates":
            card, menu = _templates(builder, child)
    return KanbanView(
        string=arch.get("string"),
        default_group_by=arch.get("default_group_by"),
        default_order=arch.get("default_order"),
        progressbar=progressbar,
        fields=tuple(fields),
        card=card,
        menu=menu,
        create=parse_bool(arch.get("create"), True),
        quick_create=parse_bool(arch.get("quick_create"), True),
        quick_create_view=arch.get("quick_create_view"),
        group_create=parse_bool(arch.get("group_create"), True),
        group_edit=parse_bool(arch.get("group_edit"), True),
        group_delete=parse_bool(arch.get("group_delete"), True),
        records_draggable=parse_bool(arch.get("records_draggable"), True),
        archivable=parse_bool(arch.get("archivable"), True),
        sample=parse_bool(arch.get("sample"), False),
        on_create=arch.get("on_create"),
        cls=arch.get("class"),
    )


def parse_activity(arch: etree._Element, *, view_name: str = "") -> ActivityView:
    builder = NodeBuilder(view_name)
    fields, card = [], ()
    for child in child_elements(arch):
        if child.tag == "field":
            fields.append(builder.field(child))
        elif child.tag == "templates":
            card, _menu = _templates(builder, child)
    return ActivityView(string=arch.get("string"), fields=tuple(fields), card=card)


def _progressbar(builder: NodeBuilder, element: etree._Element) -> Progressbar:
    return Progressbar(
        field=element.get("field"),
        colors=builder.options(element, "colors"),
        sum_field=element.get("sum_field"),
        help=element.get("help"),
    )


def _templates(builder: NodeBuilder, element: etree._Element):
    """The (card, menu) content of a ``<templates>`` element."""
    card: tuple[Node, ...] = ()
    menu: tuple[Node, ...] = ()
    for template in child_elements(element):
        name = template.get("t-name")
        if name in CARD_TEMPLATES:
            card = builder.content(template)
        elif name in MENU_TEMPLATES:
            menu = builder.content(template)
    return card, menu


_SUBVIEW_PARSERS: dict[str, Callable[..., FormView | ListView | KanbanView]] = {
    "form": parse_form,
    "list": parse_list,
    "tree": parse_list,
    "kanban": parse_kanban,
}
