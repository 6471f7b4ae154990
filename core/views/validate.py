"""Reject a broken view at install time, naming the view, the line and the reason.

A view that renders wrongly is found by a user, late; a view that does not install is found
by its author, at once. :func:`validate_arch` checks a combined arch in two passes:

1. structure: the RelaxNG schema of its type (``schemas/<type>.rng``) says which elements
   and attributes may appear where; ``attrs``/``states``/QWeb are not among them;
2. meaning: every ``<field name>`` exists on the model (inline x2many lists and forms on the
   related model), every ``<button type="object">`` names a public method, every expression
   parses (modifiers and record domains may only read fields of the record and the names of
   :data:`VIEW_EXPRESSION_NAMES`), ``<label for>`` names a field of the view, group-bys,
   date filters, progress bars and default orders name existing fields.

``fields`` is a ``fields_get``-style mapping ``{"stage_id": {"type": "many2one",
"relation": "crm.stage", "string": "Stage"}, ...}``; ``comodel_fields(model)`` returns the
same for a related model (inline views are not checked when it is not given).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import Path
from typing import Any

from lxml import etree

from core.i18n import Domain
from core.views.errors import ViewValidationError, describe
from core.views.expressions import (
    DICT_ATTRIBUTES,
    is_expression_attribute,
    literal_group_by,
    parse_dict_attribute,
    record_names,
)

_ = Domain("core")

__all__ = ["VIEW_TYPES", "load_schema", "normalize_view_type", "validate_arch"]

SCHEMA_DIR = Path(__file__).with_name("schemas")
VIEW_TYPES = ("form", "list", "kanban", "search", "graph", "pivot", "activity")
RECORD_VIEW_TYPES = frozenset({"form", "list", "kanban", "activity"})
SUBVIEW_TAGS = frozenset({"list", "tree", "form", "kanban"})
X2MANY_TYPES = frozenset({"one2many", "many2many"})
DATE_TYPES = frozenset({"date", "datetime"})
NUMERIC_TYPES = frozenset({"integer", "float", "monetary"})
INTERVALS = frozenset({"day", "week", "month", "quarter", "year"})
#: Pseudo-fields that exist on every model (``__count`` is the record count measure).
IMPLICIT_FIELDS = frozenset({"id"})
COUNT_MEASURE = "__count"

FieldsGetter = Callable[[str], Mapping[str, Mapping[str, Any]]]


def normalize_view_type(view_type: str) -> str:
    """``tree`` (Odoo 16 and earlier) is ``list``; anything unknown is a ValueError."""
    view_type = "list" if view_type == "tree" else view_type
    if view_type not in VIEW_TYPES:
        raise ValueError(_("Unknown view type %(type)s.", type=repr(view_type)))
    return view_type


def load_schema(view_type: str) -> etree.RelaxNG:
    """The compiled RelaxNG schema of ``view_type`` (loaded once per process)."""
    return _load_schema(normalize_view_type(view_type))


_SCHEMA_LOCK = threading.Lock()


@functools.cache
def _load_schema(view_type: str) -> etree.RelaxNG:
    return etree.RelaxNG(file=str(SCHEMA_DIR / f"{view_type}.rng"))


def validate_arch(
    arch: etree._Element,
    view_type: str,
    *,
    view_name: str,
    fields: Mapping[str, Mapping[str, Any]],
    methods: Collection[str] | None = None,
    comodel_fields: FieldsGetter | None = None,
    model: str | None = None,
) -> None:
    """Raise :class:`ViewValidationError` unless ``arch`` is a valid ``view_type`` view."""
    view_type = normalize_view_type(view_type)
    root_tags = {"list", "tree"} if view_type == "list" else {view_type}
    if arch.tag not in root_tags:
        raise _error(
            view_name,
            arch,
            _("the root element <%(tag)s> is not a %(type)s view.", tag=arch.tag, type=view_type),
        )
    _check_schema(arch, view_type, view_name)
    record_view = view_type in RECORD_VIEW_TYPES
    checker = _ArchChecker(view_name, fields, model, record_view, methods, comodel_fields)
    checker.check_view(arch)


def _error(view_name: str, node: etree._Element, reason: Any) -> ViewValidationError:
    file = node.getroottree().docinfo.URL
    return ViewValidationError(view_name, reason, line=node.sourceline, file=file)


def _check_schema(arch: etree._Element, view_type: str, view_name: str) -> None:
    schema = load_schema(view_type)
    with _SCHEMA_LOCK:  # a schema keeps the error log of its last run
        if schema.validate(arch):
            return
        entry = _most_specific(schema.error_log)
    node = _element_at(arch, entry.line, entry.message)
    reason = _(
        "%(node)s does not match the %(type)s view schema: %(error)s.",
        node=describe(node),
        type=view_type,
        error=entry.message.rstrip("."),
    )
    raise _error(view_name, node, reason)


def _element_at(arch: etree._Element, line: int, message: str) -> etree._Element:
    """The element an error of the schema is about: the one the message names, on ``line``
    or after it, else the last one starting on that line, else the root."""
    elements = [node for node in arch.iter() if isinstance(node.tag, str)]
    named = re.search(r"element (\S+?)[ ,]", message + " ", re.IGNORECASE)
    if named:
        tag = named.group(1)
        candidates = [n for n in elements if n.tag == tag and (n.sourceline or 0) >= line]
        if candidates:
            return candidates[0]
    on_line = [node for node in elements if node.sourceline == line]
    return on_line[-1] if on_line else arch


#: libxml2 reports an error where it happens, then once more per enclosing element
#: ("Element sheet has extra content: group"); these follow-up entries say less.
_FOLLOW_UP_ERRORS = frozenset(
    {"RELAXNG_ERR_EXTRACONTENT", "RELAXNG_ERR_CONTENTVALID", "RELAXNG_ERR_INTEREXTRA"}
)


def _most_specific(error_log: etree._ListErrorLog) -> etree._LogEntry:
    """The entry of a RelaxNG error log that best says what is wrong, and where."""
    for entry in error_log:
        if entry.type_name not in _FOLLOW_UP_ERRORS and "element , got" not in entry.message:
            return entry
    return error_log[0]


def own_elements(root: etree._Element) -> Iterator[etree._Element]:
    """The elements of a view, without those of the inline views its fields hold."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        children = [child for child in node if isinstance(child.tag, str)]
        if node.tag == "field" and node is not root:
            children = [child for child in children if child.tag not in SUBVIEW_TAGS]
        stack.extend(reversed(children))


