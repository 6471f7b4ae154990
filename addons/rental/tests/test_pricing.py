"""Rental prices for a period, checked by hand."""

from __future__ import annotations

import datetime as dt

from addons.rental.pricing import Price, Tier, best_price, billed_units, duration_hours

TIERS = [Tier("hour", 15.0), Tier("day", 80.0), Tier("week", 350.0)]


def test_duration():
    start = dt.datetime(2024, 5, 1, 8)
    assert duration_hours(start, dt.datetime(2024, 5, 3, 10)) == 50.0
    assert duration_hours(start, start) == 0.0
    assert duration_hours(start, start - dt.timedelta(hours=1)) == 0.0
    assert duration_hours(None, start) == 0.0


def test_whole_units_are_billed():
    assert billed_units(50, "day") == 3          # 2 days and 2 hours: 3 days
    assert billed_units(48, "day") == 2
    assert billed_units(0.5, "hour") == 1
    assert billed_units(169, "week") == 2


def test_the_cheapest_unit_wins():
    assert best_price(3, TIERS) == Price(45.0, 3, "hour")        # 3 h: 45 < 80
    assert best_price(6, TIERS) == Price(80.0, 1, "day")         # 6 h: 90 > 80
    assert best_price(50, TIERS) == Price(240.0, 3, "day")       # 3 days: 240
    assert best_price(5 * 24, TIERS) == Price(350.0, 1, "week")  # 5 days: 400 > 350
    assert best_price(3, []) is None


def test_minimal_duration():
    assert best_price(1, TIERS, minimum_hours=4) == Price(60.0, 4, "hour")
    assert best_price(1, [Tier("week", 350.0)], minimum_hours=24) == Price(350.0, 1, "week")
