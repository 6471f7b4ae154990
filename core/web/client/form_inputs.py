"""What a submitted form means: values to write, what the user typed, and the errors.

Only fields the user could edit in the form as shown are read from the request (see
:meth:`FormState.editable_nodes`); a crafted request cannot write anything else. Inline
one2many lists send ``lines.<id>.<field>`` (``lines.new0.<field>`` for a new line,
``lines.<id>.__delete`` to remove one) and become ORM commands.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from core.i18n import Domain
from core.views import FieldNode, ListView
from core.views.render_values import NUMERIC, InputError, input_value, parse_input
from core.web.client.form_state import FormState

_ = Domain("core")
LINE_KEY = re.compile(r"^(?P<field>\w+)\.(?P<line>new\d+|\d+)\.(?P<sub>\w+)$")


class ParsedForm:
    """The outcome of reading a form: ``vals`` for the ORM, ``inputs`` as typed, ``errors``."""

    def __init__(self) -> None:
        self.vals: dict[str, Any] = {}
        self.inputs: dict[str, Any] = {}
        self.errors: dict[str, str] = {}


def parse_form(state: FormState, form: Any) -> ParsedForm:
    result = ParsedForm()
    for node in state.editable_nodes():
        info = state.fields[node.name]
        kind = info.get("type")
        if kind == "one2many":
            _parse_lines(state, node, form, result)
        elif kind == "many2many":
            ids = [int(v) for v in form.getlist(node.name) if v.isdigit()]
            result.inputs[node.name] = ids
            result.vals[node.name] = [(6, 0, ids)]
        else:
            _parse_scalar(state, node, form.get(node.name), result)
    return result


def _parse_scalar(state: FormState, node: FieldNode, raw: str | None, result: ParsedForm
                  ) -> None:
    info = state.fields[node.name]
    if info.get("type") == "boolean":
        result.inputs[node.name] = bool(raw)
        result.vals[node.name] = bool(raw)
        return
    result.inputs[node.name] = raw or ""
    try:
        result.vals[node.name] = parse_input(info, raw, state.lang, state.tz)
    except InputError as exc:
        result.errors[node.name] = exc.args[0].translate(state.lang)


def check_required(state: FormState, result: ParsedForm) -> None:
    """An error next to every required field left empty (as the form shows it now)."""
    message = _("This field is required.").translate(state.lang)
    for node in state.editable_nodes():
        if node.name in result.errors or not state.required(node):
            continue
        info = state.fields[node.name]
        kind = info.get("type")
        if kind == "boolean" or kind == "one2many":
            continue
        if kind in NUMERIC:
            empty = not str(result.inputs.get(node.name, "")).strip()
        elif kind == "many2many":
            empty = not result.inputs.get(node.name)
        else:
            empty = result.vals.get(node.name) in (False, None, "")
        if empty:
            result.errors[node.name] = message


def _parse_lines(state: FormState, node: FieldNode, form: Any, result: ParsedForm) -> None:
    subview = node.subviews.get("list")
    if not isinstance(subview, ListView) or not subview.editable:
        return
    relation = state.fields[node.name]["relation"]
    sub_fields = state.page.env[relation].fields_get()
    lines: dict[str, dict[str, Any]] = {}
    for key in form:
        match = LINE_KEY.match(key)
        if match and match.group("field") == node.name:
            lines.setdefault(match.group("line"), {})[match.group("sub")] = form.get(key)
    commands: list[tuple] = []
    for line, raw in sorted(lines.items()):
        command = _line_command(state, node.name, line, raw, subview, sub_fields, result)
        if command is not None:
            commands.append(command)
    result.inputs[node.name] = lines
    if commands:
        result.vals[node.name] = commands


def _line_command(state: FormState, name: str, line: str, raw: Mapping[str, Any],
                  subview: ListView, sub_fields: Mapping[str, Any], result: ParsedForm
                  ) -> tuple | None:
    if raw.get("__delete"):
        return (2, int(line), 0) if line.isdigit() else None
    values: dict[str, Any] = {}
    for column in subview.fields:
        info = sub_fields.get(column.name, {})
        if column.name not in raw or info.get("readonly"):
            continue
        if line.startswith("new") and not str(raw[column.name]).strip():
            continue  # an empty cell of a new line: the model's default applies
        try:
            values[column.name] = parse_input(info, raw[column.name], state.lang, state.tz)
        except InputError as exc:
            result.errors[f"{name}.{line}.{column.name}"] = exc.args[0].translate(state.lang)
    if line.startswith("new"):
        filled = any(str(raw.get(c.name, "")).strip() for c in subview.fields)
        return (0, 0, values) if filled else None
    return (1, int(line), values) if values else None


# -- what the user changed -------------------------------------------------------------------
def changed_vals(state: FormState, vals: dict[str, Any]) -> dict[str, Any]:
    """Of ``vals`` (read from the form of an existing record), only what differs from the
    form as it was rendered: a field posted back untouched is not written again (so a header
    button on an unchanged form writes nothing, and a stage change writes only the stage)."""
    result: dict[str, Any] = {}
    for name, value in vals.items():
        info = state.fields.get(name, {})
        if info.get("type") == "one2many":
            commands = _changed_lines(state, info, value)
            if commands:
                result[name] = commands
        elif not _same(info, value, state.values.get(name), state.lang, state.tz):
            result[name] = value
    return result


def _same(info: Mapping[str, Any], new: Any, old: Any, lang: str, tz: str | None) -> bool:
    """Whether ``new`` (parsed from the request) is what the input showing ``old`` posts."""
    kind = info.get("type")
    if kind == "boolean":
        return bool(new) == bool(old)
    if kind == "many2many":
        ids = {i for command in new or () if command[0] == 6 for i in command[2]}
        return ids == {i for i in old or () if isinstance(i, int)}
    try:
        return new == parse_input(info, input_value(info, old, lang, tz), lang, tz)
    except InputError:
        return False


def _changed_lines(state: FormState, info: Mapping[str, Any], commands: list[tuple]
                   ) -> list[tuple]:
    """The line commands without the columns of existing lines left as they were shown."""
    comodel = state.page.env[info["relation"]]
    sub_fields = comodel.fields_get()
    result = []
    for command in commands:
        if command[0] != 1:
            result.append(command)
            continue
        old = comodel.browse(command[1]).read(list(command[2]))
        old_values = old[0] if old else {}
        values = {k: v for k, v in command[2].items()
                  if not _same(sub_fields.get(k, {}), v, old_values.get(k), state.lang,
                               state.tz)}
        if values:
            result.append((1, command[1], values))
    return result
