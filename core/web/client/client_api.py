"""Small endpoints the pages post to: favourites, live form updates, inline list edits.

Favourites are plain form posts (no JavaScript needed). ``onchange`` and ``write_cell``
answer JSON to the page script: the first recomputes a form while the user types (through
``Model.onchange``), the second saves one cell of a list edited in place. Server actions
opened from a menu run on a POST from a one-button page.
"""

from __future__ import annotations

from typing import Any

from werkzeug.routing import Rule
from werkzeug.utils import redirect
from werkzeug.wrappers import Response

from core.exceptions import UserError
from core.i18n import Domain
from core.views import FieldNode
from core.views.render_values import InputError, display, input_value, parse_input
from core.web.app import RequestContext, Route
from core.web.client.action_page import resolve
from core.web.client.actions import action_url
from core.web.client.form_inputs import parse_form
from core.web.client.form_ops import json_response, safe_back
from core.web.client.form_state import FormState, form_field_nodes
from core.web.client.page import render_page
from core.web.client.view_form import load_state, new_state
from core.web.client.view_list import columns_of

_ = Domain("core")


# -- favourites ------------------------------------------------------------------------------
def save_favorite(ctx: RequestContext) -> Response:
    form = ctx.request.form
    env = ctx.env()
    action_id = int(form["action_id"]) if form.get("action_id", "").isdigit() else 0
    name = form.get("name", "").strip()
    if not name:
        raise UserError(_("Give the favourite a name."))
    env["ir.filters"].create_or_replace({
        "name": name, "model_id": form.get("model", ""), "action_id": action_id,
        "search_state": form.get("state", ""), "is_default": bool(form.get("is_default")),
    })
    return redirect(safe_back(form.get("back"), "/web"), code=303)


def delete_favorite(ctx: RequestContext) -> Response:
    form = ctx.request.form
    if form.get("id", "").isdigit():
        ctx.env()["ir.filters"].unlink_mine(int(form["id"]))
    return redirect(safe_back(form.get("back"), "/web"), code=303)


# -- live form updates ----------------------------------------------------------------------
def posted_state(ctx: RequestContext) -> tuple[Any, FormState, dict[str, Any]]:
    """The page, the form state and the values of a form the page script posted as it is
    on screen (``__id``: the record, empty for a new one), nothing saved."""
    form = ctx.request.form
    record_id = int(form["__id"]) if form.get("__id", "").isdigit() else None
    page = resolve(ctx, "form", record_id or "new")
    state = load_state(page, record_id) if record_id else new_state(page)
    parsed = parse_form(state, form)
    values = state.write_values()
    values.update({k: v for k, v in parsed.vals.items()
                   if state.fields[k].get("type") != "one2many" and k not in parsed.errors})
    return page, state, values


def onchange(ctx: RequestContext) -> Response:
    form = ctx.request.form
    page, state, values = posted_state(ctx)
    changed = [c for c in form.getlist("__changed") if c in state.fields]
    names = sorted({n.name for n in form_field_nodes(state.view) if n.name in state.fields})
    result = state.record.onchange(values, changed, names)
    merged = dict(state.values)
    merged.update(result["value"])
    after = FormState(page, state.view, state.record, merged)
    lang, tz = page.lang, page.env.context.get("tz")
    payload = {name: {"input": input_value(state.fields[name], value, lang, tz),
                      "display": display(state.fields[name], value, lang, tz)}
               for name, value in result["value"].items()
               if name in state.fields and name not in changed}
    modifiers = {n.name: {"invisible": after.invisible(n), "readonly": after.readonly(n),
                          "required": after.required(n)}
                 for n in form_field_nodes(state.view) if n.name in state.fields}
    return json_response({"values": payload, "modifiers": modifiers,
                          "warning": _warning(result.get("warning"))})


def _warning(warning: Any) -> Any:
    if isinstance(warning, dict):
        return {"title": str(warning.get("title", "")), "message": str(warning.get("message",
                                                                                    ""))}
    return False


# -- inline list edit ------------------------------------------------------------------------
def write_cell(ctx: RequestContext) -> Response:
    page = resolve(ctx, "list")
    form = ctx.request.form
    field = form.get("field", "")
    view = page.bundle("list").view
    column = next((c for c in columns_of(page, view, "") if c.name == field and c.editable),
                  None)
    record = page.model.browse(int(form.get("id") or 0)).exists()
    if column is None or not record or not isinstance(column.node, FieldNode):
        raise UserError(_("This value cannot be edited here."))
    info = page.fields[field]
    try:
        value = parse_input(info, form.get("value"), page.lang, page.env.context.get("tz"))
    except InputError as exc:
        return json_response({"error": exc.args[0].translate(page.lang)}, status=422)
    record.write({field: value})
    current = record.read([field])[0][field]
    return json_response({"display": display(info, current, page.lang),
                          "raw": input_value(info, current, page.lang)})


# -- server actions from menus ------------------------------------------------------------------
def server_action_page(ctx: RequestContext) -> Response:
    action = _server_action(ctx)
    return render_page(ctx, "server_action.html", title=action.name, action=action)


def run_server_action(ctx: RequestContext) -> Response:
    action = _server_action(ctx)
    env = ctx.env()
    result = action.run_on(env[action.sudo().model_name])
    return redirect(action_url(result, "/web"), code=303)


def _server_action(ctx: RequestContext) -> Any:
    env = ctx.env()
    action = env["ir.actions.server"].sudo().with_context(lang=ctx.lang).browse(
        ctx.args["action_id"]).exists()
    if not action or not action._usable_by_user(env):
        raise UserError(_("This action does not exist or is not available to you."))
    return action


def _form_rules(prefix: str) -> list[Rule]:
    return [
        Rule(f"{prefix}/onchange", endpoint=Route(onchange), methods=["POST"]),
        Rule(f"{prefix}/write_cell", endpoint=Route(write_cell), methods=["POST"]),
    ]


ROUTES = [
    Rule("/web/client/favorite", endpoint=Route(save_favorite), methods=["POST"]),
    Rule("/web/client/favorite/delete", endpoint=Route(delete_favorite), methods=["POST"]),
    Rule("/web/server_action/<int:action_id>", endpoint=Route(server_action_page),
         methods=["GET"]),
    Rule("/web/server_action/<int:action_id>", endpoint=Route(run_server_action),
         methods=["POST"]),
    *_form_rules("/web/action/<int:action_id>"),
    *_form_rules("/web/model/<model>"),
]
