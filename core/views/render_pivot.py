"""The pivot table's structure: header trees of rows and columns, folded as the user chose.

The pivot view asks ``read_group`` once per pair of row and column depths and hands the
groups over as levels of paths (``()`` is the total, ``("3",)`` the group of key 3,
``("3", "done")`` its sub-group...). :class:`Axis` turns them into what a table needs: the
visible rows in depth-first order, the visible leaf columns, and the header rows with their
column spans. Folded headers (``collapsed``) hide their descendants::

    axis = Axis([[((), "Total")], [(("1",), "New"), (("2",), "Won")]], collapsed=set())
    [n.label for n in axis.visible()]      → ["Total", "New", "Won"]
"""

from __future__ import annotations

from dataclasses import dataclass, field

Path = tuple[str, ...]


@dataclass
class HeaderNode:
    path: Path
    label: str
    children: list[Path] = field(default_factory=list)
    collapsed: bool = False

    @property
    def depth(self) -> int:
        return len(self.path)


@dataclass(frozen=True)
class HeaderCell:
    node: HeaderNode
    colspan: int
    rowspan: int


class Axis:
    """The rows or the columns of a pivot table."""

    def __init__(self, levels: list[list[tuple[Path, str]]], collapsed: set[Path]) -> None:
        self.nodes: dict[Path, HeaderNode] = {}
        for level in levels:
            for path, label in level:
                node = HeaderNode(path, label, collapsed=path in collapsed)
                self.nodes[path] = node
                parent = self.nodes.get(path[:-1]) if path else None
                if parent is not None:
                    parent.children.append(path)
        self.max_depth = len(levels) - 1

    @property
    def root(self) -> HeaderNode:
        return self.nodes[()]

    def shown_children(self, node: HeaderNode) -> list[HeaderNode]:
        if node.collapsed:
            return []
        return [self.nodes[p] for p in node.children]

    def visible(self) -> list[HeaderNode]:
        """Every visible header, depth first (the rows of the table)."""
        result: list[HeaderNode] = []

        def walk(node: HeaderNode) -> None:
            result.append(node)
            for child in self.shown_children(node):
                walk(child)
        walk(self.root)
        return result

    def leaves(self) -> list[HeaderNode]:
        """Visible headers without visible children (the data columns)."""
        return [n for n in self.visible() if not self.shown_children(n)]

    def width(self, node: HeaderNode) -> int:
        children = self.shown_children(node)
        return sum(self.width(c) for c in children) if children else 1

    def depth(self) -> int:
        """How many header rows the visible columns need."""
        return max((n.depth for n in self.visible()), default=0) + 1

    def header_rows(self, measures: int) -> list[list[HeaderCell]]:
        """Rows of column headers, each cell with its colspan and rowspan."""
        depth = self.depth()
        rows: list[list[HeaderCell]] = [[] for _ in range(depth)]
        for node in self.visible():
            leaf = not self.shown_children(node)
            rowspan = depth - node.depth if leaf else 1
            rows[node.depth].append(HeaderCell(node, self.width(node) * measures, rowspan))
        return rows

    def expandable(self, node: HeaderNode) -> bool:
        """Whether the header can be unfolded (it has, or could have, sub-groups)."""
        return node.depth < self.max_depth
