"""Predictive lead scoring (PLS): the probability of an open opportunity from closed ones.

Naive Bayes, per sales team, over the stage and the configured fields (country, state,
e-mail and phone quality, source, language, tags). The counts live in
``crm.lead.scoring.frequency``: for each (team, variable, value) how many won and lost
opportunities had it, smoothed with 0.1. A won opportunity counts in *every* stage (it went
through all of them), a lost one in its stage and those before it. For an opportunity
with values x₁ … xₙ::

    P(won | x) = P(W)·Π P(xᵢ|W) / (P(W)·Π P(xᵢ|W) + P(L)·Π P(xᵢ|L))
    P(xᵢ|W) = won(xᵢ) / Σ_v won(fieldᵢ = v)       (stage: won(stage) / W)

with W and L the won and lost totals (the counts of the first stage, which every closed
opportunity reached). The result is rounded to 2 decimals and kept within 0.01–99.99 %, so
that an open opportunity never looks won or lost. This module is pure arithmetic on
dictionaries; the models load and store the counts.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

SMOOTHING = 0.1
MIN_PROBABILITY, MAX_PROBABILITY = 0.01, 99.99
STAGE = "stage_id"

Key = tuple[str, str]                      # (variable, value), ids as strings
Counts = tuple[float, float]               # (won, lost)
Table = dict[Key, Counts]                  # the counts of one team


@dataclass(frozen=True)
class Factor:
    """How one value of an opportunity moved its probability."""

    variable: str
    value: str
    won_ratio: float    # P(value | won)
    lost_ratio: float   # P(value | lost)

    @property
    def weight(self) -> float:
        """> 1 raised the probability, < 1 lowered it."""
        return self.won_ratio / self.lost_ratio if self.lost_ratio else math.inf


def merge(tables: Iterable[Table]) -> Table:
    """The counts of several teams summed (the fallback of a team without statistics)."""
    result: dict[Key, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for table in tables:
        for key, (won, lost) in table.items():
            result[key][0] += won
            result[key][1] += lost
    return {key: (won, lost) for key, (won, lost) in result.items()}


def has_enough_data(table: Table, first_stage: int | None) -> bool:
    """At least one won and one lost opportunity were counted (beyond the smoothing)."""
    won, lost = table.get((STAGE, str(first_stage)), (0.0, 0.0))
    return won >= 1 + SMOOTHING - 1e-9 and lost >= 1 + SMOOTHING - 1e-9


def probability(table: Table, first_stage: int | None, pairs: Iterable[Key]
                ) -> tuple[float | None, list[Factor]]:
    """The probability (%) of an opportunity with these (variable, value) pairs, and the
    factors that moved it; None when the table has no closed opportunity."""
    totals = table.get((STAGE, str(first_stage)))
    if not totals or totals[0] <= 0 or totals[1] <= 0:
        return None, []
    won_total, lost_total = totals
    sums = _field_sums(table)
    s_won = won_total / (won_total + lost_total)
    s_lost = lost_total / (won_total + lost_total)
    factors = []
    for variable, value in pairs:
        counts = table.get((variable, value))
        denominators = (won_total, lost_total) if variable == STAGE else sums.get(variable)
        if counts is None or not denominators or not denominators[0] or not denominators[1]:
            continue
        won_ratio, lost_ratio = counts[0] / denominators[0], counts[1] / denominators[1]
        s_won *= won_ratio
        s_lost *= lost_ratio
        factors.append(Factor(variable, value, won_ratio, lost_ratio))
    if s_won + s_lost <= 0:
        return None, factors
    result = round(s_won / (s_won + s_lost) * 100, 2)
    return min(max(result, MIN_PROBABILITY), MAX_PROBABILITY), factors


def _field_sums(table: Table) -> dict[str, Counts]:
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for (variable, _value), (won, lost) in table.items():
        if variable != STAGE:
            sums[variable][0] += won
            sums[variable][1] += lost
    return {variable: (won, lost) for variable, (won, lost) in sums.items()}


def stage_keys(stage_id: int | None, stages: list[tuple[int, int]], won: bool) -> list[Key]:
    """The stage values a closed opportunity counts in: all stages when won, its stage and
    those with a lower or equal sequence when lost. ``stages`` is [(id, sequence)]."""
    if won:
        return [(STAGE, str(sid)) for sid, _seq in stages]
    sequence = dict(stages).get(stage_id)
    if sequence is None:
        return []
    return [(STAGE, str(sid)) for sid, seq in stages if seq <= sequence]


def stage_counts(won_by_team: dict[int | None, int],
                 lost_by_team_stage: dict[tuple[int | None, int], int],
                 stages: list[tuple[int, int]]) -> dict[tuple[int | None, Key], Counts]:
    """The stage rows of a full rebuild from two GROUP BY results (without smoothing)."""
    rows: dict[tuple[int | None, Key], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for team, count in won_by_team.items():
        for key in stage_keys(None, stages, won=True):
            rows[team, key][0] += count
    for (team, stage_id), count in lost_by_team_stage.items():
        for key in stage_keys(stage_id, stages, won=False):
            rows[team, key][1] += count
    return {key: (won, lost) for key, (won, lost) in rows.items()}


def apply_delta(current: Counts | None, won: float, lost: float) -> Counts:
    """Counts after adding (or removing) closed opportunities; a new row starts smoothed,
    and no count goes below the smoothing."""
    if current is None:
        return (max(won, 0) + SMOOTHING, max(lost, 0) + SMOOTHING)
    new_won = current[0] + won
    new_lost = current[1] + lost
    return (new_won if new_won > 0 else SMOOTHING, new_lost if new_lost > 0 else SMOOTHING)
