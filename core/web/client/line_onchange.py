"""The onchange of a one2many line (``order_line.new0.product_id``): the line's own
onchange (a product fills description, price, taxes...), then the order's, so that the
totals follow at once, as Odoo's form does."""

from __future__ import annotations

from typing import Any

from core.views import ListView
from core.views.render_values import InputError, display, input_value, parse_input
from core.web.client.form_inputs import LINE_KEY, parse_form
from core.web.client.form_state import FormState, form_field_nodes


def line_onchange(state: FormState, form: Any, key: str) -> dict[str, Any] | None:
    """``{"values": {input name: {"input", "display"}}}`` after the user changed the line
    cell ``key``; None when ``key`` is not a cell of an editable line list of the form."""
    match = LINE_KEY.match(key)
    if not match:
        return None
    o2m, line, sub = match.group("field", "line", "sub")
    node = next((n for n in form_field_nodes(state.view) if n.name == o2m), None)
    subview = node.subviews.get("list") if node is not None else None
    if not isinstance(subview, ListView) or not subview.editable:
        return None
    env, lang, tz = state.page.env, state.lang, state.tz
    lines = env[state.fields[o2m]["relation"]]
    sub_fields = lines.fields_get()
    columns = [c.name for c in subview.fields if c.name in sub_fields]
    if sub not in columns:
        return None
    values: dict[str, Any] = {}
    for name in columns:
        raw = form.get(f"{o2m}.{line}.{name}")
        if raw is None or sub_fields[name].get("readonly") or not str(raw).strip():
            continue
        try:
            values[name] = parse_input(sub_fields[name], raw, lang, tz)
        except InputError:
            continue
    inverse = state.fields[o2m].get("relation_field")
    record = lines.browse(int(line)) if line.isdigit() else lines
    result = record.onchange(values, [sub], columns + ([inverse] if inverse else []))
    payload = {f"{o2m}.{line}.{name}": {
        "input": input_value(sub_fields[name], value, lang, tz),
        "display": display(sub_fields[name], value, lang, tz)}
        for name, value in result["value"].items() if name in columns and name != sub
        and sub_fields[name].get("type") not in ("one2many", "many2many")}
    payload.update(_order_totals(state, form, o2m, line, {**values, **result["value"]},
                                 columns))
    return {"values": payload}


def _order_totals(state: FormState, form: Any, o2m: str, line: str, line_values: dict,
                  columns: list[str]) -> dict[str, Any]:
    """The order's fields computed from its lines (amounts) with the changed line."""
    others = form.copy()
    for key in [k for k in others if k.startswith(f"{o2m}.{line}.")]:
        others.pop(key)
    parsed = parse_form(state, others)
    commands = list(parsed.vals.get(o2m, []))
    clean = {k: v for k, v in line_values.items() if k in columns}
    commands.append((1, int(line), clean) if line.isdigit() else (0, 0, clean))
    values = state.write_values()
    values.update({k: v for k, v in parsed.vals.items()
                   if state.fields[k].get("type") != "one2many" and k not in parsed.errors})
    values[o2m] = commands
    names = sorted({n.name for n in form_field_nodes(state.view) if n.name in state.fields
                    and state.fields[n.name].get("type") not in ("one2many", "many2many")})
    result = state.record.onchange(values, [o2m], names)
    return {name: {"input": input_value(state.fields[name], value, state.lang, state.tz),
                   "display": display(state.fields[name], value, state.lang, state.tz)}
            for name, value in result["value"].items()
            if name in names and state.fields[name].get("readonly")}
