"""Dates of activities: "today" is the assignee's today, not the server's.

An activity due on the 5th is *overdue* for a salesperson in Berlin from midnight Berlin
time, even though it is still the 5th in New York; so every state is computed in the time
zone of the user the activity is assigned to (UTC when the user has none)::

    today = today_in("Europe/Berlin")
    state_for(activity.date_deadline, today)      # "overdue" | "today" | "planned"

The clock is read through :func:`utcnow` only, so that tests can move it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

STATES = ("overdue", "today", "planned")
#: Higher is more urgent: a record shows the state of its most urgent activity.
URGENCY = {"planned": 1, "today": 2, "overdue": 3}


def utcnow() -> dt.datetime:
    """The current moment, timezone-aware (UTC)."""
    return dt.datetime.now(dt.UTC)


def zone(tz: str | None) -> dt.tzinfo:
    """The time zone ``tz``, or UTC when it is empty or unknown."""
    if not tz:
        return dt.UTC
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def today_in(tz: str | None, now: dt.datetime | None = None) -> dt.date:
    """Today's date in the time zone ``tz``."""
    moment = now if now is not None else utcnow()
    return moment.astimezone(zone(tz)).date()


def state_for(deadline: dt.date, today: dt.date) -> str:
    """The state of an activity due on ``deadline`` seen on ``today``."""
    if deadline < today:
        return "overdue"
    return "today" if deadline == today else "planned"


def add_delay(day: dt.date, count: int, unit: str) -> dt.date:
    """``day`` plus ``count`` days, weeks or months (the month's last day when shorter)."""
    if unit == "weeks":
        return day + dt.timedelta(weeks=count)
    if unit == "months":
        month_index = day.month - 1 + count
        year, month = day.year + month_index // 12, month_index % 12 + 1
        return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return day + dt.timedelta(days=count)
