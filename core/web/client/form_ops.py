"""Operations on chosen records: archive, unarchive, duplicate, delete, export, move.

From a form's Action menu (one record) or a list's selection (several). Archiving and
deleting ask first on a confirmation page (plain HTML, no JavaScript needed); the others
run at once. Export answers with a CSV file of the list's columns. Kanban cards move with
``move`` (drag and drop, or the card's "Move to" menu) and are created with
``quick_create``; both answer JSON to scripts and redirect browsers without JavaScript.
"""

from __future__ import annotations

import json
from typing import Any

from werkzeug.routing import Rule
from werkzeug.utils import redirect
from werkzeug.wrappers import Response

from core.exceptions import UserError
from core.i18n import Domain
from core.views import FieldNode
from core.views.render_values import InputError, parse_input
from core.web.app import RequestContext, Route
from core.web.client.action_page import ActionPage, resolve
from core.web.client.actions import action_url
from core.web.client.csv_export import csv_response
from core.web.paths import is_local_path

_ = Domain("core")
CONFIRMED_OPS = frozenset({"archive", "delete"})
OPS = frozenset({"archive", "unarchive", "duplicate", "delete", "export"})


def safe_back(target: str | None, default: str) -> str:
    if is_local_path(target):
        return target
    return default


def wants_json(ctx: RequestContext) -> bool:
    return "application/json" in (ctx.request.headers.get("Accept") or "")


def json_response(payload: dict[str, Any], status: int = 200) -> Response:
    return Response(json.dumps(payload), status=status,
                    content_type="application/json; charset=utf-8")


# -- one record (form Action menu) and several (list selection) ------------------------------
def _records(page: ActionPage, ids: list[int]) -> Any:
    return page.model.with_context(active_test=False).browse(ids).exists()


def _run(page: ActionPage, op: str, records: Any) -> Any:
    if op == "archive":
        records.action_archive()
    elif op == "unarchive":
        records.action_unarchive()
    elif op == "delete":
        records.unlink()
    elif op == "duplicate":
        return page.model.browse([r.copy().id for r in records])
    return None


def confirm_page(ctx: RequestContext) -> Response:
    page = resolve(ctx, "form", ctx.args["record_id"])
    op = ctx.request.args.get("op", "")
    if op not in CONFIRMED_OPS:
        raise UserError(_("Unknown operation."))
    records = _records(page, [ctx.args["record_id"]])
    return _confirm(page, op, records, f"{page.loc.base}/form/{ctx.args['record_id']}/op",
                    ctx.request.args.get("back"))


def _confirm(page: ActionPage, op: str, records: Any, action: str, back: str | None
             ) -> Response:
    count = len(records)
    if op == "delete":
        question = _.ngettext(
            "Are you sure you want to delete %(n)s record? This cannot be undone.",
            "Are you sure you want to delete %(n)s records? This cannot be undone.", count, n=count)
    else:
        question = _.ngettext("Are you sure you want to archive %(n)s record?",
                              "Are you sure you want to archive %(n)s records?", count, n=count)
    return page.render("confirm.html", op=op, ids=records.ids, question=question.translate(
        page.lang), post_url=action, back=safe_back(back, page.back_href()),
        names=[r.display_name for r in records[:10]])


def record_op(ctx: RequestContext) -> Response:
    record_id = ctx.args["record_id"]
    page = resolve(ctx, "form", record_id)
    form = ctx.request.form
    op = form.get("op", "")
    if op not in OPS - {"export"}:
        raise UserError(_("Unknown operation."))
    records = _records(page, [record_id])
    if op in CONFIRMED_OPS and not form.get("confirmed"):
        return _confirm(page, op, records, f"{page.loc.base}/form/{record_id}/op",
                        form.get("back"))
    result = _run(page, op, records)
    if op == "delete":
        return redirect(page.back_href(), code=303)
    target = result.ids[0] if op == "duplicate" and result else record_id
    return redirect(page.loc.record(target).href(), code=303)


