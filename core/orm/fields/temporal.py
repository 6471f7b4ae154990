"""Date and Datetime fields. Datetimes are naive UTC in storage and over the API."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from core.i18n import format_date, month_label
from core.orm.dialect import GRANULARITIES, next_bucket, truncate_date
from core.orm.fields.base import Field

if TYPE_CHECKING:
    from core.orm.models import BaseModel
    from core.orm.query import Query

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def to_date(value: Any) -> dt.date | None:
    """``value`` (a date, datetime or ``YYYY-MM-DD`` string) as a date; ValueError if not."""
    if value is None or value is False or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def to_datetime(value: Any) -> dt.datetime | None:
    """``value`` as a naive UTC datetime (aware values are converted to UTC)."""
    if value is None or value is False or value == "":
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.replace(microsecond=0) if value.microsecond else value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    text = str(value).strip().replace("T", " ")
    if len(text) == 10:
        text += " 00:00:00"
    parsed = dt.datetime.fromisoformat(text)
    return to_datetime(parsed)


def today(tz: str | None = None) -> dt.date:
    """Today's date in time zone ``tz`` (UTC by default)."""
    now = dt.datetime.now(dt.UTC)
    if tz:
        now = now.astimezone(ZoneInfo(tz))
    return now.date()


def now() -> dt.datetime:
    """The current moment as a naive UTC datetime without microseconds."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class _Temporal(Field):
    is_datetime = False

    def group_label(self, value: dt.date, granularity: str, lang: str) -> str:
        if granularity == "month":
            return month_label(value, lang)
        if granularity == "year":
            return str(value.year)
        if granularity == "quarter":
            return f"Q{(value.month - 1) // 3 + 1} {value.year}"
        if granularity == "week":
            return f"W{value.isocalendar()[1]} {value.isocalendar()[0]}"
        return format_date(value, lang, "d MMM yyyy")

    def groupby_expr(self, query: Query, alias: Any, granularity: str | None) -> Any:
        granularity = granularity or "month"
        if granularity not in GRANULARITIES:
            raise ValueError(f"Invalid granularity {granularity!r} for {self}")
        tz = query.env.context.get("tz") or "UTC"
        return query.dialect.date_trunc(self.column_expr(query, alias), granularity, tz,
                                        self.is_datetime)

    def group_range(self, start: dt.date, granularity: str | None) -> tuple[Any, Any]:
        end = next_bucket(start, granularity or "month")
        return start, end

    def bucket_of(self, value: dt.date, granularity: str) -> dt.date:
        return truncate_date(value, granularity)


class Date(_Temporal):
    type = "date"
    column_type = sa.Date()
    default_aggregator = None

    def read_values(self, records: BaseModel, use_display_name: bool = True) -> list[Any]:
        data = records._ensure_cached(self)
        return [data[rid].isoformat() if data[rid] else False for rid in records._ids]

    def convert_to_cache(self, value: Any, record: BaseModel, validate: bool = True) -> Any:
        try:
            return to_date(value)
        except (TypeError, ValueError, OverflowError):
            raise self.invalid(value) from None

    def convert_to_read(self, value: Any, record: BaseModel, use_display_name: bool = True) -> Any:
        return value.strftime(DATE_FORMAT) if value else False

    def convert_to_export(self, value: Any, record: BaseModel) -> str:
        return value.strftime(DATE_FORMAT) if value else ""

    def convert_from_column(self, value: Any) -> Any:
        return to_date(value)

    def _domain_scalar(self, value: Any) -> Any:
        try:
            return to_date(value)
        except (TypeError, ValueError, OverflowError):
            raise self.invalid(value) from None

    today = staticmethod(today)
    to_date = staticmethod(to_date)

    @staticmethod
    def context_today(record: BaseModel, timestamp: Any = None) -> dt.date:
        tz = record.env.context.get("tz") or (record.env.user.tz if record.env.uid else None)
        if timestamp is None:
            return today(tz)
        moment = to_datetime(timestamp).replace(tzinfo=dt.UTC)
        return moment.astimezone(ZoneInfo(tz or "UTC")).date()

    @staticmethod
    def to_string(value: Any) -> Any:
        return value.strftime(DATE_FORMAT) if value else False


class Datetime(_Temporal):
    type = "datetime"
    column_type = sa.DateTime()
    is_datetime = True

    def read_values(self, records: BaseModel, use_display_name: bool = True) -> list[Any]:
        data = records._ensure_cached(self)
        return [data[rid].strftime(DATETIME_FORMAT) if data[rid] else False
                for rid in records._ids]

    def convert_to_cache(self, value: Any, record: BaseModel, validate: bool = True) -> Any:
        try:
            return to_datetime(value)
        except (TypeError, ValueError, OverflowError):
            raise self.invalid(value) from None

    def convert_to_read(self, value: Any, record: BaseModel, use_display_name: bool = True) -> Any:
        return value.strftime(DATETIME_FORMAT) if value else False

    def convert_to_export(self, value: Any, record: BaseModel) -> str:
        return value.strftime(DATETIME_FORMAT) if value else ""

    def convert_from_column(self, value: Any) -> Any:
        return to_datetime(value)

    def _domain_scalar(self, value: Any) -> Any:
        try:
            return to_datetime(value)
        except (TypeError, ValueError, OverflowError):
            raise self.invalid(value) from None

    now = staticmethod(now)
    to_datetime = staticmethod(to_datetime)

    @staticmethod
    def to_string(value: Any) -> Any:
        return value.strftime(DATETIME_FORMAT) if value else False

    @staticmethod
    def context_timestamp(record: BaseModel, timestamp: dt.datetime) -> dt.datetime:
        tz = record.env.context.get("tz") or (record.env.user.tz if record.env.uid else None)
        return timestamp.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(tz or "UTC"))