class _ArchChecker:
    """The meaning checks of one view and, recursively, of its inline x2many views.

    ``fields`` is None for an inline view whose model is not known (its names are then not
    checked); ``methods`` is None when buttons are not to be checked (inline views).
    """

    def __init__(self, view_name, fields, model, record_view, methods, comodel_fields) -> None:
        self.view_name = view_name
        self.fields = fields
        self.model = model
        self.record_view = record_view
        self.methods = methods
        self.comodel_fields = comodel_fields

    def error(self, node: etree._Element, reason: Any) -> ViewValidationError:
        return _error(self.view_name, node, reason)

    def check_view(self, root: etree._Element) -> None:
        self.check_root(root)
        elements = list(own_elements(root))
        field_names = {node.get("name") for node in elements if node.tag == "field"}
        for node in elements:
            self.check_attributes(node)
            if node.tag == "field":
                self.check_field(node)
            elif node.tag in ("button", "a"):  # <a type="object" name="m"> calls m too
                self.check_button(node)
            elif node.tag == "label":
                self.check_label(node, field_names)
            elif node.tag == "filter":
                self.check_filter(node)
            elif node.tag == "progressbar":
                self.check_progressbar(node)
        for node in elements:
            if node.tag == "field" and node is not root:
                self.check_subviews(node)

    # -- fields --------------------------------------------------------------------------

    def field_info(self, node, name: str | None) -> Mapping[str, Any] | None:
        """The description of field ``name``; raise if it does not exist."""
        if self.fields is None or name in IMPLICIT_FIELDS:
            return None
        if name not in self.fields:
            if self.model:
                reason = _(
                    "field %(name)s does not exist on model %(model)s.",
                    name=repr(name),
                    model=self.model,
                )
            else:
                reason = _("field %(name)s does not exist.", name=repr(name))
            raise self.error(node, reason)
        return self.fields[name]

    def require_field(self, node, name, types: Collection[str] | None = None) -> None:
        info = self.field_info(node, name)
        if info is not None and types is not None and info.get("type") not in types:
            reason = _(
                "field %(name)s is of type %(type)s; expected one of: %(expected)s.",
                name=repr(name),
                type=info.get("type"),
                expected=", ".join(sorted(types)),
            )
            raise self.error(node, reason)

    def check_field(self, node) -> None:
        name = node.get("name")
        parent = node.getparent()
        if name == COUNT_MEASURE and parent is not None and parent.tag in ("graph", "pivot"):
            return
        info = self.field_info(node, name)
        if info is None:
            return
        if node.get("interval"):
            self.require_field(node, name, DATE_TYPES)
        if node.get("type") == "measure":
            self.require_field(node, name, NUMERIC_TYPES)

    def check_subviews(self, node) -> None:
        subviews = [child for child in node if child.tag in SUBVIEW_TAGS]
        if not subviews:
            return
        info = self.field_info(node, node.get("name"))
        if info is not None and info.get("type") not in X2MANY_TYPES:
            reason = _(
                "field %(name)s is a %(type)s; only one2many and many2many fields can hold "
                "an inline view.",
                name=repr(node.get("name")),
                type=info.get("type"),
            )
            raise self.error(node, reason)
        relation = info.get("relation") if info else None
        sub_fields = self.related_fields(node, relation)
        for subview in subviews:
            checker = _ArchChecker(
                self.view_name, sub_fields, relation, True, None, self.comodel_fields
            )
            checker.check_view(subview)

    def related_fields(self, node, relation: str | None):
        if relation is None or self.comodel_fields is None:
            return None
        try:
            return self.comodel_fields(relation)
        except KeyError:
            reason = _(
                "field %(name)s relates to the unknown model %(model)s.",
                name=repr(node.get("name")),
                model=repr(relation),
            )
            raise self.error(node, reason) from None

    # -- other elements ------------------------------------------------------------------

    def check_root(self, root) -> None:
        if root.get("default_group_by"):
            self.field_info(root, root.get("default_group_by"))
        for part in (root.get("default_order") or "").split(","):
            if part.strip():
                self.field_info(root, part.split()[0])

    def check_button(self, node) -> None:
        if node.get("type") != "object":
            return
        name = node.get("name")
        if not name:
            raise self.error(node, _("a button of type object needs a name (its method)."))
        if name.startswith("_"):
            reason = _("button calls the private method %(name)s.", name=repr(name))
            raise self.error(node, reason)
        if self.methods is not None and name not in self.methods:
            reason = _("button calls the method %(name)s, which does not exist.", name=repr(name))
            raise self.error(node, reason)

    def check_label(self, node, field_names: set[str]) -> None:
        target = node.get("for")
        if target and target not in field_names:
            reason = _("<label for=%(name)s> names no field of the view.", name=repr(target))
            raise self.error(node, reason)

    def check_progressbar(self, node) -> None:
        self.require_field(node, node.get("field"))
        if node.get("sum_field"):
            self.require_field(node, node.get("sum_field"), NUMERIC_TYPES)

    def check_filter(self, node) -> None:
        if node.get("date"):
            self.require_field(node, node.get("date"), DATE_TYPES)
        group_by = literal_group_by(node.get("context"))
        if group_by is None:
            return
        field, _sep, interval = group_by.partition(":")
        self.field_info(node, field)
        if interval and interval not in INTERVALS:
            reason = _("group-by %(group_by)s has an unknown interval.", group_by=repr(group_by))
            raise self.error(node, reason)

    # -- expressions ---------------------------------------------------------------------

    def check_attributes(self, node) -> None:
        for attribute, value in node.attrib.items():
            if not is_expression_attribute(attribute):
                continue
            try:
                self.check_expression(node, attribute, value)
            except ValueError as exc:
                reason = _(
                    "attribute %(attribute)s is not a valid expression: %(error)s",
                    attribute=attribute,
                    error=exc.args[0] if exc.args else str(exc),
                )
                raise self.error(node, reason) from None

    def check_expression(self, node, attribute: str, value: str) -> None:
        if attribute in DICT_ATTRIBUTES:
            parse_dict_attribute(value)
            return
        names = record_names(value)  # parses the expression
        if not self.record_view or attribute == "filter_domain" or self.fields is None:
            return
        unknown = sorted(names - set(self.fields) - IMPLICIT_FIELDS)
        if unknown:
            raise ValueError(
                _(
                    "it reads %(names)s, which is not a field of the model.",
                    names=", ".join(map(repr, unknown)),
                )
            )
