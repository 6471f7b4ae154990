"""One record in a form: its values, the user's input, errors, and the view's modifiers.

The form template asks a :class:`FormState` everything per field: is it invisible,
readonly, required (expressions evaluated on the values shown, which are what the user
typed after a failed save), which text goes in its input, which error goes next to it,
which choices a select offers. The same object tells the save handler which fields the
user could edit, so that nothing else is written.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from core.views import FieldNode, FormView, iter_nodes
from core.views.render_modifiers import evaluate, namespace
from core.views.render_values import display, input_value

MANY2ONE_CHOICES = 100
CHECKBOX_LIMIT = 40


def form_field_nodes(view: FormView) -> Iterator[FieldNode]:
    """The field nodes of the form (header, body, footer; inline views excluded)."""
    for node in iter_nodes(view.header + view.body + view.footer):
        if isinstance(node, FieldNode):
            yield node


class FormState:
    """Values, inputs, errors and modifiers of the record a form shows."""

    def __init__(self, page: Any, view: FormView, record: Any, values: dict[str, Any], *,
                 inputs: dict[str, Any] | None = None, errors: dict[str, str] | None = None,
                 message: str | None = None, write_date: str | None = None) -> None:
        self.page = page
        self.view = view
        self.record = record
        self.values = values
        self.inputs = inputs or {}
        self.errors = errors or {}
        self.message = message
        self.write_date = write_date
        self.capped: set[str] = set()   # many2one fields with more records than choices
        self.fields = page.fields
        env = page.env
        self.ns = namespace(values, self.fields, context=env.context, uid=env.uid,
                            tz=env.context.get("tz"))
        self.lang = page.lang
        self.tz = env.context.get("tz")

    # -- identity --------------------------------------------------------------------------
    @property
    def is_new(self) -> bool:
        return not self.record

    @property
    def name(self) -> str:
        if self.is_new:
            return ""
        return str(self.values.get("display_name") or self.values.get("name") or "")

    @functools.cached_property
    def editable(self) -> bool:
        if self.is_new:
            return self.view.create and self.page.can("create")
        return self.view.edit and self.page.can("write")

    # -- modifiers --------------------------------------------------------------------------
    def invisible(self, node: Any) -> bool:
        return evaluate(getattr(node, "invisible", None), self.ns)

    def readonly(self, node: FieldNode) -> bool:
        info = self.fields.get(node.name, {})
        if not self.editable or not info:
            return True
        return evaluate(node.readonly, self.ns, default=bool(info.get("readonly")))

    def required(self, node: FieldNode) -> bool:
        info = self.fields.get(node.name, {})
        return evaluate(node.required, self.ns, default=bool(info.get("required")))

    def editable_nodes(self) -> list[FieldNode]:
        """The fields the user can change in this form, as the view shows it now."""
        seen: dict[str, FieldNode] = {}
        for node in form_field_nodes(self.view):
            if node.name in seen or node.name not in self.fields:
                continue
            if node.widget == "statusbar" or self.invisible(node) or self.readonly(node):
                continue
            seen[node.name] = node
        return list(seen.values())

    # -- values -----------------------------------------------------------------------------
    def write_values(self) -> dict[str, Any]:
        """The shown values in the format ``write``/``onchange`` take (one2many left out)."""
        values: dict[str, Any] = {}
        for name, value in self.values.items():
            kind = self.fields.get(name, {}).get("type")
            if name in ("id", "display_name", "write_date") or kind in (None, "one2many"):
                continue
            if kind == "many2one":
                values[name] = value[0] if isinstance(value, list | tuple) else value
            elif kind == "many2many":
                values[name] = [(6, 0, [v for v in value or () if isinstance(v, int)])]
            else:
                values[name] = value
        return values

    def row(self) -> Any:
        """The record as a list row/card sees it (for display widgets of addons)."""
        from core.web.client.records import Row
        return Row(self.record.id or 0, self.values, self.ns)

    def input(self, name: str) -> Any:
        if name in self.inputs:
            return self.inputs[name]
        return input_value(self.fields.get(name, {}), self.values.get(name), self.lang,
                           self.tz)

    def display(self, name: str) -> str:
        return display(self.fields.get(name, {}), self.values.get(name), self.lang, self.tz)

    def error(self, name: str) -> str | None:
        return self.errors.get(name)

    def checked(self, name: str) -> bool:
        if name in self.inputs:
            return bool(self.inputs[name])
        return bool(self.values.get(name))

    def selection(self, name: str) -> list[tuple[str, str, bool]]:
        current = str(self.input(name))
        return [(str(value), str(label), str(value) == current)
                for value, label in self.fields[name].get("selection") or ()]

    def many2one_choices(self, node: FieldNode) -> list[tuple[str, str, bool]]:
        info = self.fields[node.name]
        current = self.values.get(node.name)
        selected = str(self.input(node.name))
        comodel = self.page.env[info["relation"]]
        if not comodel.check_access_rights("read", raise_exception=False):
            pairs = [tuple(current)] if current else []
        else:
            pairs = [tuple(p) for p in comodel.name_search("", self._domain(node, info),
                                                           limit=MANY2ONE_CHOICES + 1)]
            if len(pairs) > MANY2ONE_CHOICES:   # more than a list can hold: search by typing
                pairs = pairs[:MANY2ONE_CHOICES]
                self.capped.add(node.name)
            if current and tuple(current) not in pairs:
                pairs.insert(0, tuple(current))
        return [(str(rid), str(label), str(rid) == selected) for rid, label in pairs]

    def inline_choices(self, info: dict[str, Any]) -> list[tuple[str, str]]:
        """(value, label) choices of a many2one or selection column of an editable list."""
        if info.get("type") == "selection":
            return [(str(value), str(label)) for value, label in info.get("selection") or ()]
        comodel = self.page.env[info["relation"]]
        if not comodel.check_access_rights("read", raise_exception=False):
            return []
        domain = info.get("domain") if isinstance(info.get("domain"), list) else []
        return [(str(rid), str(label)) for rid, label in
                comodel.name_search("", domain, limit=MANY2ONE_CHOICES)]

    def many2many_choices(self, node: FieldNode) -> list[tuple[str, str, bool]]:
        info = self.fields[node.name]
        chosen = self.inputs.get(node.name)
        ids = {str(i) for i in (chosen if chosen is not None else self.values.get(node.name)
                                or ())}
        comodel = self.page.env[info["relation"]]
        pairs = comodel.name_search("", self._domain(node, info), limit=CHECKBOX_LIMIT * 5)
        known = {str(rid) for rid, _label in pairs}
        missing = [int(i) for i in ids - known if i.isdigit()]
        if missing:
            pairs = [(r.id, r.display_name) for r in comodel.browse(missing).exists()] + list(
                pairs)
        return [(str(rid), str(label), str(rid) in ids) for rid, label in pairs]

    def statusbar_steps(self, node: FieldNode) -> list[tuple[str, str, bool]]:
        """(value, label, current) of the steps of a ``widget="statusbar"`` field."""
        info = self.fields[node.name]
        current = self.values.get(node.name)
        if info.get("type") == "many2one":
            current_id = current[0] if isinstance(current, list | tuple) else current
            comodel = self.page.env[info["relation"]]
            pairs = [(r.id, r.display_name) for r in comodel.search(self._domain(node, info),
                                                                    limit=20)]
            return [(str(rid), str(label), rid == current_id) for rid, label in pairs]
        visible = str(node.attrs.get("statusbar_visible") or "").split(",")
        steps = [(str(v), str(label), v == current)
                 for v, label in info.get("selection") or ()]
        if visible != [""]:
            steps = [s for s in steps if s[0] in visible or s[2]]
        return steps

    def _domain(self, node: FieldNode, info: dict[str, Any]) -> list:
        domain = node.domain or info.get("domain")
        if isinstance(domain, list):
            return domain
        if isinstance(domain, str) and domain.strip():
            from core.tools.safe_eval import safe_eval
            try:
                result = safe_eval(domain, self.ns)
            except (ValueError, TypeError, NameError):
                return []
            return list(result) if isinstance(result, list | tuple) else []
        return []

    def widget(self, node: Any) -> dict[str, Any]:
        """The data of a ``<widget>`` that computes its own (see core.web.client.widgets)."""
        from core.web.client.widgets import widget_values
        return widget_values(self, node)

    def field_id(self, name: str) -> str:
        return f"field-{name}"
