"""One immutable dataclass per view type: what :func:`core.views.tree.parse_view` returns.

They sit on top of the element nodes of :mod:`core.views.nodes` and carry what the web
client needs to lay out a page without looking at XML again: the form's header, body and
chatter; the list's columns and decorations; the kanban's grouping, progress bar and card;
the search view's filters grouped as Odoo combines them (OR inside a group, AND across);
the graph's and pivot's rows, columns and measures.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from core.views.nodes import ButtonNode, ChatterNode, FieldNode, Node, frozen

__all__ = [
    "ActivityView",
    "Filter",
    "FormView",
    "GraphField",
    "GraphView",
    "KanbanView",
    "ListView",
    "PivotView",
    "Progressbar",
    "SearchField",
    "SearchView",
    "View",
]


@dataclass(frozen=True)
class FormView:
    view_type: ClassVar[str] = "form"
    string: str | None = None
    header: tuple[Node, ...] = ()
    body: tuple[Node, ...] = ()
    #: True when the body sits on a ``<sheet>`` (the paper-like card of Odoo forms).
    sheet: bool = False
    footer: tuple[Node, ...] = ()
    chatter: ChatterNode | None = None
    create: bool = True
    edit: bool = True
    delete: bool = True
    duplicate: bool = True
    cls: str | None = None

    @property
    def header_buttons(self) -> tuple[ButtonNode, ...]:
        return tuple(node for node in self.header if isinstance(node, ButtonNode))

    @property
    def statusbar(self) -> FieldNode | None:
        """The header's ``widget="statusbar"`` field (the stage bar), if any."""
        return next(
            (n for n in self.header if isinstance(n, FieldNode) and n.widget == "statusbar"),
            None,
        )


@dataclass(frozen=True)
class ListView:
    view_type: ClassVar[str] = "list"
    string: str | None = None
    #: Fields and row buttons, in the order of the arch.
    columns: tuple[FieldNode | ButtonNode, ...] = ()
    header_buttons: tuple[ButtonNode, ...] = ()
    #: Row decorations: ``{"muted": "not active", "danger": "...", ...}``.
    decorations: Mapping[str, str] = dataclasses.field(default_factory=frozen)
    editable: str | None = None
    default_order: str | None = None
    default_group_by: str | None = None
    create: bool = True
    edit: bool = True
    delete: bool = True
    multi_edit: bool = False
    sample: bool = False
    limit: int | None = None
    cls: str | None = None

    @property
    def fields(self) -> tuple[FieldNode, ...]:
        return tuple(column for column in self.columns if isinstance(column, FieldNode))


@dataclass(frozen=True)
class Progressbar:
    """The bar above each kanban column: counts per value of ``field``, coloured."""

    field: str
    colors: Mapping[str, str] = dataclasses.field(default_factory=frozen)
    sum_field: str | None = None
    help: str | None = None


@dataclass(frozen=True)
class KanbanView:
    view_type: ClassVar[str] = "kanban"
    string: str | None = None
    default_group_by: str | None = None
    default_order: str | None = None
    progressbar: Progressbar | None = None
    #: ``<field>``s declared outside the card: loaded, not shown.
    fields: tuple[FieldNode, ...] = ()
    card: tuple[Node, ...] = ()
    #: Content of the card's dropdown menu (``t-name="menu"``).
    menu: tuple[Node, ...] = ()
    create: bool = True
    quick_create: bool = True
    quick_create_view: str | None = None
    group_create: bool = True
    group_edit: bool = True
    group_delete: bool = True
    records_draggable: bool = True
    archivable: bool = True
    sample: bool = False
    on_create: str | None = None
    cls: str | None = None


@dataclass(frozen=True)
class ActivityView:
    view_type: ClassVar[str] = "activity"
    string: str | None = None
    fields: tuple[FieldNode, ...] = ()
    card: tuple[Node, ...] = ()


@dataclass(frozen=True)
class SearchField:
    """A field of the search bar: typing text proposes to search it."""

    name: str
    string: str | None = None
    operator: str | None = None
    filter_domain: str | None = None
    context: str | None = None
    domain: str | None = None
    invisible: str | None = None
    groups: str | None = None


@dataclass(frozen=True)
class Filter:
    """A predefined filter, a date filter (``date``) or a group-by (``group_by``)."""

    name: str | None = None
    string: str | None = None
    domain: str | None = None
    context: str | None = None
    #: ``"stage_id"`` or ``"create_date:month"`` when the context is a literal group-by.
    group_by: str | None = None
    date: str | None = None
    default_period: str | None = None
    invisible: str | None = None
    help: str | None = None
    groups: str | None = None

    @property
    def group_by_field(self) -> str | None:
        return self.group_by.partition(":")[0] if self.group_by else None

    @property
    def group_by_interval(self) -> str | None:
        return (self.group_by.partition(":")[2] or None) if self.group_by else None


@dataclass(frozen=True)
class SearchView:
    view_type: ClassVar[str] = "search"
    string: str | None = None
    fields: tuple[SearchField, ...] = ()
    #: Filters between separators: OR inside a group, AND between groups.
    filter_groups: tuple[tuple[Filter, ...], ...] = ()
    group_bys: tuple[Filter, ...] = ()

    @property
    def filters(self) -> tuple[Filter, ...]:
        return tuple(item for group in self.filter_groups for item in group)

    @property
    def dates(self) -> tuple[Filter, ...]:
        """The date filters (their periods are chosen in the search panel)."""
        return tuple(item for item in self.filters if item.date)


@dataclass(frozen=True)
class GraphField:
    name: str
    interval: str | None = None
    string: str | None = None
    invisible: str | None = None


@dataclass(frozen=True)
class GraphView:
    view_type: ClassVar[str] = "graph"
    string: str | None = None
    type: str = "bar"
    stacked: bool = True
    order: str | None = None
    sample: bool = False
    disable_linking: bool = False
    rows: tuple[GraphField, ...] = ()
    cols: tuple[GraphField, ...] = ()
    measures: tuple[GraphField, ...] = ()


@dataclass(frozen=True)
class PivotView:
    view_type: ClassVar[str] = "pivot"
    string: str | None = None
    disable_linking: bool = False
    sample: bool = False
    display_quantity: bool = False
    default_order: str | None = None
    rows: tuple[GraphField, ...] = ()
    cols: tuple[GraphField, ...] = ()
    measures: tuple[GraphField, ...] = ()


View = FormView | ListView | KanbanView | SearchView | GraphView | PivotView | ActivityView
