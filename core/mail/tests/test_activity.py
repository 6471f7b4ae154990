"""Activities: types and delays, states in the assignee's time zone, done/cancel/snooze."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from core.exceptions import AccessError, UserError
from core.mail import dates

# 22:30 UTC on 5 May: already 6 May in Berlin (00:30), still 5 May in New York (18:30).
NIGHT = dt.datetime(2024, 5, 5, 22, 30)
MAY5, MAY6, MAY7 = dt.date(2024, 5, 5), dt.date(2024, 5, 6), dt.date(2024, 5, 7)


def _ticket(env: Any, **values: Any) -> Any:
    return env["test_mail.ticket"].create({"name": "T", **values})


def test_shipped_types_and_default_delays(mail_env: Any) -> None:
    types = mail_env["mail.activity.type"].search([])
    delays = {t.name: (t.delay_count, t.delay_unit, t.icon) for t in types}
    assert delays == {"Email": (0, "days", "fa-envelope"), "Call": (2, "days", "fa-phone"),
                      "Meeting": (0, "days", "fa-users"), "To-Do": (5, "days", "fa-tasks"),
                      "Upload Document": (5, "days", "fa-upload")}
    german = types.with_context(lang="de_DE").mapped("name")
    assert german == ["E-Mail", "Anruf", "Meeting", "Zu erledigen", "Dokument hochladen"]
    upload = mail_env.ref("mail.mail_activity_data_upload_document")
    assert upload.category == "upload_file"


@pytest.mark.parametrize(("unit", "count", "expected"), [
    ("days", 2, dt.date(2024, 1, 31)), ("weeks", 1, dt.date(2024, 2, 5)),
    ("months", 1, dt.date(2024, 2, 29)), ("months", 13, dt.date(2025, 2, 28)),
])
def test_add_delay(unit: str, count: int, expected: dt.date) -> None:
    start = dt.date(2024, 1, 29) if unit != "months" else dt.date(2024, 1, 31)
    assert dates.add_delay(start, count, unit) == expected


def test_states_around_midnight_in_two_time_zones(mail_env: Any, users: dict,
                                                  clock: Any) -> None:
    clock(NIGHT)
    ticket = _ticket(mail_env)
    states = {}
    for who in ("berlin", "newyork"):
        for deadline in (MAY5, MAY6, MAY7):
            activity = ticket.activity_schedule("mail.mail_activity_data_todo",
                                                date_deadline=deadline,
                                                user_id=users[who].id)
            states[who, deadline.day] = activity.state
    assert states == {("berlin", 5): "overdue", ("berlin", 6): "today",
                      ("berlin", 7): "planned", ("newyork", 5): "today",
                      ("newyork", 6): "planned", ("newyork", 7): "planned"}
    clock(NIGHT - dt.timedelta(hours=1))  # 21:30 UTC: 23:30 in Berlin, 5 May everywhere
    activities = mail_env["mail.activity"].search([("res_id", "=", ticket.id)])
    mail_env.invalidate_all()
    assert sorted(activities.filtered(lambda a: a.state == "overdue").ids) == []


def test_record_state_is_the_most_urgent_and_searchable(mail_env: Any, users: dict,
                                                        clock: Any) -> None:
    clock(NIGHT)
    late, today, future, idle = (_ticket(mail_env, name=n) for n in ("L", "T", "F", "I"))
    late.activity_schedule(date_deadline=MAY7, user_id=users["berlin"].id)
    late.activity_schedule(date_deadline=MAY5, user_id=users["berlin"].id)
    today.activity_schedule(date_deadline=MAY5, user_id=users["newyork"].id)
    future.activity_schedule(date_deadline=MAY6, user_id=users["newyork"].id)
    assert (late.activity_state, today.activity_state, future.activity_state,
            idle.activity_state) == ("overdue", "today", "planned", False)
    assert late.activity_date_deadline == MAY5 and late.activity_user_id == users["berlin"]
    tickets = mail_env["test_mail.ticket"]
    assert tickets.search([("activity_state", "=", "overdue")]) == late
    assert tickets.search([("activity_state", "in", ["today", "planned"])]) == today | future
    assert tickets.search([("activity_state", "=", False)]) == idle
    assert tickets.search([("activity_state", "!=", "overdue")]) == today | future | idle
    assert tickets.search([("activity_ids", "!=", False)]) == late | today | future
    assert tickets.search([("activity_user_id", "=", users["newyork"].id)]) == today | future
    assert tickets.search([("activity_date_deadline", "<", MAY6)]) == late | today
    call = mail_env.ref("mail.mail_activity_data_call")
    assert not tickets.search([("activity_type_id", "=", call.id)])


def test_my_deadline_is_searchable_and_sortable(mail_env: Any, users: dict) -> None:
    first, second, third = (_ticket(mail_env, name=n) for n in "ABC")
    berlin = users["berlin"]
    second.activity_schedule(date_deadline=MAY5, user_id=berlin.id)
    first.activity_schedule(date_deadline=MAY7, user_id=berlin.id)
    first.activity_schedule(date_deadline=MAY5 - dt.timedelta(days=9),
                            user_id=users["newyork"].id)
    tickets = mail_env["test_mail.ticket"].with_user(berlin)
    ordered = tickets.search([("id", "in", (first | second | third).ids)],
                             order="my_activity_date_deadline, id")
    assert ordered.ids == [second.id, first.id, third.id]  # without one: last
    assert tickets.browse(first.id).my_activity_date_deadline == MAY7
    assert tickets.search([("my_activity_date_deadline", "<=", MAY6)]).ids == [second.id]
    desc = tickets.search([("my_activity_date_deadline", "!=", False)],
                          order="my_activity_date_deadline desc")
    assert desc.ids == [first.id, second.id]
    assert tickets.fields_get(["my_activity_date_deadline"])[
        "my_activity_date_deadline"]["sortable"]


def test_default_deadline_follows_the_type(mail_env: Any, users: dict, clock: Any) -> None:
    clock(NIGHT)
    ticket = _ticket(mail_env).with_user(users["berlin"])
    call = ticket.activity_schedule("mail.mail_activity_data_call")
    assert call.date_deadline == MAY6 + dt.timedelta(days=2)  # Berlin's today + 2 days
    assert call.user_id == users["berlin"]
    todo = mail_env["mail.activity"].with_user(users["berlin"]).create({
        "res_model": "test_mail.ticket", "res_id": ticket.id,
        "activity_type_id": mail_env.ref("mail.mail_activity_data_todo").id})
    assert todo.date_deadline == MAY6 + dt.timedelta(days=5)
    result = mail_env["mail.activity"].with_user(users["berlin"]).onchange(
        {"activity_type_id": mail_env.ref("mail.mail_activity_data_call").id},
        ["activity_type_id"], ["date_deadline"])
    assert result["value"]["date_deadline"] == "2024-05-08"


def test_mark_done_posts_feedback_and_deletes(mail_env: Any, users: dict) -> None:
    ticket = _ticket(mail_env)
    activity = ticket.activity_schedule("mail.mail_activity_data_call", summary="Discuss",
                                        note="<p>Bring the offer</p>",
                                        user_id=users["berlin"].id)
    assert users["berlin"] in ticket.message_follower_ids.mapped("user_id")
    [message_id] = activity.with_user(users["newyork"]).action_done(feedback="Went well")
    message = mail_env["mail.message"].browse(message_id)
    assert not activity.exists()
    assert message.subtype_id == mail_env.ref("mail.mt_activities")
    assert message.mail_activity_type_id == mail_env.ref("mail.mail_activity_data_call")
    assert message.author_id == users["newyork"]
    for text in ("Call: Discuss", "Bring the offer", "Went well", "Berlin"):
        assert text in message.body
    assert message in ticket.message_ids


def test_cancel_leaves_no_trace_and_snooze_moves_the_deadline(mail_env: Any, users: dict,
                                                              clock: Any) -> None:
    clock(NIGHT)
    ticket = _ticket(mail_env)
    messages = len(ticket.message_ids)
    activity = ticket.activity_schedule(date_deadline=MAY5, user_id=users["newyork"].id)
    activity.action_snooze()
    assert activity.date_deadline == MAY5 + dt.timedelta(days=7)  # New York: today is 5 May
    overdue = ticket.activity_schedule(date_deadline=dt.date(2024, 4, 1),
                                       user_id=users["newyork"].id)
    ticket.with_user(users["newyork"]).action_snooze(days=3)  # my next activity
    assert overdue.date_deadline == MAY5 + dt.timedelta(days=3)
    (activity | overdue).unlink()
    assert not ticket.activity_ids and len(ticket.message_ids) == messages


def test_assignee_must_read_the_document(mail_env: Any, users: dict) -> None:
    hidden = _ticket(mail_env, user_id=users["berlin"].id)  # "own" users cannot read it
    with pytest.raises(UserError, match="has no access to the document"):
        hidden.activity_schedule(user_id=users["own"].id)
    visible = _ticket(mail_env)
    activity = visible.activity_schedule(user_id=users["own"].id)
    with pytest.raises(UserError):
        activity.write({"res_id": hidden.id})


def test_activities_follow_the_document_access(mail_env: Any, users: dict) -> None:
    own = users["own"]
    mine = _ticket(mail_env, user_id=own.id)
    other = _ticket(mail_env, user_id=users["berlin"].id)
    mine.activity_schedule(user_id=own.id)
    theirs = other.activity_schedule(user_id=users["berlin"].id)
    visible = mail_env["mail.activity"].with_user(own).search([])
    assert set(visible.mapped("res_id")) == {mine.id}
    with pytest.raises(AccessError):
        theirs.with_user(own).read(["summary"])
    with pytest.raises(AccessError):
        theirs.with_user(own).unlink()
    with pytest.raises(AccessError):
        other.with_user(own).activity_schedule(user_id=own.id)


def test_progress_bar_counts_states_per_group_in_sql(mail_env: Any, users: dict,
                                                     clock: Any) -> None:
    clock(NIGHT)
    tickets = {n: _ticket(mail_env, name=n, state=s) for n, s in
               (("a", "new"), ("b", "new"), ("c", "new"), ("d", "done"))}
    tickets["a"].activity_schedule(date_deadline=MAY5, user_id=users["berlin"].id)  # overdue
    tickets["b"].activity_schedule(date_deadline=MAY5, user_id=users["newyork"].id)  # today
    tickets["d"].activity_schedule(date_deadline=MAY7, user_id=users["berlin"].id)  # planned
    domain = [("id", "in", [t.id for t in tickets.values()])]
    counts = mail_env["test_mail.ticket"].read_progress_bar(domain, "state", "activity_state")
    assert counts == {"new": {"overdue": 1, "today": 1, False: 1}, "done": {"planned": 1}}
    expected: dict = {}
    for ticket in tickets.values():
        bucket = expected.setdefault(ticket.state, {})
        bucket[ticket.activity_state] = bucket.get(ticket.activity_state, 0) + 1
    assert counts == expected  # the same as the records' own computed states
