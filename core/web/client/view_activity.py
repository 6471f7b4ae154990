"""The activity view: records × activity types, deadlines coloured by urgency.

Works for any model with an ``activity_ids`` one2many whose records have an
``activity_type_id`` and a ``date_deadline`` (``mail.activity`` and its like). Records,
their activities and the activity types are three queries; each cell shows the number of
activities of that type and the closest deadline — red when overdue, orange for today,
green when planned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from werkzeug.wrappers import Response

from core.i18n import Domain
from core.views import ActivityView
from core.views.render_values import display
from core.web.client.action_page import ActionPage
from core.web.client.records import readable, rows_of

_ = Domain("core")
LIMIT = 80


@dataclass
class Cell:
    count: int = 0
    deadline: dt.date | None = None
    summaries: list[str] = field(default_factory=list)

    def state(self, today: dt.date) -> str:
        if self.deadline is None:
            return "none"
        if self.deadline < today:
            return "overdue"
        return "today" if self.deadline == today else "planned"


def _activity_model(page: ActionPage) -> tuple[Any, Any, str] | None:
    """(activity model, domain of the records' activities, field naming the record)."""
    info = page.fields.get("activity_ids")
    if not info or not info.get("relation"):
        return None
    comodel = page.env[info["relation"]]
    if not {"activity_type_id", "date_deadline"} <= set(comodel._fields):
        return None
    if {"res_model", "res_id"} <= set(comodel._fields):       # mail.activity
        model = page.action.model
        return comodel, lambda ids: [("res_model", "=", model), ("res_id", "in", ids)], "res_id"
    inverse = info.get("relation_field")
    if not inverse:
        return None
    return comodel, lambda ids: [(inverse, "in", ids)], inverse


def render_activity(page: ActionPage) -> Response:
    bundle = page.bundle("activity")
    view: ActivityView = bundle.view
    found = _activity_model(page)
    if found is None:
        return page.render("views/activity.html", view=view, rows=[], types=[], grid={},
                           supported=False, today=None)
    comodel, activity_domain, inverse = found
    domain = page.search.domain() + [("activity_ids", "!=", False)]
    records = page.model.search(domain, limit=LIMIT)
    rows = rows_of(records, readable(page.fields, bundle.fields), page.fields,
                   context=page.env.context)
    activities = comodel.search_read(activity_domain(records.ids),
                                     [inverse, "activity_type_id", "date_deadline", "summary"])
    type_model = page.env[comodel._fields["activity_type_id"].comodel_name]
    types = [(t.id, t.display_name) for t in type_model.search([])]
    grid = _grid(activities, inverse)
    today = page.search._today()
    return page.render("views/activity.html", view=view, rows=rows, types=types, grid=grid,
                       supported=True, today=today, deadline=_deadline_text(page))


def _grid(activities: list[dict[str, Any]], inverse: str) -> dict[tuple[int, int], Cell]:
    grid: dict[tuple[int, int], Cell] = {}
    for activity in activities:
        record = activity[inverse][0] if isinstance(activity[inverse], list) else activity[
            inverse]
        kind = activity["activity_type_id"][0] if activity["activity_type_id"] else 0
        cell = grid.setdefault((record, kind), Cell())
        cell.count += 1
        deadline = dt.date.fromisoformat(activity["date_deadline"]) \
            if activity["date_deadline"] else None
        if deadline and (cell.deadline is None or deadline < cell.deadline):
            cell.deadline = deadline
        if activity.get("summary"):
            cell.summaries.append(activity["summary"])
    return grid


def _deadline_text(page: ActionPage) -> Any:
    info = {"type": "date"}
    return lambda day: display(info, day.isoformat(), page.lang) if day else ""


