"""Editing kanban columns from the board: add a column, rename it, fold or unfold it.

When a kanban is grouped by a many2one (opportunities by stage), its columns are records
of the comodel. The column header offers a small form to rename the column and a button
to fold or unfold it for everyone (the comodel's ``fold`` field), and the board ends with
an "Add a column" form — as Odoo's pipeline does, so that stages are managed where they are
seen. The view's ``group_create``/``group_edit`` attributes switch these off; the comodel's
access rights decide, as everywhere, who may do it.
"""

from __future__ import annotations

from typing import Any

from werkzeug.routing import Rule
from werkzeug.utils import redirect
from werkzeug.wrappers import Response

from core.exceptions import UserError
from core.i18n import Domain
from core.web.app import RequestContext, Route
from core.web.client.action_page import ActionPage, resolve
from core.web.client.form_ops import safe_back

_ = Domain("core")
OPERATIONS = ("create", "rename", "fold", "unfold")


def editable_columns(page: ActionPage, view: Any, spec: str) -> dict[str, bool]:
    """Which column operations the board offers the user for the grouping ``spec``."""
    info = page.fields.get(spec, {})
    if info.get("type") != "many2one" or ":" in spec:
        return {"create": False, "edit": False, "fold": False}
    comodel = page.env[info["relation"]]
    can_create = view.group_create and comodel.check_access_rights("create", False)
    can_edit = view.group_edit and comodel.check_access_rights("write", False)
    return {"create": bool(can_create), "edit": bool(can_edit),
            "fold": bool(can_edit and "fold" in comodel._fields)}


def column_op(ctx: RequestContext) -> Response:
    page = resolve(ctx, "kanban")
    form = ctx.request.form
    view = page.bundle("kanban").view
    spec = form.get("field", "")
    if spec not in {view.default_group_by, *page.search.group_by()}:
        raise UserError(_("Columns can only be changed for the grouping of the board."))
    allowed = editable_columns(page, view, spec)
    comodel = page.env[page.fields[spec]["relation"]]
    op = form.get("op", "")
    if op not in OPERATIONS or not allowed["create" if op == "create" else
                                            "edit" if op == "rename" else "fold"]:
        raise UserError(_("This column cannot be changed here."))
    name_field = comodel._rec_name or "name"
    if op == "create":
        comodel.create({name_field: _name(form)})
    else:
        column = comodel.browse(int(form.get("id") or 0)).exists()
        if not column:
            raise UserError(_("This column does not exist any more."))
        column.write({name_field: _name(form)} if op == "rename" else {"fold": op == "fold"})
    return redirect(safe_back(form.get("back"), page.loc.view("kanban").href()), code=303)


def _name(form: Any) -> str:
    name = (form.get("name") or "").strip()
    if not name:
        raise UserError(_("Give the column a name."))
    return name


def rules(prefix: str) -> list[Rule]:
    return [Rule(f"{prefix}/column", endpoint=Route(column_op), methods=["POST"])]
