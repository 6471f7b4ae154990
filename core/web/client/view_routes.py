"""Routes of the views of an action: ``/web/action/<id>/...`` and ``/web/model/<model>/...``.

GET pages render a view; the search box (``q`` + ``qf``) and the custom group-by select
(``cg``) submit plain GET forms that are normalised here into the URL's search parameters,
so the address bar always shows a clean, bookmarkable search.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from werkzeug.routing import Rule
from werkzeug.utils import redirect
from werkzeug.wrappers import Response

from core.web.app import RequestContext, Route
from core.web.client import (
    kanban_columns,
    view_activity,
    view_form,
    view_graph,
    view_kanban,
    view_list,
    view_pivot,
)
from core.web.client.action_page import ActionPage, resolve

RENDERERS: dict[str, Callable[[ActionPage], Response]] = {
    "list": view_list.render_list,
    "kanban": view_kanban.render_kanban,
    "graph": view_graph.render_graph,
    "pivot": view_pivot.render_pivot,
    "activity": view_activity.render_activity,
}
MULTI = "any(list,kanban,graph,pivot,activity)"


def _normalized(ctx: RequestContext) -> str | None:
    """The clean URL when the request came from the search box, else None."""
    args = ctx.request.args
    if "q" not in args and "qf" not in args:
        return None
    params = [(k, v) for k, v in args.items(multi=True)
              if k not in ("q", "qf", "p", "sd") and not (k == "g" and not v)]
    text = (args.get("q") or "").strip()
    if text and args.get("qf"):
        params.append(("s", f"{args['qf']}:{text}"))
    return ctx.request.path + (f"?{urlencode(params)}" if params else "")


def action_home(ctx: RequestContext) -> Response:
    page = resolve(ctx)
    return redirect(page.loc.href(), code=303)


def view_page(ctx: RequestContext) -> Response:
    target = _normalized(ctx)
    if target is not None:
        return redirect(target, code=303)
    page = resolve(ctx, ctx.args["view_type"])
    return RENDERERS[page.loc.view_type](page)


def _rules(prefix: str) -> list[Rule]:
    return [
        Rule(prefix, endpoint=Route(action_home), methods=["GET"]),
        Rule(f"{prefix}/<{MULTI}:view_type>", endpoint=Route(view_page), methods=["GET"]),
        *view_form.rules(prefix),
        *kanban_columns.rules(prefix),
    ]


ROUTES = [*_rules("/web/action/<int:action_id>"), *_rules("/web/model/<model>")]
