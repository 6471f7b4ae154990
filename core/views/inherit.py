"""Extension views: apply ``<xpath>`` specs of inheriting views to the view they extend.

An addon changes another addon's view without copying it. The extension's arch is a list
of *specs*, each locating one element of the base view and saying what to do there::

    <data>
        <xpath expr="//header/button[@name='action_set_won']" position="before">
            <button name="action_new_quotation" type="object" string="New Quotation"/>
        </xpath>
        <field name="tag_ids" position="after"><field name="campaign_id"/></field>
        <field name="probability" position="attributes">
            <attribute name="invisible">not active</attribute>
            <attribute name="class" add="o_highlight" separator=" "/>
        </field>
    </data>

Locating: ``<xpath expr>`` takes the first node the XPath selects; ``<field name>`` the first
``field`` with that name anywhere; any other element the first element with the same tag and
the same attributes (``position`` and ``mode`` aside). Positions: ``inside`` (default), ``after``,
``before``, ``replace`` (``mode="inner"`` replaces only the content), ``attributes``; inside
the content of the first four, ``<xpath expr=... position="move"/>`` moves an existing node.

Everything here is a pure function: inputs are never modified, a new tree is returned, and a
spec that matches nothing raises :class:`ViewInheritanceError` naming the view and the spec.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable, Iterable, Iterator

from lxml import etree

from core.i18n import Domain
from core.views.errors import ViewInheritanceError, describe
from core.views.expressions import is_modifier

_ = Domain("core")

__all__ = ["apply_inheritance", "combine", "parse_arch"]

#: Attributes of a spec element that direct the inheritance instead of locating a node.
_SPEC_ATTRIBUTES = frozenset({"position", "mode"})

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def parse_arch(arch: str | bytes | etree._Element) -> etree._Element:
    """The root element of ``arch`` given as XML text or bytes (elements pass through)."""
    if isinstance(arch, etree._Element):
        return arch
    if isinstance(arch, str):
        arch = arch.encode("utf-8")  # lxml refuses str input with an encoding declaration
    return etree.fromstring(arch, _PARSER)


def apply_inheritance(
    base: etree._Element, spec: etree._Element, *, view_name: str
) -> etree._Element:
    """A copy of ``base`` with the specs of the extension ``view_name`` applied."""
    return _apply_specs(copy.deepcopy(base), spec, view_name)


def combine(
    base_arch: str | bytes | etree._Element,
    specs: Iterable[tuple[str, etree._Element]],
) -> etree._Element:
    """Apply extension views in the order given; each item is ``(view name, spec root)``."""
    root = copy.deepcopy(parse_arch(base_arch))
    for view_name, spec in specs:
        root = _apply_specs(root, spec, view_name)
    return root


def _apply_specs(root: etree._Element, spec_root: etree._Element, view_name: str):
    """Apply every spec of ``spec_root`` to ``root`` in place; return the (new) root."""
    for spec in _iter_specs(spec_root):
        root = _Application(root, spec, view_name).run()
    return root


def _iter_specs(spec_root: etree._Element) -> Iterator[etree._Element]:
    if spec_root.tag != "data":
        yield spec_root
        return
    for child in spec_root:
        if isinstance(child.tag, str):
            yield from _iter_specs(child)


def locate(root: etree._Element, spec: etree._Element, view_name: str) -> etree._Element | None:
    """The node of ``root`` that ``spec`` designates, or None when there is none."""
    if spec.tag == "xpath":
        return _locate_xpath(root, spec, view_name)
    if spec.tag == "field":
        name = spec.get("name")
        return next((node for node in root.iter("field") if node.get("name") == name), None)
    wanted = {key: value for key, value in spec.attrib.items() if key not in _SPEC_ATTRIBUTES}
    for node in root.iter(spec.tag):
        if all(node.get(key) == value for key, value in wanted.items()):
            return node
    return None


def _locate_xpath(root, spec, view_name) -> etree._Element | None:
    expr = spec.get("expr")
    if not expr:
        raise _spec_error(view_name, spec, _("has no expr attribute."))
    try:
        found = root.xpath(expr)
    except etree.XPathError as exc:
        reason = _("is not a valid XPath: %(error)s.", error=str(exc))
        raise _spec_error(view_name, spec, reason) from None
    if not isinstance(found, list):
        raise _spec_error(view_name, spec, _("does not select an element."))
    return next((node for node in found if isinstance(node, etree._Element)), None)


def _spec_error(view_name: str, spec: etree._Element, reason) -> ViewInheritanceError:
    return ViewInheritanceError(view_name, describe(spec), reason, line=spec.sourceline)


class _Application:
    """One spec applied to one tree: locate the target, then run the helper of its position."""

    def __init__(self, root: etree._Element, spec: etree._Element, view_name: str) -> None:
        self.root = root
        self.spec = spec
        self.view_name = view_name

    def error(self, reason) -> ViewInheritanceError:
        return _spec_error(self.view_name, self.spec, reason)

    def run(self) -> etree._Element:
        position = self.spec.get("position", "inside")
        helper = _POSITIONS.get(position)
        if helper is None:
            raise self.error(_("has an unknown position %(position)s.", position=repr(position)))
        node = locate(self.root, self.spec, self.view_name)
        if node is None:
            raise self.error(_("matches nothing in the view it extends."))
        new_root = helper(self, node)
        return self.root if new_root is None else new_root

    def content(self) -> list[etree._Element]:
        """Copies of the spec's children, tails included; ``position="move"`` children are
        cut out of the tree and put in their place."""
        items = []
        for child in self.spec:
            if child.get("position") == "move":
                item = self._extract(child)
                item.tail = child.tail
            else:
                item = copy.deepcopy(child)
            items.append(item)
        return items

    def _extract(self, child: etree._Element) -> etree._Element:
        if len(child):
            raise self.error(_("moves %(node)s, which must be empty.", node=describe(child)))
        node = locate(self.root, child, self.view_name)
        if node is None or node.getparent() is None:
            raise self.error(_("moves %(node)s, which matches nothing.", node=describe(child)))
        _detach(node)
        return node

    def insert_inside(self, node: etree._Element) -> None:
        items = self.content()
        if len(node):
            node[-1].tail = _concat(node[-1].tail, self.spec.text)
        else:
            node.text = _concat(node.text, self.spec.text)
        for item in items:
            node.append(item)

    def insert_after(self, node: etree._Element) -> None:
        items = self.content()
        trailing, node.tail = node.tail, self.spec.text
        anchor = node
        for item in items:
            anchor.addnext(item)
            anchor = item
        anchor.tail = _concat(anchor.tail, trailing)

    def insert_before(self, node: etree._Element) -> None:
        items = self.content()
        _append_text_before(node, self.spec.text)
        for item in items:
            node.addprevious(item)

    def replace(self, node: etree._Element) -> etree._Element | None:
        mode = self.spec.get("mode", "outer")
        if mode == "inner":
            self._replace_inner(node)
            return None
        if mode != "outer":
            raise self.error(_("has an unknown mode %(mode)s.", mode=repr(mode)))
        items = self.content()
        if node.getparent() is None:
            return self._replace_root(items)
        _append_text_before(node, self.spec.text)
        for item in items:
            node.addprevious(item)
        _detach(node)
        return None

    def _replace_inner(self, node: etree._Element) -> None:
        items = self.content()
        for child in list(node):
            node.remove(child)
        node.text = self.spec.text
        for item in items:
            node.append(item)

    def _replace_root(self, items: list[etree._Element]) -> etree._Element:
        elements = [item for item in items if isinstance(item.tag, str)]
        if len(elements) != 1:
            raise self.error(_("replaces the root element, so it must contain one element."))
        elements[0].tail = None
        return elements[0]

    def set_attributes(self, node: etree._Element) -> None:
        for child in self.spec:
            if not isinstance(child.tag, str):
                continue
            if child.tag != "attribute" or not child.get("name"):
                raise self.error(
                    _(
                        "may only contain <attribute name=...> elements, not %(node)s.",
                        node=describe(child),
                    )
                )
            _set_or_delete(node, child.get("name"), self._attribute_value(node, child))

    def _attribute_value(self, node: etree._Element, child: etree._Element) -> str:
        name = child.get("name")
        add, remove = child.get("add"), child.get("remove")
        if add is None and remove is None:
            return child.text or ""
        if child.text and child.text.strip():
            raise self.error(_("sets %(name)s with both text and add/remove.", name=repr(name)))
        current = node.get(name, "")
        if is_modifier(name):  # an expression: add/remove combine operands with and/or
            return self._combine_expression(name, current, add, remove, child.get("separator"))
        return _combine_list(current, add or "", remove or "", child.get("separator", ","))

    def _combine_expression(self, name, current, add, remove, separator) -> str:
        operator = (separator or "").strip()
        if operator not in ("and", "or"):
            raise self.error(
                _(
                    "combines expression %(name)s with separator %(sep)s; use 'and' or 'or'.",
                    name=repr(name),
                    sep=repr(separator),
                )
            )
        if remove:
            current = _remove_operand(current, remove.strip(), operator)
            if current is None:
                raise self.error(
                    _(
                        "cannot remove %(operand)s from %(name)s.",
                        operand=repr(remove),
                        name=repr(name),
                    )
                )
        if add:
            return f"({current}) {operator} ({add})" if current else add
        return current


def _remove_operand(expr: str, operand: str, operator: str) -> str | None:
    """``expr`` without ``operand`` where it is an operand of a top-level ``and``/``or``
    (compared as syntax trees, so spacing and parentheses do not matter), or None when it
    is not one. ``"not active or type == 'lead'"`` minus ``"type == 'lead'"`` gives
    ``"not active"``."""
    source = expr.strip()
    try:
        tree = ast.parse(source, mode="eval").body
        target = ast.dump(ast.parse(operand.strip(), mode="eval").body)
    except SyntaxError:
        return None
    if ast.dump(tree) == target:
        return ""
    operands = _operands(tree, ast.And if operator == "and" else ast.Or)
    kept = [node for node in operands if ast.dump(node) != target]
    if len(kept) == len(operands):
        return None
    return f" {operator} ".join(_source_of(source, node, wrap=len(kept) > 1) for node in kept)


def _operands(node: ast.expr, op_type: type[ast.boolop]) -> list[ast.expr]:
    """The operands of a chain of ``op_type`` (``a or (b or c)`` gives a, b, c)."""
    if isinstance(node, ast.BoolOp) and isinstance(node.op, op_type):
        return [item for value in node.values for item in _operands(value, op_type)]
    return [node]


def _source_of(source: str, node: ast.expr, *, wrap: bool) -> str:
    text = ast.get_source_segment(source, node) or ast.unparse(node)
    return f"({text})" if wrap and isinstance(node, ast.BoolOp | ast.IfExp) else text


def _combine_list(current: str, add: str, remove: str, separator: str) -> str:
    """Add and remove items of a separated list such as ``class`` or ``groups``."""
    removed = set(_split(remove, separator))
    kept = [item for item in _split(current, separator) if item not in removed]
    kept += [item for item in _split(add, separator) if item not in kept]
    return (separator if separator.strip() else " ").join(kept)


def _split(text: str, separator: str) -> list[str]:
    """Items of a list separated by ``separator`` (any whitespace when it is blank)."""
    items = text.split(separator) if separator.strip() else text.split()
    return [item.strip() for item in items if item.strip()]


def _set_or_delete(node: etree._Element, name: str, value: str) -> None:
    if value:
        node.set(name, value)
    elif name in node.attrib:
        del node.attrib[name]


def _concat(first: str | None, second: str | None) -> str | None:
    if first is None or second is None:
        return first if second is None else second
    return first + second


def _append_text_before(node: etree._Element, text: str | None) -> None:
    """Add ``text`` to the text that precedes ``node`` (its previous sibling's tail, or its
    parent's text)."""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = _concat(previous.tail, text)
    else:
        parent = node.getparent()
        parent.text = _concat(parent.text, text)


def _detach(node: etree._Element) -> None:
    """Remove ``node`` from its parent, keeping the text that followed it in place."""
    _append_text_before(node, node.tail)
    node.tail = None
    node.getparent().remove(node)


_POSITIONS: dict[str, Callable[[_Application, etree._Element], etree._Element | None]] = {
    "inside": _Application.insert_inside,
    "after": _Application.insert_after,
    "before": _Application.insert_before,
    "replace": _Application.replace,
    "attributes": _Application.set_attributes,
}
