"""Arch helpers of ``ir.ui.view``: per-user filtering, translation and default views.

Kept apart from the model so that they stay pure functions over lxml trees:

* :func:`strip_groups` removes the elements a user may not see (``groups="base.group_x"``);
* :func:`translate_arch` translates the texts of one view in its addon's gettext domain
  (``string``, ``help``, ``confirm``, ``placeholder``, ``sum``... and plain text);
* :func:`default_arch` writes a usable view for a model that has none of that type, as
  Odoo does, so that every model gets a list, a form and a search bar for free.
"""

from __future__ import annotations

import copy
from typing import Any

from lxml import etree

from core.i18n import gettext
from core.orm import api

#: Attributes whose value is text shown to the user.
TRANSLATED_ATTRIBUTES = ("string", "help", "confirm", "placeholder", "sum", "avg", "title",
                         "aria-label")
#: Elements whose text is code or a locator, never shown.
_UNTRANSLATED_TEXT = frozenset({"attribute", "xpath", "field"})
_MAGIC = frozenset({"id", "display_name", "create_uid", "create_date", "write_uid",
                    "write_date"})
_FORM_SKIPPED_TYPES = frozenset({"one2many", "binary"})


def public_methods(model: Any) -> frozenset[str]:
    """Names of the methods a view's ``type="object"`` button may call."""
    cls = type(model)
    names = set()
    for name in dir(cls):
        if name.startswith("_"):
            continue
        member = getattr(cls, name, None)
        if callable(member) and not api.is_private(name, member):
            names.add(name)
    return frozenset(names)


def strip_groups(arch: etree._Element, env: Any) -> etree._Element:
    """A copy of ``arch`` without the elements whose ``groups`` the user lacks."""
    result = copy.deepcopy(arch)
    if env.su:
        return result
    doomed = [node for node in result.iter() if isinstance(node.tag, str)
              and node.get("groups") and not env.user_has_groups(node.get("groups"))]
    for node in doomed:
        parent = node.getparent()
        if parent is None:
            continue
        if node.tail:
            previous = node.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + node.tail
            else:
                parent.text = (parent.text or "") + node.tail
        parent.remove(node)
    return result


def translate_arch(arch: etree._Element, module: str | None, lang: str) -> etree._Element:
    """A copy of ``arch`` with its user-visible texts in ``lang`` (domain ``module``)."""
    result = copy.deepcopy(arch)
    domain = module or "core"

    def tr(text: str | None) -> str | None:
        if not text or not text.strip():
            return text
        stripped = text.strip()
        translated = gettext(domain, stripped, lang)
        return text.replace(stripped, translated) if translated != stripped else text

    for node in result.iter():
        if not isinstance(node.tag, str):
            node.tail = tr(node.tail)
            continue
        for attribute in TRANSLATED_ATTRIBUTES:
            if node.get(attribute):
                node.set(attribute, tr(node.get(attribute)))
        if node.tag == "attribute" and node.get("name") in TRANSLATED_ATTRIBUTES or node.tag not in _UNTRANSLATED_TEXT:
            node.text = tr(node.text)
        node.tail = tr(node.tail)
    return result


# -- default views ----------------------------------------------------------------------
def _name_field(model: Any) -> str:
    name = model._rec_name
    return name if name and name in model._fields else "display_name"


def _visible_fields(model: Any) -> list[str]:
    return [name for name, field in model._fields.items()
            if name not in _MAGIC and not field.internal and field.type not in
            _FORM_SKIPPED_TYPES and not (field.compute and not field.store)]


def default_arch(model: Any, view_type: str) -> etree._Element:
    """A plain view of ``view_type`` for ``model`` (used when it has no view of that type)."""
    builder = _DEFAULTS.get(view_type)
    if builder is None:
        raise ValueError(f"No default {view_type} view")
    return etree.fromstring(builder(model))


def _default_list(model: Any) -> str:
    return f'<list><field name="{_name_field(model)}"/></list>'


def _default_form(model: Any) -> str:
    name = _name_field(model)
    others = [f for f in _visible_fields(model) if f != name and f != "active"]
    title = f'<div class="oe_title"><h1><field name="{name}"/></h1></div>'
    body = "".join(f'<field name="{f}"/>' for f in others)
    return f"<form><sheet>{title}<group>{body}</group></sheet></form>"


def _default_search(model: Any) -> str:
    name = _name_field(model)
    field = f'<field name="{name}"/>' if name != "display_name" else ""
    archived = ('<filter name="inactive" string="Archived" domain="[(\'active\', \'=\', False)]"/>'
                if model._active_name else "")
    return f"<search>{field}{archived}</search>"


def _default_kanban(model: Any) -> str:
    return (f'<kanban><templates><t t-name="card"><field name="{_name_field(model)}" '
            f'class="fw-bold"/></t></templates></kanban>')


def _default_graph(model: Any) -> str:
    return '<graph><field name="__count" type="measure"/></graph>'


def _default_pivot(model: Any) -> str:
    return '<pivot><field name="__count" type="measure"/></pivot>'


def _default_activity(model: Any) -> str:
    return (f'<activity><templates><t t-name="card"><field name="{_name_field(model)}"/>'
            f"</t></templates></activity>")


_DEFAULTS = {
    "list": _default_list, "form": _default_form, "search": _default_search,
    "kanban": _default_kanban, "graph": _default_graph, "pivot": _default_pivot,
    "activity": _default_activity,
}
