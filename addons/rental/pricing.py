"""Rental prices: what renting a product costs for a period, as pure functions.

A product has prices per hour, day and/or week, and a minimal duration. A period is billed
in whole units of one of them, whichever comes cheapest for the customer::

    >>> tiers = [Tier("hour", 10.0), Tier("day", 60.0), Tier("week", 300.0)]
    >>> best_price(30, tiers)        # 30 h: 30 × 10 = 300, 2 days = 120 → 2 days
    Price(amount=120.0, units=2, unit='day')
    >>> best_price(1, tiers, minimum_hours=4)   # at least 4 hours are billed
    Price(amount=40.0, units=4, unit='hour')

A product without rental prices is billed per day at its sales price.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

UNIT_HOURS = {"hour": 1, "day": 24, "week": 24 * 7}
UNITS = [("hour", "Hour"), ("day", "Day"), ("week", "Week")]
EPSILON = 1e-6


@dataclass(frozen=True)
class Tier:
    unit: str        # hour | day | week
    price: float     # per unit


@dataclass(frozen=True)
class Price:
    amount: float
    units: int
    unit: str


def duration_hours(start: dt.datetime | None, end: dt.datetime | None) -> float:
    """The length of a rental period in hours (0 when it is incomplete or negative)."""
    if not start or not end or end <= start:
        return 0.0
    return (end - start).total_seconds() / 3600.0


def billed_units(hours: float, unit: str) -> int:
    """Whole units of ``unit`` covering ``hours`` (at least one)."""
    return max(1, math.ceil(hours / UNIT_HOURS[unit] - EPSILON))


def best_price(hours: float, tiers: Sequence[Tier], minimum_hours: float = 0.0
               ) -> Price | None:
    """The cheapest price of the period, or None without tiers."""
    billed = max(hours, minimum_hours, EPSILON)
    candidates = [Price(billed_units(billed, t.unit) * t.price, billed_units(billed, t.unit),
                        t.unit) for t in tiers if t.unit in UNIT_HOURS]
    if not candidates:
        return None
    return min(candidates, key=lambda p: (p.amount, -UNIT_HOURS[p.unit]))
