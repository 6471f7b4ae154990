"""One request on the views of an action: what every view type shares.

``/web/action/<id>/<view type>[/<record>]`` (or ``/web/model/<model>/...``) becomes an
:class:`ActionPage`: the action, its model in an environment carrying the action's
context (``default_*`` values for new records), the user-visible fields, the views, the
search state and the control panel (breadcrumbs, New button, search bar, view switcher).
The renderer of each view type takes it from there.
"""

from __future__ import annotations

import functools
from typing import Any

from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from core.i18n import Domain
from core.tools.safe_eval import eval_context_time
from core.views.render_modifiers import evaluate
from core.views.render_values import display, input_value, remaining_days
from core.web.app import RequestContext
from core.web.client.actions import Action, load_action, model_action
from core.web.client.display import CardBody, FieldDisplay
from core.web.client.form_state import form_field_nodes
from core.web.client.notes import PARAMS as NOTE_PARAMS
from core.web.client.page import Crumb, render_page
from core.web.client.search import SearchModel
from core.web.client.templating import fragment
from core.web.client.trail import PARAM as TRAIL_PARAM
from core.web.client.trail import Step, linked, parse_trail
from core.web.client.urls import Location

_ = Domain("core")

VIEW_LABELS = {
    "kanban": _("Kanban"), "list": _("List"), "form": _("Form"), "graph": _("Graph"),
    "pivot": _("Pivot"), "activity": _("Activity"),
}
VIEW_ICONS = {"kanban": "kanban", "list": "list", "graph": "graph", "pivot": "pivot",
              "activity": "clock"}


