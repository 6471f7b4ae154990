"""``mail.activity.mixin``: planned activities on a model, and their summary fields.

A model inheriting the mixin gets ``activity_ids`` and the fields the views show about
them — the most urgent state (``activity_state``: overdue in red, today in orange, planned
in green), the next deadline, its assignee, type and summary, and
``my_activity_date_deadline``, the current user's next deadline ("My Deadline"), which can
be searched and sorted on. Everything is computed for a whole batch of records from one
query on ``mail.activity``; searches (``activity_state = 'overdue'``, "My Activities") are
single SQL statements (:mod:`core.mail.activity_sql`).

``activity_schedule`` plans activities from code::

    lead.activity_schedule("mail.mail_activity_data_call", summary="Discuss the offer",
                           user_id=salesperson.id)
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from core.exceptions import UserError
from core.i18n import Domain
from core.mail import activity_sql, dates
from core.mail.fields import ActivityDeadline
from core.orm import api, fields, models
from core.tools.context import clean_context

_ = Domain("mail")

ACTIVITY_STATES = [("overdue", "Overdue"), ("today", "Today"), ("planned", "Planned")]
SUMMARY_FIELDS = ("activity_ids", "activity_state", "activity_date_deadline",
                  "activity_user_id", "activity_type_id", "activity_type_icon",
                  "activity_summary")


class ActivityMixin(models.AbstractModel):
    _name = "mail.activity.mixin"
    _description = "Activity Mixin"

    activity_ids = fields.One2many("mail.activity", string="Activities",
                                   compute="_compute_activity_ids",
                                   search="_search_activity_ids")
    activity_state = fields.Selection(ACTIVITY_STATES, string="Activity State",
                                      compute="_compute_activity_state",
                                      search="_search_activity_state",
                                      help="Status based on activities\nOverdue: Due date "
                                           "is already passed\nToday: Activity date is today"
                                           "\nPlanned: Future activities.")
    activity_date_deadline = ActivityDeadline(string="Next Activity Deadline",
                                              compute="_compute_activity_date_deadline",
                                              search="_search_activity_date_deadline")
    activity_user_id = fields.Many2one("res.users", string="Responsible User",
                                       compute="_compute_activity_date_deadline",
                                       search="_search_activity_user_id")
    activity_type_id = fields.Many2one("mail.activity.type", string="Next Activity Type",
                                       compute="_compute_activity_date_deadline",
                                       search="_search_activity_type_id")
    activity_type_icon = fields.Char(string="Activity Type Icon",
                                     compute="_compute_activity_date_deadline")
    activity_summary = fields.Char(string="Next Activity Summary",
                                   compute="_compute_activity_date_deadline")
    my_activity_date_deadline = ActivityDeadline(
        string="My Activity Deadline", compute="_compute_my_activity_date_deadline",
        search="_search_my_activity_date_deadline", only_mine=True)

    # -- computes (each one query for the whole batch) ----------------------------------------
    def _activity_rows(self, *columns: Any, users: bool = False) -> list[Any]:
        """Rows of the records' activities (``res_id`` first), by deadline then id."""
        if not self.ids:
            return []
        table = self._activity_table()
        source: Any = table
        if users:
            user_table = self.env["res.users"]._table_obj
            source = table.outerjoin(user_table, user_table.c.id == table.c.user_id)
            columns = (*columns, user_table.c.tz)
        stmt = sa.select(table.c.res_id, *columns).select_from(source).where(
            table.c.res_model == self._name, table.c.res_id.in_(self.ids)).order_by(
            table.c.date_deadline, table.c.id)
        return list(self.env.transaction.execute(stmt).all())

    def _compute_activity_ids(self) -> None:
        grouped: dict[int, list[int]] = defaultdict(list)
        for res_id, activity_id in self._activity_rows(self._activity_table().c.id):
            grouped[res_id].append(activity_id)
        activities = self.env["mail.activity"]
        for record in self:
            record.activity_ids = activities.browse(grouped.get(record.id, []))

    def _compute_activity_state(self) -> None:
        """The most urgent state of each record's activities, in their assignees' zones."""
        now = dates.utcnow()
        best: dict[int, int] = {}
        for res_id, deadline, tz in self._activity_rows(self._activity_table().c.date_deadline,
                                                        users=True):
            day = fields.Date.to_date(deadline)
            rank = dates.URGENCY[dates.state_for(day, dates.today_in(tz, now))]
            best[res_id] = max(best.get(res_id, 0), rank)
        names = {rank: state for state, rank in dates.URGENCY.items()}
        for record in self:
            record.activity_state = names.get(best.get(record.id), False)

    def _compute_activity_date_deadline(self) -> None:
        """The deadline, assignee, type, icon and summary of each record's next activity."""
        table = self._activity_table()
        types = self.env["mail.activity.type"]._table_obj
        first: dict[int, Any] = {}
        for row in self._activity_rows(table.c.date_deadline, table.c.user_id,
                                       table.c.activity_type_id, table.c.summary):
            first.setdefault(row[0], row)
        type_ids = {row[3] for row in first.values() if row[3]}
        icons = dict(self.env.transaction.execute(sa.select(types.c.id, types.c.icon).where(
            types.c.id.in_(type_ids))).all()) if type_ids else {}
        for record in self:
            row = first.get(record.id)
            record.activity_date_deadline = fields.Date.to_date(row[1]) if row else False
            record.activity_user_id = row[2] if row else False
            record.activity_type_id = row[3] if row else False
            record.activity_type_icon = icons.get(row[3], False) if row else False
            record.activity_summary = row[4] if row else False

    @api.depends_context("uid")
    def _compute_my_activity_date_deadline(self) -> None:
        table = self.env["mail.activity"]._table_obj
        rows = dict(self.env.transaction.execute(
            sa.select(table.c.res_id, sa.func.min(table.c.date_deadline)).where(
                table.c.res_model == self._name, table.c.res_id.in_(self.ids),
                table.c.user_id == self.env.uid).group_by(table.c.res_id)).all()) \
            if self.ids else {}
        for record in self:
            value = rows.get(record.id)
            record.my_activity_date_deadline = fields.Date.to_date(value) if value else False

    # -- searches (one SQL statement each) ----------------------------------------------------
    def _activity_table(self) -> Any:
        return self.env["mail.activity"]._table_obj

    def _res_ids_where(self, *clauses: Any, having: Any = None) -> list[int]:
        table = self._activity_table()
        stmt = sa.select(table.c.res_id).where(table.c.res_model == self._name, *clauses)
        stmt = stmt.group_by(table.c.res_id).having(having) if having is not None \
            else stmt.distinct()
        return list(self.env.transaction.execute(stmt).scalars().all())

    def _search_activity_ids(self, operator: str, value: Any) -> list:
        if operator in ("=", "!=") and value is False:
            ids = self._res_ids_where()
            return [("id", "not in" if operator == "=" else "in", ids)]
        activities = self.env["mail.activity"].sudo()._search(
            [("res_model", "=", self._name), ("id", operator, value)])
        table = activities.table
        ids = self.env.transaction.execute(activities.select(table.c.res_id)).scalars().all()
        return [("id", "in", list(set(ids)))]

    def _search_activity_state(self, operator: str, value: Any) -> list:
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(_("Unsupported search on the activity state: %(op)s", op=operator))
        values = set(value) if isinstance(value, list | tuple) else {value}
        positive = operator in ("=", "in")
        ranks = [dates.URGENCY[v] for v in values if v in dates.URGENCY]
        matching: set[int] = set()
        if ranks:
            urgency = activity_sql.urgency_expr(self.env, self._activity_table(), self._name)
            matching = set(self._res_ids_where(having=sa.func.max(urgency).in_(ranks)))
        if values & {False, None}:  # "no activity" too: all but the other states
            excluded = set(self._res_ids_where()) - matching
            return [("id", "not in" if positive else "in", sorted(excluded))]
        return [("id", "in" if positive else "not in", sorted(matching))]

    def read_progress_bar(self, domain: Any, group_by: str, progress_bar: str
                          ) -> dict[Any, dict[Any, int]]:
        """Activity states per group in one SQL statement (not one read per record)."""
        name = group_by.partition(":")[0]
        field = self._fields.get(name)
        if progress_bar != "activity_state" or ":" in group_by or field is None or \
                not field.is_column:
            return super().read_progress_bar(domain, group_by, progress_bar)
        self._check_field_named(field)
        activities = self._activity_table().alias("progress_activity")
        urgency = activity_sql.urgency_expr(self.env, activities, self._name)
        per_record = sa.select(activities.c.res_id, sa.func.max(urgency).label("rank")).where(
            activities.c.res_model == self._name).group_by(activities.c.res_id).subquery()
        query = self._search(domain)
        query.order = []
        query.from_clause = query.from_clause.outerjoin(
            per_record, per_record.c.res_id == query.table.c.id)
        column = query.table.c[field.column_name]
        stmt = query.select(column, per_record.c.rank, sa.func.count()).group_by(
            column, per_record.c.rank)
        names = {rank: state for state, rank in dates.URGENCY.items()}
        result: dict[Any, dict[Any, int]] = {}
        for value, rank, count in self.env.transaction.execute(stmt).all():
            bucket = result.setdefault(value if value is not None else False, {})
            state = names.get(rank, False)
            bucket[state] = bucket.get(state, 0) + count
        return result

    def _search_activity_date_deadline(self, operator: str, value: Any) -> list:
        return self._deadline_domain(operator, value, None)

    def _search_my_activity_date_deadline(self, operator: str, value: Any) -> list:
        return self._deadline_domain(operator, value, self.env.uid)

    def _deadline_domain(self, operator: str, value: Any, user_id: int | None) -> list:
        table = self._activity_table()
        clauses = [] if user_id is None else [table.c.user_id == user_id]
        if operator in ("=", "!=") and value is False:
            ids = self._res_ids_where(*clauses)
            return [("id", "not in" if operator == "=" else "in", ids)]
        comparisons = {"<": "__lt__", "<=": "__le__", ">": "__gt__", ">=": "__ge__",
                       "=": "__eq__", "!=": "__ne__"}
        if operator not in comparisons:
            raise UserError(_("Unsupported search on a deadline: %(op)s", op=operator))
        day = fields.Date.to_date(value)
        earliest = sa.func.min(table.c.date_deadline)
        having = getattr(earliest, comparisons[operator])(sa.literal(day, sa.Date()))
        return [("id", "in", self._res_ids_where(*clauses, having=having))]

    def _search_activity_user_id(self, operator: str, value: Any) -> list:
        term = ("name", operator, value) if isinstance(value, str) else ("id", operator, value)
        users = self.env["res.users"].sudo().with_context(active_test=False)._search([term])
        clause = self._activity_table().c.user_id.in_(users.select(users.table.c.id))
        return [("id", "in", self._res_ids_where(clause))]

    def _search_activity_type_id(self, operator: str, value: Any) -> list:
        types = self.env["mail.activity.type"].sudo().with_context(active_test=False)._search(
            [("id", operator, value)] if not isinstance(value, str) else
            [("name", operator, value)])
        table = self._activity_table()
        clause = table.c.activity_type_id.in_(types.select(types.table.c.id))
        return [("id", "in", self._res_ids_where(clause))]

    # -- scheduling ---------------------------------------------------------------------------
    def activity_schedule(self, act_type_xmlid: str = "", date_deadline: Any = None,
                          summary: str = "", note: str = "", **act_values: Any) -> Any:
        """Plan one activity per record; the deadline defaults to today + the type's delay.

        ``act_values`` may give ``activity_type_id``, ``user_id`` (default: the current
        user, or the type's default user) and any other ``mail.activity`` field.
        """
        self.check_access("read")      # mail.activity's create decides the rest
        activity_type = self._schedule_type(act_type_xmlid, act_values.pop("activity_type_id",
                                                                           None))
        user_id = act_values.pop("user_id", None) or activity_type.default_user_id.id or \
            self.env.uid
        # a given deadline is checked by the field (a ValidationError names it)
        deadline = date_deadline or activity_type._deadline_from(
            dates.today_in(self.env["res.users"].sudo().browse(user_id).tz))
        return self.env["mail.activity"].with_context(clean_context(self.env.context)).create([{
            "res_model": self._name, "res_id": record.id,
            "activity_type_id": activity_type.id,
            "summary": summary or activity_type.summary or False,
            "note": note or activity_type.default_note or False,
            "date_deadline": deadline, "user_id": user_id, **act_values}
            for record in self])

    def _schedule_type(self, xmlid: str, type_id: int | None) -> Any:
        types = self.env["mail.activity.type"]
        if type_id:
            return types.browse(type_id)
        if xmlid:
            activity_type = self.env.ref(xmlid, raise_if_not_found=False)
            if activity_type is None:
                raise UserError(_("Unknown activity type %(xmlid)s.", xmlid=xmlid))
            return activity_type
        activity_type = self.env["mail.activity"].with_context(
            default_res_model=self._name)._default_activity_type()
        if not activity_type:
            raise UserError(_("There is no activity type to plan an activity with."))
        return activity_type

    def activity_unlink(self, act_type_xmlids: list[str] | None = None,
                        user_id: int | None = None) -> bool:
        """Cancel the activities of the records (of those types / that user)."""
        self._activities_matching(act_type_xmlids, user_id).unlink()
        return True

    def activity_feedback(self, act_type_xmlids: list[str] | None = None,
                          user_id: int | None = None, feedback: str | bool = False) -> bool:
        """Mark done the activities of the records (of those types / that user)."""
        self._activities_matching(act_type_xmlids, user_id).action_feedback(feedback=feedback)
        return True

    def _activities_matching(self, xmlids: list[str] | None, user_id: int | None) -> Any:
        domain: list = [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        if xmlids:
            types = [self.env.ref(x, raise_if_not_found=False) for x in xmlids]
            domain.append(("activity_type_id", "in", [t.id for t in types if t]))
        if user_id:
            domain.append(("user_id", "=", user_id))
        return self.env["mail.activity"].search(domain)

    def action_snooze(self, days: int = 7) -> bool:
        """Snooze the current user's next activity on each record by ``days``."""
        mine = self.env["mail.activity"].search([
            ("res_model", "=", self._name), ("res_id", "in", self.ids),
            ("user_id", "=", self.env.uid)])
        firsts: dict[int, Any] = {}
        for activity in mine:
            firsts.setdefault(activity.res_id, activity)
        for activity in firsts.values():
            activity.action_snooze(days)
        return True


MODELS = [ActivityMixin]
