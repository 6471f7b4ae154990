"""Counts of predictive lead scoring, kept per sales team, and the fields it may use.

``crm.lead.scoring.frequency`` holds one row per (team, variable, value) with the won and
lost counts (see :mod:`addons.crm.scoring`). It is kept up to date in two ways:

* incrementally, when opportunities are won, lost or restored (``_apply_deltas``: one
  read and a few writes per batch of opportunities);
* by a full rebuild (``_rebuild``), one SQL ``GROUP BY`` pass over the closed
  opportunities (two when tags are scored) — never a Python loop over them — for the
  settings' "Update Probabilities" button and after a change of the scored fields or the
  start date.

``crm.lead.scoring.frequency.field`` lists the fields an administrator may add to the
scoring (Settings › Predictive Lead Scoring).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from addons.crm import scoring
from core.orm import api, fields, models

MEMO_KEY = "crm.pls.tables"
#: Selection fields whose empty value is a value of its own ("no e-mail" says something).
EMPTY_COUNTS = frozenset({"email_state", "phone_state"})


class ScoringFrequency(models.Model):
    _name = "crm.lead.scoring.frequency"
    _description = "Lead Scoring Frequency"
    _order = "team_id, variable, value, id"
    _indexes = {"lookup": "team_id, variable, value"}

    variable = fields.Char(required=True, index=True)
    value = fields.Char()
    won_count = fields.Float(digits=(16, 1))
    lost_count = fields.Float(digits=(16, 1))
    team_id = fields.Many2one("crm.team", string="Sales Team", ondelete="cascade")

    # -- reading ---------------------------------------------------------------------------
    @api.model
    def _tables(self) -> dict[int | None, scoring.Table]:
        """``{team id (None: no team): {(variable, value): (won, lost)}}``, once per
        transaction."""
        memo = self.env.transaction.memo
        if MEMO_KEY not in memo:
            table = self._table_obj
            rows = self.env.transaction.execute(sa.select(
                table.c.team_id, table.c.variable, table.c.value, table.c.won_count,
                table.c.lost_count)).all()
            tables: dict[int | None, scoring.Table] = defaultdict(dict)
            for team, variable, value, won, lost in rows:
                tables[team][(variable, value)] = (won or 0.0, lost or 0.0)
            memo[MEMO_KEY] = dict(tables)
        return memo[MEMO_KEY]

    @api.model
    def _table_of(self, team_id: int | None) -> scoring.Table:
        """The counts of a team, or of all teams together when it has none yet."""
        tables = self._tables()
        if tables.get(team_id):
            return tables[team_id]
        memo = self.env.transaction.memo
        if "crm.pls.merged" not in memo:
            memo["crm.pls.merged"] = scoring.merge(tables.values())
        return memo["crm.pls.merged"]

    def _forget_tables(self) -> None:
        memo = self.env.transaction.memo
        memo.pop(MEMO_KEY, None)
        memo.pop("crm.pls.merged", None)
        self.env.transaction.cache.invalidate_model(self._name)

    # -- incremental updates -----------------------------------------------------------------
    @api.model
    def _apply_deltas(self, deltas: dict[tuple[int | None, str, str], list[float]]) -> None:
        """Add ``{(team, variable, value): [won, lost]}`` to the counts (rows created as
        needed)."""
        deltas = {k: v for k, v in deltas.items() if v[0] or v[1]}
        if not deltas:
            return
        table = self._table_obj
        teams = {team for team, _var, _val in deltas}
        clause = sa.or_(*[table.c.team_id.is_(None) if team is None else table.c.team_id == team
                          for team in teams])
        rows = self.env.transaction.execute(sa.select(
            table.c.id, table.c.team_id, table.c.variable, table.c.value, table.c.won_count,
            table.c.lost_count).where(clause)).all()
        existing = {(row.team_id, row.variable, row.value): row for row in rows}
        updates, inserts = [], []
        for key, (won, lost) in deltas.items():
            row = existing.get(key)
            counts = scoring.apply_delta((row.won_count, row.lost_count) if row else None,
                                         won, lost)
            if row:
                updates.append({"_id": row.id, "_won": counts[0], "_lost": counts[1]})
            else:
                inserts.append({"team_id": key[0], "variable": key[1], "value": key[2],
                                "won_count": counts[0], "lost_count": counts[1]})
        if updates:
            self.env.transaction.execute(
                table.update().where(table.c.id == sa.bindparam("_id")).values(
                    won_count=sa.bindparam("_won"), lost_count=sa.bindparam("_lost")), updates)
        if inserts:
            self.sudo().create(inserts)
        self._forget_tables()

    # -- full rebuild ------------------------------------------------------------------------
    @api.model
    def _rebuild(self, field_names: list[str], start: Any) -> int:
        """Recount everything from the closed opportunities created since ``start``.

        One ``GROUP BY`` over the opportunities on (team, stage, status and the scored
        fields) — the distinct combinations are few — plus one over the tag relation when
        tags are scored; the rows are inserted in one batch. Returns their number.
        """
        leads = self.env["crm.lead"]._table_obj
        closed = leads.c.won_status.in_(["won", "lost"])
        if start:
            closed = sa.and_(closed, leads.c.create_date >= start)
        plain = [name for name in field_names if name != "tag_ids"]
        counts: dict[tuple[int | None, str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
        won_by_team: dict[int | None, int] = defaultdict(int)
        lost_by_stage: dict[tuple[int | None, int], int] = defaultdict(int)
        keys = [leads.c.team_id, leads.c.stage_id, leads.c.won_status,
                *[leads.c[name] for name in plain]]
        stmt = sa.select(*keys, sa.func.count()).where(closed).group_by(*keys)
        for team, stage, status, *values, number in self.env.transaction.execute(stmt).all():
            won = status == "won"
            if won:
                won_by_team[team] += number
            elif stage is not None:
                lost_by_stage[(team, stage)] += number
            for name, value in zip(plain, values):
                if value is None and name not in EMPTY_COUNTS:
                    continue
                counts[(team, name, "False" if value is None else str(value))][
                    0 if won else 1] += number
        if "tag_ids" in field_names:
            self._count_tags(counts, leads, closed)
        stages = self.env["crm.lead"]._pls_stages()
        for (team, key), (won, lost) in scoring.stage_counts(won_by_team, lost_by_stage,
                                                              stages).items():
            counts[(team, *key)] = [won, lost]
        self.env.transaction.execute(self._table_obj.delete())
        self.sudo().create([
            {"team_id": team, "variable": variable, "value": value,
             "won_count": won + scoring.SMOOTHING, "lost_count": lost + scoring.SMOOTHING}
            for (team, variable, value), (won, lost) in counts.items() if won or lost])
        self._forget_tables()
        return len(counts)

    def _count_tags(self, counts: dict, leads: Any, closed: Any) -> None:
        field = self.env["crm.lead"]._fields["tag_ids"]
        rel = self.env.registry.metadata.tables[field.relation]
        tag = rel.c[field.column2]
        stmt = sa.select(leads.c.team_id, tag, leads.c.won_status, sa.func.count()).select_from(
            leads.join(rel, rel.c[field.column1] == leads.c.id)).where(closed).group_by(
            leads.c.team_id, tag, leads.c.won_status)
        for team, tag_id, status, number in self.env.transaction.execute(stmt).all():
            counts[(team, "tag_id", str(tag_id))][0 if status == "won" else 1] += number


class ScoringFrequencyField(models.Model):
    _name = "crm.lead.scoring.frequency.field"
    _description = "Fields that can be used for predictive lead scoring computation"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    field_name = fields.Char(string="Field", required=True,
                             help="Technical name of the crm.lead field")
    sequence = fields.Integer(default=10)


MODELS = [ScoringFrequency, ScoringFrequencyField]
