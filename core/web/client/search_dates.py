"""Periods of date filters ("This Month", "Last Year"...) as domains on a date field."""

from __future__ import annotations

import datetime as dt

from core.i18n import Domain

_ = Domain("core")

PERIODS = {
    "today": _("Today"),
    "this_week": _("This Week"),
    "this_month": _("This Month"),
    "last_month": _("Last Month"),
    "this_quarter": _("This Quarter"),
    "this_year": _("This Year"),
    "last_year": _("Last Year"),
}


def period_bounds(period: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """[start, end) of ``period`` around ``today``."""
    if period == "today":
        return today, today + dt.timedelta(days=1)
    if period == "this_week":
        start = today - dt.timedelta(days=today.weekday())
        return start, start + dt.timedelta(days=7)
    if period == "last_month":
        end = today.replace(day=1)
        return (end - dt.timedelta(days=1)).replace(day=1), end
    if period == "this_quarter":
        first = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        return first, _add_months(first, 3)
    if period == "this_year":
        return today.replace(month=1, day=1), today.replace(year=today.year + 1, month=1, day=1)
    if period == "last_year":
        return today.replace(year=today.year - 1, month=1, day=1), today.replace(month=1, day=1)
    first = today.replace(day=1)
    return first, _add_months(first, 1)


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=1)


def period_domain(field: str, period: str, today: dt.date, field_type: str | None) -> list:
    start, end = period_bounds(period, today)
    if field_type == "datetime":
        return [(field, ">=", f"{start} 00:00:00"), (field, "<", f"{end} 00:00:00")]
    return [(field, ">=", start.isoformat()), (field, "<", end.isoformat())]
