"""The typed tree: immutable dataclasses describing a combined, validated view.

Templates should not dig through XML. :func:`core.views.tree.parse_view` turns an arch into
these nodes once; a Jinja2 renderer walks them, dispatching on ``node.kind``::

    {% for node in view.body %}{% include "form/" ~ node.kind ~ ".html" %}{% endfor %}

Expressions (``invisible``, ``readonly``, ``required``, ``decoration-*``, ``domain``,
``context``) stay text: the renderer evaluates them per record with
:mod:`core.tools.safe_eval` (compiled once, cached). ``options``/``colors`` are parsed to
dicts here. Every node keeps ``attrs``, all attributes as written, for what has no field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from core.views.view_types import View

__all__ = [
    "decorations",
    "ButtonBoxNode",
    "ButtonNode",
    "ChatterNode",
    "FieldNode",
    "GroupNode",
    "HtmlNode",
    "LabelNode",
    "Node",
    "NotebookNode",
    "PageNode",
    "RibbonNode",
    "SeparatorNode",
    "TextNode",
    "WidgetNode",
    "frozen",
]


def frozen(mapping: Mapping | None = None) -> Mapping:
    """A read-only copy of ``mapping`` (an empty one for None)."""
    return MappingProxyType(dict(mapping or {}))


def _empty() -> Mapping:
    return MappingProxyType({})


def _attr(name: str) -> property:
    return property(lambda node: node.attrs.get(name), doc=f"The ``{name}`` attribute.")


# -- nodes of forms, lists and cards -------------------------------------------------------


@dataclass(frozen=True)
class TextNode:
    """Text between elements of HTML content (`` at `` in ``<field/> at <field/>``)."""

    kind: ClassVar[str] = "text"
    text: str
    attrs: ClassVar[Mapping[str, str]] = MappingProxyType({})
    children: ClassVar[tuple] = ()


@dataclass(frozen=True)
class FieldNode:
    """A ``<field>``: shows (and in forms edits) one field of the record."""

    kind: ClassVar[str] = "field"
    name: str
    string: str | None = None
    widget: str | None = None
    invisible: str | None = None
    readonly: str | None = None
    required: str | None = None
    column_invisible: str | None = None
    options: Mapping[str, Any] = field(default_factory=_empty)
    attrs: Mapping[str, str] = field(default_factory=_empty)
    #: Inline views of a one2many/many2many field, by type: ``{"list": ListView, ...}``.
    subviews: Mapping[str, View] = field(default_factory=_empty)
    children: ClassVar[tuple] = ()

    cls = _attr("class")
    placeholder = _attr("placeholder")
    domain = _attr("domain")
    context = _attr("context")
    help = _attr("help")
    groups = _attr("groups")
    optional = _attr("optional")
    sum = _attr("sum")
    avg = _attr("avg")
    width = _attr("width")

    @property
    def nolabel(self) -> bool:
        return self.attrs.get("nolabel") in ("1", "true", "True")

    @property
    def decorations(self) -> Mapping[str, str]:
        """``{"danger": "expr", ...}`` from the ``decoration-*`` attributes."""
        return decorations(self.attrs)


@dataclass(frozen=True)
class ButtonNode:
    """A ``<button>``: calls a public method (type object) or runs an action (type action)."""

    kind: ClassVar[str] = "button"
    name: str | None = None
    type: str | None = None
    string: str | None = None
    cls: str | None = None
    icon: str | None = None
    invisible: str | None = None
    confirm: str | None = None
    context: str | None = None
    hotkey: str | None = None
    attrs: Mapping[str, str] = field(default_factory=_empty)
    #: Content of a smart button (statistic value and label).
    children: tuple[Node, ...] = ()

    special = _attr("special")
    title = _attr("title")
    groups = _attr("groups")


@dataclass(frozen=True)
class LabelNode:
    """A ``<label for="field">`` (a form's labels are real ``<label for>`` elements)."""

    kind: ClassVar[str] = "label"
    for_field: str | None = None
    string: str | None = None
    cls: str | None = None
    invisible: str | None = None
    attrs: Mapping[str, str] = field(default_factory=_empty)
    children: ClassVar[tuple] = ()


@dataclass(frozen=True)
class SeparatorNode:
    kind: ClassVar[str] = "separator"
    string: str | None = None
    invisible: str | None = None
    attrs: Mapping[str, str] = field(default_factory=_empty)
    children: ClassVar[tuple] = ()


@dataclass(frozen=True)
class GroupNode:
    """A ``<group>``: fields laid out with their labels in ``col`` columns."""

    kind: ClassVar[str] = "group"
    string: str | None = None
    name: str | None = None
    col: int = 2
    invisible: str | None = None
    attrs: Mapping[str, str] = field(default_factory=_empty)
    children: tuple[Node, ...] = ()


@dataclass(frozen=True)
class PageNode:
    kind: ClassVar[str] = "page"
    string: str
    name: str | None = None
    invisible: str | None = None
    attrs: Mapping[str, str] = field(default_factory=_empty)
    children: tuple[Node, ...] = ()


@dataclass(frozen=True)
class NotebookNode:
    kind: ClassVar[str] = "notebook"
    pages: tuple[PageNode, ...] = ()
    invisible: str | None = None
    attrs: Mapping[str, str] = field(default_factory=_empty)

    @property
    def children(self) -> tuple[PageNode, ...]:
        return self.pages


@dataclass(frozen=True)
class RibbonNode:
    """``<widget name="web_ribbon">``: a banner across the corner of the sheet or card."""

    kind: ClassVar[str] = "ribbon"
    title: str | None = None
    bg_color: str | None = None
    invisible: str | None = None
    attrs: Mapping[str, str] = field(default_factory=_empty)
    children: ClassVar[tuple] = ()


@dataclass(frozen=True)
class WidgetNode:
    """Any other ``<widget name>`` (a component not bound to one field)."""

    kind: ClassVar[str] = "widget"
    name: str
    invisible: str | None = None
    options: Mapping[str, Any] = field(default_factory=_empty)
    attrs: Mapping[str, str] = field(default_factory=_empty)
    children: ClassVar[tuple] = ()


@dataclass(frozen=True)
class ButtonBoxNode:
    """``<div name="button_box">``: the smart buttons at the top of a form."""

    kind: ClassVar[str] = "button_box"
    children: tuple[Node, ...] = ()
    invisible: str | None = None
    attrs: Mapping[str, str] = field(default_factory=_empty)


@dataclass(frozen=True)
class HtmlNode:
    """A plain HTML element (div, span, h1, footer, ...); text is kept as TextNode children."""

    kind: ClassVar[str] = "html"
    tag: str
    invisible: str | None = None
    attrs: Mapping[str, str] = field(default_factory=_empty)
    children: tuple[Node, ...] = ()

    cls = _attr("class")


@dataclass(frozen=True)
class ChatterNode:
    """``<chatter/>``: followers, activities and messages of the record go here."""

    kind: ClassVar[str] = "chatter"
    attrs: Mapping[str, str] = field(default_factory=_empty)
    children: ClassVar[tuple] = ()


Node = (
    TextNode
    | FieldNode
    | ButtonNode
    | LabelNode
    | SeparatorNode
    | GroupNode
    | PageNode
    | NotebookNode
    | RibbonNode
    | WidgetNode
    | ButtonBoxNode
    | HtmlNode
    | ChatterNode
)


def decorations(attrs: Mapping[str, str]) -> Mapping[str, str]:
    """``{"danger": "expr", ...}`` from the ``decoration-*`` attributes of ``attrs``."""
    prefix = "decoration-"
    return frozen({k[len(prefix) :]: v for k, v in attrs.items() if k.startswith(prefix)})