class ActionPage:
    """The action, model, fields, views and search of one request."""

    def __init__(self, ctx: RequestContext, action: Action, loc: Location) -> None:
        self.ctx = ctx
        self.action = action
        self.loc = loc
        context = {k: v for k, v in action.context.items()
                   if not k.startswith("search_default_")}
        self.env = ctx.env(context=context)
        self.model = self.env[action.model]
        self.lang = ctx.lang
        if action.url_defaults:
            self.env = self.env(context={**context, **self._editable_defaults()})
            self.model = self.env[action.model]

    def _editable_defaults(self) -> dict[str, Any]:
        """The ``default_*`` values of the link that name fields the user sees and may edit
        on the form (a crafted link cannot preset a hidden or read-only field)."""
        editable = {node.name for node in form_field_nodes(self.bundle("form").view)
                    if not node.invisible and not node.readonly
                    and not self.fields.get(node.name, {}).get("readonly", True)}
        return {key: value for key, value in self.action.url_defaults.items()
                if key[len("default_"):] in editable}

    # -- data shared by the views ---------------------------------------------------------
    @functools.cached_property
    def fields(self) -> dict[str, dict[str, Any]]:
        return self.model.fields_get()

    def bundle(self, view_type: str) -> Any:
        views = self.env["ir.ui.view"]
        return views._view_bundle(self.action.model, view_type,
                                  self.action.view_ids.get(view_type))

    @functools.cached_property
    def search(self) -> SearchModel:
        model = SearchModel(self.env, self.action, self.bundle("search").view, self.loc,
                            self.fields)
        self.loc = model.loc
        return model

    def can(self, operation: str) -> bool:
        return self.model.check_access_rights(operation, raise_exception=False)

    def server_actions(self) -> list[Any]:
        """Server actions offered in the Action menu of this model's records."""
        actions = self.env["ir.actions.server"].sudo().with_context(lang=self.lang).search(
            [("binding_model", "=", self.action.model)])
        return [a for a in actions if a._usable_by_user(self.env)]

    @property
    def action_ref(self) -> str | None:
        return f"ir.actions.act_window,{self.action.id}" if self.action.id else None

    # -- control panel ----------------------------------------------------------------------
    def breadcrumbs(self, *more: Crumb) -> list[Crumb]:
        """The pages that led here (other actions' included), this action, then ``more``."""
        return [*linked(self._trail), *self._own_crumbs(*more)]

    def trail_to(self, *current: Crumb) -> list[Step]:
        """The trail a page opened from here carries: the steps that led here and this
        page's own crumbs (its action, and ``current``: the record of a form)."""
        here = self.loc.href() if not current else None
        crumbs = self._own_crumbs(*current)
        return [*self._trail, [Crumb(c.title, c.href or here) for c in crumbs]]

    def _own_crumbs(self, *more: Crumb) -> list[Crumb]:
        """The action's crumb and ``more``; a record a button opened on its own (an action
        without list or kanban) has no list to go back to, only the pages before it."""
        if more and not self.action.multi_views:
            return list(more)
        return [Crumb(self.action.name, self.loc.origin().href() if more else None), *more]

    def back_href(self) -> str:
        """Where leaving a form goes: the view it was opened from, else the page before."""
        if self.action.multi_views:
            return self.loc.origin().href()
        before = linked(self._trail)
        return before[-1].href or "/web" if before else "/web"

    @functools.cached_property
    def _trail(self) -> list[Step]:
        return parse_trail(self.loc.get(TRAIL_PARAM))

    def switcher(self) -> list[dict[str, Any]]:
        return [{"type": t, "label": VIEW_LABELS[t].translate(self.lang), "icon": VIEW_ICONS[t],
                 "href": self.loc.view(t).href(), "active": t == self.loc.view_type}
                for t in self.action.multi_views]

    def new_href(self, allowed: bool = True) -> str | None:
        if not (allowed and self.can("create") and "form" in self.action.view_types):
            return None
        return self.loc.record("new").href()

    @functools.cached_property
    def _today(self) -> Any:
        return eval_context_time(self.env.context.get("tz"))["context_today"]()

    def fmt(self, info: Any, raw: Any) -> str:
        return display(info, raw, self.lang, self.env.context.get("tz"))

    def field_display(self) -> FieldDisplay:
        """Renders read-only field values for this page (lists, cards, inline lists)."""
        if "_field_display" not in self.__dict__:
            registry, lang = self.ctx.registry, self.lang
            self._field_display = FieldDisplay(
                lang, self.fmt, lambda raw: remaining_days(raw, self._today, lang),
                lambda name, variables: fragment(
                    registry, name, {**variables, "fmt": self.fmt, "lang": lang}))
        return self._field_display

    def card_body(self) -> CardBody:
        if "_card_body" not in self.__dict__:
            self._card_body = CardBody(self.fields, self.field_display(), evaluate)
        return self._card_body

    def render(self, template: str, *, status: int = 200, **values: Any) -> Response:
        lang, tz = self.lang, self.env.context.get("tz")
        values.setdefault("fmt", lambda info, raw: display(info, raw, lang, tz))
        values.setdefault("fmt_input", lambda info, raw: input_value(info, raw, lang, tz))
        values.setdefault("evaluate", evaluate)
        today = eval_context_time(tz)["context_today"]()
        values.setdefault("remaining", lambda raw: remaining_days(raw, today, lang))
        values.setdefault("value", self.field_display())
        values.setdefault("card_body", self.card_body())
        return render_page(self.ctx, template, status=status, title=self.action.name,
                           current_action=self.action_ref, page=self, **values)


def location_of(ctx: RequestContext, action: Action, view_type: str,
                record_id: int | str | None = None) -> Location:
    params = tuple((k, v) for k, v in ctx.request.args.items(multi=True)
                   if k not in NOTE_PARAMS)   # a note is shown once, it does not travel
    return Location(action.model, view_type, action.id, record_id, params)


def resolve(ctx: RequestContext, view_type: str | None = None,
            record_id: int | str | None = None) -> ActionPage:
    """The page of the route's action (or model); 404 for a view type it does not have."""
    env = ctx.env()
    if "action_id" in ctx.args:
        action = load_action(env, ctx.args["action_id"], ctx.request.args)
    else:
        action = model_action(env, ctx.args["model"], ctx.request.args)
    if view_type is None:
        view_type = action.default_view
        if view_type == "form":   # a wizard or a single record: its form straight away
            record_id = action.res_id or "new"
    if view_type != "form" and view_type not in action.view_types:
        raise NotFound()
    return ActionPage(ctx, action, location_of(ctx, action, view_type, record_id))
