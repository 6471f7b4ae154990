"""Activities in CRM (§6.3): My Activities, the kanban colours, the teams' overview."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

from addons.crm.tests.conftest import lead
from core.mail import dates


def test_my_activities_sorted_by_my_deadline(crm: SimpleNamespace) -> None:
    today = dates.today_in("Europe/Berlin")
    late = lead(crm, name="Late", user_id=crm.sam.id)
    soon = lead(crm, name="Soon", user_id=crm.sam.id)
    theirs = lead(crm, name="Theirs", user_id=False, team_id=crm.europe.id)
    lead(crm, name="Idle", user_id=crm.sam.id)
    soon.activity_schedule("mail.mail_activity_data_call", user_id=crm.sam.id,
                           date_deadline=today + dt.timedelta(days=2))
    late.activity_schedule("mail.mail_activity_data_email", user_id=crm.sam.id,
                           date_deadline=today - dt.timedelta(days=3))
    theirs.activity_schedule("mail.mail_activity_data_todo", user_id=crm.alice.id,
                             date_deadline=today)
    action = crm.env.ref("crm.crm_lead_action_my_activities")
    view = crm.env["ir.ui.view"].browse(action.view_id.id)
    assert 'default_order="my_activity_date_deadline' in view.arch
    leads = crm.env["crm.lead"].with_user(crm.sam)
    base = eval(action.domain)  # noqa: S307 - a literal list from our own data
    order = "my_activity_date_deadline, activity_date_deadline, id desc"
    mine = leads.search(base + [("activity_user_id", "=", crm.sam.id)], order=order)
    assert mine.mapped("name") == ["Late", "Soon"]  # the default filter: my activities
    everyone = leads.search(base, order=order)  # filter removed: colleagues' too
    assert everyone.mapped("name") == ["Late", "Soon", "Theirs"]
    assert (late.activity_state, soon.activity_state) == ("overdue", "planned")
    overdue = leads.search(base + [("my_activity_date_deadline", "<", today.isoformat())])
    assert overdue.mapped("name") == ["Late"]
    soon.with_user(crm.sam).action_snooze()
    assert soon.with_user(crm.sam).my_activity_date_deadline == today + dt.timedelta(days=9)


def test_kanban_progress_bar_counts(crm: SimpleNamespace) -> None:
    today = dates.today_in(None)
    first, second = lead(crm, user_id=False), lead(crm, user_id=False)
    first.activity_schedule(date_deadline=today)
    second.activity_schedule(date_deadline=today + dt.timedelta(days=1))
    leads = crm.env["crm.lead"]
    assert leads.search([("activity_state", "=", "today")]) == first
    assert leads.search([("activity_state", "=", "planned")]) == second
    bar = leads.search([]).mapped("activity_state")
    assert sorted(bar) == ["planned", "today"]


def test_team_overview_figures(crm: SimpleNamespace) -> None:
    yesterday = dt.date.today() - dt.timedelta(days=1)
    lead(crm, user_id=crm.sam.id, expected_revenue=1000)
    lead(crm, user_id=crm.sam.id, expected_revenue=500, date_deadline=yesterday)
    lead(crm, user_id=False, team_id=crm.europe.id, expected_revenue=250)
    won = lead(crm, user_id=crm.sam.id, expected_revenue=9999)
    won.action_set_won()
    europe = crm.env["crm.team"].browse(crm.europe.id)
    assert (europe.opportunities_count, europe.opportunities_amount) == (3, 1750)
    assert (europe.opportunities_overdue_count, europe.opportunities_overdue_amount) == (1, 500)
    assert europe.lead_unassigned_count == 1
    weeks = json.loads(europe.dashboard_graph_data)
    assert len(weeks) == 4 and weeks[-1]["count"] == 4
    assert europe.dashboard_graph.startswith("<svg") and ": 4" in europe.dashboard_graph
    figures = europe.dashboard_data()[europe.id]
    assert [f["key"] for f in figures] == ["crm.unassigned", "crm.open", "crm.overdue"]
    own = crm.env["crm.team"].with_user(crm.sam).browse(crm.europe.id)
    assert own.opportunities_count == 3  # Sam sees his and the unassigned ones
    action = europe.action_open_pipeline()
    assert action["context"]["default_team_id"] == europe.id


def test_new_opportunities_are_counted_in_the_users_weeks(crm: SimpleNamespace) -> None:
    """Monday 00:30 in Berlin is still Sunday in UTC: it counts in the Berlin user's week."""
    import sqlalchemy as sa
    today = dt.date(2026, 11, 26)                        # a Thursday
    first_monday = dt.date(2026, 11, 2)                  # the chart's first week
    early = lead(crm, user_id=False, team_id=crm.europe.id)
    crm.env.flush_all()
    crm.env.transaction.execute(sa.text("UPDATE crm_lead SET create_date = :moment "
                                        "WHERE id = :id"),
                                {"moment": dt.datetime(2026, 11, 1, 23, 30), "id": early.id})
    crm.env.invalidate_all()
    teams = crm.env["crm.team"].browse(crm.europe.id)
    berlin = teams.with_context(tz="Europe/Berlin")._new_per_week(today)[crm.europe.id]
    assert berlin[0]["week"] == first_monday.isoformat() and berlin[0]["count"] == 1
    utc = teams.with_context(tz="UTC")._new_per_week(today)[crm.europe.id]
    assert utc[0]["count"] == 0                          # Sunday 1 November in UTC
