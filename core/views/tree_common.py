"""Turning arch elements into the nodes of :mod:`core.views.nodes`, for every view type.

Forms, list rows, kanban cards and activity cards are built from the same elements
(``field``, ``button``, ``widget``, plain HTML); :class:`NodeBuilder` converts any of them,
and the parser of each view type (:mod:`core.views.tree_record`,
:mod:`core.views.tree_search`) only arranges the result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from lxml import etree

from core.i18n import Domain
from core.views.errors import ViewValidationError, describe
from core.views.expressions import parse_dict_attribute
from core.views.nodes import (
    ButtonBoxNode,
    ButtonNode,
    ChatterNode,
    FieldNode,
    GroupNode,
    HtmlNode,
    LabelNode,
    Node,
    NotebookNode,
    PageNode,
    RibbonNode,
    SeparatorNode,
    TextNode,
    WidgetNode,
    frozen,
)

_ = Domain("core")

__all__ = ["HTML_TAGS", "NodeBuilder", "child_elements", "parse_bool", "parse_int"]

SubviewParser = Callable[[etree._Element], Any]

#: Plain HTML the schemas allow in forms and cards. Anything else reaching the builder means
#: the arch skipped validation; it is refused rather than handed to a template.
HTML_TAGS = frozenset(
    {"div", "span", "p", "strong", "small", "b", "i", "em", "u", "a", "br", "hr", "img"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li"}
    | {"header", "footer", "main", "aside"}
)

_TRUE = frozenset({"1", "true", "True"})
_FALSE = frozenset({"0", "false", "False"})


def parse_bool(value: str | None, default: bool) -> bool:
    """A boolean attribute: ``1``/``true``/``True``, ``0``/``false``/``False``, or default."""
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return default


def parse_int(value: str | None) -> int | None:
    """A non-negative integer attribute, or None when absent."""
    return int(value) if value and value.strip().isdigit() else None


def child_elements(node: etree._Element) -> Iterator[etree._Element]:
    """The element children of ``node`` (comments and processing instructions skipped)."""
    return (child for child in node if isinstance(child.tag, str))


class NodeBuilder:
    """Converts the elements of one view; ``parse_subview`` builds inline x2many views."""

    def __init__(self, view_name: str, parse_subview: SubviewParser | None = None) -> None:
        self.view_name = view_name
        self.parse_subview = parse_subview

    def options(self, element: etree._Element, attribute: str = "options") -> Mapping[str, Any]:
        try:
            return frozen(parse_dict_attribute(element.get(attribute)))
        except ValueError as exc:
            raise ViewValidationError(
                self.view_name, exc.args[0], line=element.sourceline
            ) from None

    def content(self, element: etree._Element) -> tuple[Node, ...]:
        """The nodes inside ``element``, text that is not blank included."""
        nodes: list[Node] = []
        _add_text(nodes, element.text)
        for child in element:
            if isinstance(child.tag, str):
                nodes.append(self.node(child))
            _add_text(nodes, child.tail)
        return tuple(nodes)

    def node(self, element: etree._Element) -> Node:
        """The node of one element of a form, a list row or a card."""
        handler = _HANDLERS.get(element.tag)
        if handler is not None:
            return handler(self, element)
        if element.tag not in HTML_TAGS:
            reason = _("%(node)s is not allowed in a view.", node=describe(element))
            raise ViewValidationError(self.view_name, reason, line=element.sourceline)
        if element.tag == "div" and element.get("name") == "button_box":
            return ButtonBoxNode(self.content(element), element.get("invisible"), _attrs(element))
        return HtmlNode(
            element.tag, element.get("invisible"), _attrs(element), self.content(element)
        )

    def field(self, element: etree._Element) -> FieldNode:
        subviews = {}
        for child in child_elements(element):
            if self.parse_subview is not None:
                view = self.parse_subview(child)
                subviews[view.view_type] = view
        return FieldNode(
            name=element.get("name"),
            string=element.get("string"),
            widget=element.get("widget"),
            invisible=element.get("invisible"),
            readonly=element.get("readonly"),
            required=element.get("required"),
            column_invisible=element.get("column_invisible"),
            options=self.options(element),
            attrs=_attrs(element),
            subviews=frozen(subviews),
        )

    def button(self, element: etree._Element) -> ButtonNode:
        return ButtonNode(
            name=element.get("name"),
            type=element.get("type"),
            string=element.get("string"),
            cls=element.get("class"),
            icon=element.get("icon"),
            invisible=element.get("invisible"),
            confirm=element.get("confirm"),
            context=element.get("context"),
            hotkey=element.get("hotkey") or element.get("data-hotkey"),
            attrs=_attrs(element),
            children=self.content(element),
        )

    def widget(self, element: etree._Element) -> RibbonNode | WidgetNode:
        if element.get("name") == "web_ribbon":
            return RibbonNode(
                title=element.get("title"),
                bg_color=element.get("bg_color"),
                invisible=element.get("invisible"),
                attrs=_attrs(element),
            )
        return WidgetNode(
            name=element.get("name"),
            invisible=element.get("invisible"),
            options=self.options(element),
            attrs=_attrs(element),
        )

    def group(self, element: etree._Element) -> GroupNode:
        return GroupNode(
            string=element.get("string"),
            name=element.get("name"),
            col=parse_int(element.get("col")) or 2,
            invisible=element.get("invisible"),
            attrs=_attrs(element),
            children=self.content(element),
        )

    def notebook(self, element: etree._Element) -> NotebookNode:
        pages = tuple(self.page(child) for child in child_elements(element))
        return NotebookNode(pages, element.get("invisible"), _attrs(element))

    def page(self, element: etree._Element) -> PageNode:
        return PageNode(
            string=element.get("string"),
            name=element.get("name"),
            invisible=element.get("invisible"),
            attrs=_attrs(element),
            children=self.content(element),
        )

    def label(self, element: etree._Element) -> LabelNode:
        return LabelNode(
            for_field=element.get("for"),
            string=element.get("string"),
            cls=element.get("class"),
            invisible=element.get("invisible"),
            attrs=_attrs(element),
        )

    def separator(self, element: etree._Element) -> SeparatorNode:
        return SeparatorNode(element.get("string"), element.get("invisible"), _attrs(element))

    def chatter(self, element: etree._Element) -> ChatterNode:
        return ChatterNode(_attrs(element))


_HANDLERS: dict[str, Callable[[NodeBuilder, etree._Element], Node]] = {
    "field": NodeBuilder.field,
    "button": NodeBuilder.button,
    "widget": NodeBuilder.widget,
    "group": NodeBuilder.group,
    "notebook": NodeBuilder.notebook,
    "page": NodeBuilder.page,
    "label": NodeBuilder.label,
    "separator": NodeBuilder.separator,
    "chatter": NodeBuilder.chatter,
}


def _attrs(element: etree._Element) -> Mapping[str, str]:
    return frozen(element.attrib)


def _add_text(nodes: list[Node], text: str | None) -> None:
    if text and text.strip():
        nodes.append(TextNode(text))