def mass_op(ctx: RequestContext) -> Response:
    page = resolve(ctx, "list")
    form = ctx.request.form
    op = form.get("op", "")
    back = safe_back(form.get("back"), page.loc.view("list").href())
    ids = [int(i) for i in form.getlist("ids") if i.isdigit()]
    if not ids:
        return redirect(back, code=303)
    records = _records(page, ids)
    if op.startswith("server:") and op[7:].isdigit():
        action = page.env["ir.actions.server"].browse(int(op[7:])).exists()
        if not action:
            raise UserError(_("This action does not exist any more."))
        result = action.run_on(page.model.browse(records.ids))
        return redirect(action_url(result, back, page.trail_to()), code=303)
    if op == "export":
        return export_csv(page, records)
    if op not in OPS:
        raise UserError(_("Unknown operation."))
    if op in CONFIRMED_OPS and not form.get("confirmed"):
        return _confirm(page, op, records, f"{page.loc.base}/records", back)
    _run(page, op, records)
    return redirect(back, code=303)


# -- export ----------------------------------------------------------------------------------
def export_csv(page: ActionPage, records: Any) -> Response:
    view = page.bundle("list").view
    columns = [c for c in view.columns if isinstance(c, FieldNode) and c.name in page.fields
               and c.column_invisible not in ("1", "True")]
    fields = records._fields
    header = [c.string or page.fields[c.name].get("string", c.name) for c in columns]
    rows = ([fields[c.name].convert_to_export(record[c.name], record) for c in columns]
            for record in records)
    return csv_response([header, *rows], page.model._name.replace(".", "_"))


def export_all(ctx: RequestContext) -> Response:
    page = resolve(ctx, "list")
    records = page.model.search(page.search.domain(), limit=10000)
    return export_csv(page, records)


# -- kanban ----------------------------------------------------------------------------------
def _group_value(page: ActionPage, field: str, raw: str) -> Any:
    info = page.fields.get(field)
    if info is None or field == "id":
        raise UserError(_("Unknown field."))
    try:
        return parse_input(info, raw, page.lang)
    except InputError as exc:
        raise UserError(exc.args[0]) from None


def move(ctx: RequestContext) -> Response:
    page = resolve(ctx, "kanban")
    data = ctx.request.get_json(silent=True) if ctx.request.is_json else ctx.request.form
    data = data or {}
    view = page.bundle("kanban").view
    field = str(data.get("field") or "")
    allowed = {view.default_group_by, *page.search.group_by()}
    if field not in allowed:
        raise UserError(_("Cards can only be moved between columns of the grouping."))
    record = page.model.browse(int(data.get("id") or 0)).exists()
    if not record:
        raise UserError(_("This record does not exist any more: it may have been deleted by "
                          "someone else."))
    record.write({field: _group_value(page, field, str(data.get("value") or ""))})
    if wants_json(ctx) or ctx.request.is_json:
        return json_response({"ok": True, "id": record.id})
    return redirect(safe_back(data.get("back"), page.loc.view("kanban").href()), code=303)


def quick_create(ctx: RequestContext) -> Response:
    page = resolve(ctx, "kanban")
    form = ctx.request.form
    name_field = page.model._rec_name or "name"
    values: dict[str, Any] = {name_field: form.get("name", "").strip()}
    if not values[name_field]:
        raise UserError(_("Give the new record a name."))
    field = form.get("field")
    if field:
        view = page.bundle("kanban").view
        if field not in {view.default_group_by, *page.search.group_by()}:
            raise UserError(_("Cards can only be moved between columns of the grouping."))
        values[field] = _group_value(page, field, form.get("value", ""))
    record = page.model.create(values)
    if wants_json(ctx):
        return json_response({"ok": True, "id": record.id,
                              "href": page.loc.record(record.id).href()})
    return redirect(safe_back(form.get("back"), page.loc.view("kanban").href()), code=303)


def rules(prefix: str) -> list[Rule]:
    return [
        Rule(f"{prefix}/form/<int:record_id>/confirm", endpoint=Route(confirm_page),
             methods=["GET"]),
        Rule(f"{prefix}/form/<int:record_id>/op", endpoint=Route(record_op), methods=["POST"]),
        Rule(f"{prefix}/records", endpoint=Route(mass_op), methods=["POST"]),
        Rule(f"{prefix}/export", endpoint=Route(export_all), methods=["GET"]),
        Rule(f"{prefix}/move", endpoint=Route(move), methods=["POST"]),
        Rule(f"{prefix}/quick_create", endpoint=Route(quick_create), methods=["POST"]),
    ]
