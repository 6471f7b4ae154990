"""The form view: show a record, create one, save with errors next to fields, press buttons.

A form is a plain HTML ``<form>`` posted to its own URL. Saving reads only the fields the
user could edit, checks what was typed (numbers, dates, required fields) and either writes
and redirects to the record (post/redirect/get) or shows the form again with the user's
input kept and each message next to its field. Only fields the user changed are written
(a field posted back as it was shown is left alone). A header button saves first, then calls
the public method it names — only a button the form offered can be called. A record changed
by someone else since the form was opened is not overwritten: the user gets a clear message.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from werkzeug.routing import Rule
from werkzeug.utils import redirect
from werkzeug.wrappers import Response

from core.exceptions import AccessError, MissingError, UserError
from core.i18n import Domain
from core.views import ButtonNode, ListView, iter_nodes
from core.views.expressions import record_names
from core.views.render_modifiers import evaluate, namespace
from core.views.render_values import InputError, display_number, parse_input
from core.web.app import RequestContext, Route
from core.web.client import form_ops
from core.web.client.action_page import ActionPage, resolve
from core.web.client.actions import action_url
from core.web.client.form_inputs import changed_vals, check_required, parse_form
from core.web.client.form_state import FormState, form_field_nodes
from core.web.client.notes import effect_message, with_note
from core.web.client.page import Crumb
from core.web.client.records import readable, rows_of
from core.web.client.trail import PARAM as TRAIL_PARAM
from core.web.client.trail import with_trail
from core.web.client.widgets import parse_widgets

_ = Domain("core")


# -- loading -------------------------------------------------------------------------------
def _names(page: ActionPage) -> list[str]:
    return readable(page.fields, [*page.bundle("form").fields, "display_name", "write_date"])


def load_state(page: ActionPage, record_id: int, **kwargs: Any) -> FormState:
    """The form of an existing record (MissingError when it is gone)."""
    record = page.model.browse(record_id)
    data = record.read(_names(page))
    if not data:
        raise MissingError(_("This record does not exist any more: it may have been deleted "
                             "by someone else."))
    values = data[0]
    return FormState(page, page.bundle("form").view, record, values,
                     write_date=values.get("write_date") or None, **kwargs)


def new_state(page: ActionPage, **kwargs: Any) -> FormState:
    """The form of a new record: defaults (context, URL ``default_<field>``) and computes."""
    names = [n for n in _names(page) if n not in ("display_name", "write_date")]
    defaults = page.model.default_get(names)
    for key, raw in page.ctx.request.args.items():
        name = key[len("default_"):] if key.startswith("default_") else None
        if name in page.fields and name in names:
            try:
                defaults[name] = parse_input(page.fields[name], raw, page.lang)
            except InputError:
                continue
    values = dict(defaults)
    values.update(page.model.onchange(defaults, [], names)["value"])
    return FormState(page, page.bundle("form").view, page.model.browse(), values, **kwargs)


def inline_lists(state: FormState) -> dict[str, dict[str, Any]]:
    """Rows of the one2many/many2many fields shown as inline lists, one batch per field."""
    result = {}
    for node in form_field_nodes(state.view):
        subview = node.subviews.get("list")
        info = state.fields.get(node.name, {})
        if not isinstance(subview, ListView) or not info.get("relation"):
            continue
        comodel = state.page.env[info["relation"]]
        sub_fields = comodel.fields_get()
        columns = [c for c in subview.fields if c.name in sub_fields
                   and c.column_invisible not in ("1", "True")]
        ids = [i for i in state.values.get(node.name) or () if isinstance(i, int)]
        rows = rows_of(comodel.browse(ids), [c.name for c in columns], sub_fields) \
            if ids and comodel.check_access_rights("read", raise_exception=False) else []
        result[node.name] = {"view": subview, "columns": columns, "rows": rows,
                             **_new_lines(state.inputs.get(node.name)),
                             "fields": sub_fields, "sums": _sums(columns, rows, sub_fields,
                                                                 state.lang),
                             "editable": bool(subview.editable) and not state.readonly(node)}
    return result


def _new_lines(typed: Any) -> dict[str, Any]:
    """The new lines posted with a refused save (shown again as typed) and the key of the
    blank line below them."""
    typed = typed if isinstance(typed, dict) else {}
    keys = sorted((k for k in typed if k.startswith("new") and k[3:].isdigit()),
                  key=lambda k: int(k[3:]))
    filled = [k for k in keys if not typed[k].get("__delete")
              and any(str(v).strip() for v in typed[k].values())]
    return {"new_lines": filled, "blank": f"new{int(keys[-1][3:]) + 1 if keys else 0}"}


def _sums(columns: list, rows: list, fields: dict[str, Any], lang: str) -> dict[str, str]:
    return {c.name: display_number(fields[c.name], sum(r.values.get(c.name) or 0 for r in rows),
                                   lang)
            for c in columns if c.sum}


# -- rendering -----------------------------------------------------------------------------
def hook_buttons(page: ActionPage, state: FormState) -> list[dict[str, Any]]:
    """Header buttons other addons add through the ``erp_form_actions`` hook."""
    if state.is_new:
        return []
    buttons = []
    for _addon, function in page.env.registry.addon_impls("erp_form_actions"):
        buttons.extend(function(env=page.env, record=state.record) or [])
    return [b for b in buttons if b.get("name") and not str(b["name"]).startswith("_")]


def _pager(page: ActionPage, state: FormState) -> dict[str, Any] | None:
    if state.is_new:
        return None
    ids = page.model.search(page.search.domain(), limit=1000, order=page.loc.get("o")).ids
    if state.record.id not in ids:
        return None
    index = ids.index(state.record.id)
    at = page.loc.record
    return {"index": index + 1, "total": len(ids),
            "prev": at(ids[index - 1]).href() if index > 0 else None,
            "next": at(ids[index + 1]).href() if index + 1 < len(ids) else None}


def render_form(page: ActionPage, state: FormState, status: int = 200) -> Response:
    view = state.view
    if page.model._transient:     # a wizard (a dialog in Odoo): its action names it
        crumb = page.action.name
    else:
        crumb = state.name or _("New").translate(page.lang)
    return page.render(
        "views/form.html", status=status, view=view, state=state, crumb=crumb,
        breadcrumbs=page.breadcrumbs(Crumb(crumb)), inline=inline_lists(state),
        hook_buttons=hook_buttons(page, state), record_pager=_pager(page, state),
        labelled={n.for_field for n in iter_nodes(view.body) if n.kind == "label"},
        save_url=page.loc.href(), record=state.record, can_delete=view.delete
        and page.can("unlink"), can_duplicate=view.duplicate and page.can("create"))


def show_record(ctx: RequestContext) -> Response:
    page = resolve(ctx, "form", ctx.args["record_id"])
    return render_form(page, load_state(page, ctx.args["record_id"]))


def show_new(ctx: RequestContext) -> Response:
    page = resolve(ctx, "form", "new")
    return render_form(page, new_state(page))


# -- saving ----------------------------------------------------------------------------------
def callable_buttons(page: ActionPage, state: FormState) -> set[str]:
    """Methods the user could call from this form as it was shown."""
    view = state.view
    names = {n.name for n in iter_nodes(view.header + view.body + view.footer)
             if isinstance(n, ButtonNode) and n.type == "object" and n.name
             and not state.invisible(n)}
    return names | {b["name"] for b in hook_buttons(page, state)
                    if b.get("type", "object") == "object"}


def _merged(state: FormState, vals: dict[str, Any], inputs: dict[str, Any]) -> FormState:
    """The form as the user submitted it: read-format values with their input applied."""
    shown = dict(state.values)
    for name, value in vals.items():
        info = state.fields.get(name, {})
        if info.get("type") == "many2many":
            shown[name] = inputs.get(name, [])
        elif info.get("type") == "many2one" and isinstance(value, int) and value:
            record = state.page.env[info["relation"]].browse(value)
            shown[name] = [value, record.sudo().display_name if record.exists() else value]
        elif info.get("type") != "one2many":
            shown[name] = value
    return FormState(state.page, state.view, state.record, shown, inputs=inputs,
                     write_date=state.write_date)


def _statusbar_value(state: FormState, form: Any) -> dict[str, Any]:
    node = state.view.statusbar
    raw = form.get("__status")
    if node is None or raw is None or state.readonly(node) or not node.options.get("clickable"):
        return {}
    try:
        return {node.name: parse_input(state.fields[node.name], raw, state.lang)}
    except InputError:
        return {}


def save(ctx: RequestContext) -> Response:
    record_id = ctx.args.get("record_id")
    page = resolve(ctx, "form", record_id or "new")
    before = load_state(page, record_id) if record_id else new_state(page)
    if not before.editable and not ctx.request.form.get("__call"):
        raise UserError(_("You are not allowed to modify this record."))
    form = ctx.request.form
    parsed = parse_form(before, form) if before.editable else None
    vals = dict(parsed.vals) if parsed else {}
    vals.update(_statusbar_value(before, form))
    if before.editable:
        vals.update(parse_widgets(before, form))
    state = _merged(before, vals, parsed.inputs if parsed else {})
    if parsed:
        check_required(state, parsed)
        state.errors = parsed.errors
    if record_id and form.get("__write_date", "") != (before.write_date or ""):
        state.message = _("This record was changed by someone else since you opened it. "
                          "Your changes were not saved: reload the page to see the current "
                          "version.").translate(page.lang)
    if state.errors or state.message:
        return _again(page, _recomputed(before, state, vals))
    if record_id:
        vals = changed_vals(before, vals)
    return _write_and_call(page, before, state, vals, form)


def _recomputed(before: FormState, state: FormState, vals: dict[str, Any]) -> FormState:
    """The form shown again after errors, with computed fields following what the user
    changed (what the page script does live, done on the server when scripts are off)."""
    old = before.write_values()
    changed = {k: v for k, v in vals.items() if k not in state.errors and old.get(k) != v
               and state.fields.get(k, {}).get("type") != "one2many"}
    names = sorted({n.name for n in form_field_nodes(state.view) if n.name in state.fields})
    try:
        with state.page.env.transaction.savepoint():
            result = before.record.onchange({**old, **changed}, list(changed), names)["value"]
    except (UserError, ValueError, TypeError):
        return state
    shown = dict(state.values)
    shown.update({k: v for k, v in result.items() if k not in changed
                  and state.fields.get(k, {}).get("type") != "one2many"})
    inputs = {k: v for k, v in state.inputs.items()
              if k in changed or k in state.errors or k not in result
              or state.fields.get(k, {}).get("type") == "one2many"}
    return FormState(state.page, state.view, state.record, shown, inputs=inputs,
                     errors=state.errors, message=state.message, write_date=state.write_date)


def _again(page: ActionPage, state: FormState) -> Response:
    if not state.message and state.errors:
        state.message = _("The record could not be saved: correct the fields marked in red."
                          ).translate(page.lang)
    response = render_form(page, state, status=422)
    response.rollback = True  # type: ignore[attr-defined]
    return response


def _write_and_call(page: ActionPage, before: FormState, state: FormState,
                    vals: dict[str, Any], form: Any) -> Response:
    method = form.get("__call")
    if method and method not in callable_buttons(page, before):
        raise UserError(_("This button is not available on this record."))
    transaction = page.env.transaction
    try:
        with transaction.savepoint():
            record = before.record
            if record:
                if vals:
                    record.write(vals)
            else:
                record = page.model.create(vals)
            result = getattr(record, method)() if method else None
    except UserError as exc:
        state.message = exc.translate(page.lang)
        return _again(page, state)
    target = _after_call(page, record)
    trail = None if record._transient else page.trail_to(
        Crumb(_title(record), page.loc.record(record.id).href()))
    action = form.get("__action")
    if action:
        resolved = page.env["ir.ui.view"]._resolve_action(action)
        if resolved is not None:
            target = with_trail(f"/web/action/{resolved.id}?" + urlencode(
                {"active_id": record.id, "active_ids": record.id, "active_model": record._name}),
                trail or [])
    url = action_url(result, target, trail)
    return redirect(with_note(page.ctx, url, effect_message(result)), code=303)


def _title(record: Any) -> str:
    try:
        return record.display_name or record._description_text()
    except (AccessError, MissingError):
        return record._description_text()


def _after_call(page: ActionPage, record: Any) -> str:
    """Where a saved form goes: the record again, or for a wizard the record it was
    opened from (the dialog closes, in Odoo's words) — in the action and with the
    breadcrumbs it was shown with, when the wizard's trail says so."""
    context = page.action.context
    if record._transient and context.get("active_model") in page.env.registry \
            and context.get("active_id"):
        if page.loc.get(TRAIL_PARAM):
            return page.back_href()
        model = quote(str(context["active_model"]))
        return f"/web/model/{model}/form/{int(context['active_id'])}"
    return page.loc.record(record.id).href()


def call_from_list(ctx: RequestContext) -> Response:
    """A button of a list row or a kanban card: call its method on that record."""
    view_type = "kanban" if ctx.request.form.get("view") == "kanban" else "list"
    page = resolve(ctx, view_type)
    method = ctx.request.form.get("method", "")
    view = page.bundle(view_type).view
    nodes = view.columns if view_type == "list" else iter_nodes(view.card + view.menu)
    buttons = [n for n in nodes if isinstance(n, ButtonNode) and n.type == "object"
               and n.name == method]
    record = page.model.browse(ctx.args["record_id"]).exists()
    if not record:
        raise MissingError(_("This record does not exist any more: it may have been deleted "
                             "by someone else."))
    if not any(_shown(page, button, record) for button in buttons):
        raise UserError(_("This button is not available on this record."))
    result = getattr(record, method)()
    back = form_ops.safe_back(ctx.request.form.get("back"), page.loc.href())
    return redirect(action_url(result, back, page.trail_to()), code=303)


def _shown(page: ActionPage, button: ButtonNode, record: Any) -> bool:
    """Whether ``button`` shows on ``record`` (its ``invisible`` on the record's values)."""
    if not button.invisible:
        return True
    names = [n for n in record_names(button.invisible) if n in page.fields]
    values = record.read(names)[0] if names else {}
    scope = namespace(values, page.fields, context=page.env.context, uid=page.env.uid,
                      tz=page.env.context.get("tz"))
    return not evaluate(button.invisible, scope)


def rules(prefix: str) -> list[Rule]:
    return [
        Rule(f"{prefix}/form/new", endpoint=Route(show_new), methods=["GET"]),
        Rule(f"{prefix}/form/new", endpoint=Route(save), methods=["POST"]),
        Rule(f"{prefix}/form/<int:record_id>", endpoint=Route(show_record), methods=["GET"]),
        Rule(f"{prefix}/form/<int:record_id>", endpoint=Route(save), methods=["POST"]),
        Rule(f"{prefix}/form/<int:record_id>/call", endpoint=Route(call_from_list),
             methods=["POST"]),
        *form_ops.rules(prefix),
    ]
