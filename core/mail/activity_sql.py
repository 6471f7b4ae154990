"""Activity states in SQL, for searching and filtering ("Late Activities") at scale.

The state of an activity depends on its assignee's time zone, so "today" is not one date
but one date per time zone. The assignees of the activities concerned are few; their time
zones are read once and turned into a CASE expression::

    CASE WHEN user_id IN (7, 9) THEN '2024-05-06'      -- users in Europe/Berlin
         WHEN user_id IN (12)   THEN '2024-05-05'      -- users in America/New_York
         ELSE '2024-05-05' END                          -- no time zone: UTC

from which :func:`state_expr` derives 'overdue' / 'today' / 'planned' per activity and
:func:`urgency_expr` a number to take the most urgent one per document with ``MAX``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from core.mail import dates


def today_expr(env: Any, table: Any, model_name: str | None = None) -> Any:
    """SQL: today's date for the assignee of each row of ``table`` (``mail_activity``)."""
    users = env["res.users"]._table_obj
    query = sa.select(table.c.user_id).distinct()
    if model_name:
        query = query.where(table.c.res_model == model_name)
    user_ids = env.transaction.execute(query).scalars().all()
    now = dates.utcnow()
    by_day: dict[Any, list[int]] = defaultdict(list)
    if user_ids:
        rows = env.transaction.execute(
            sa.select(users.c.id, users.c.tz).where(users.c.id.in_(user_ids))).all()
        for uid, tz in rows:
            by_day[dates.today_in(tz, now)].append(uid)
    default = dates.today_in(None, now)
    whens = [(table.c.user_id.in_(uids), sa.literal(day, sa.Date()))
             for day, uids in by_day.items() if day != default]
    if not whens:
        return sa.literal(default, sa.Date())
    return sa.case(*whens, else_=sa.literal(default, sa.Date()))


def state_expr(env: Any, table: Any, model_name: str | None = None) -> Any:
    """SQL: 'overdue', 'today' or 'planned' for each activity row."""
    today = today_expr(env, table, model_name)
    deadline = table.c.date_deadline
    return sa.case((deadline < today, "overdue"), (deadline == today, "today"),
                   else_="planned")


def urgency_expr(env: Any, table: Any, model_name: str | None = None) -> Any:
    """SQL: 3 (overdue), 2 (today) or 1 (planned) for each activity row."""
    today = today_expr(env, table, model_name)
    deadline = table.c.date_deadline
    return sa.case((deadline < today, dates.URGENCY["overdue"]),
                   (deadline == today, dates.URGENCY["today"]),
                   else_=dates.URGENCY["planned"])
