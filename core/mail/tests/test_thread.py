"""Messages, followers and tracked changes of a document with a chatter."""

from __future__ import annotations

from typing import Any

import pytest
from markupsafe import Markup

from core.exceptions import AccessError, UserError
from core.testing import count_queries


def test_creation_subscribes_creator_and_assigned_user(mail_env: Any, users: dict) -> None:
    ticket = mail_env["test_mail.ticket"].with_user(users["berlin"]).create(
        {"name": "Printer", "user_id": users["newyork"].id})
    followers = ticket.message_follower_ids.mapped("user_id")
    assert followers == users["berlin"] | users["newyork"]
    assert ticket.message_is_follower
    assert len(ticket.message_ids) == 1
    assert "Ticket angelegt" in ticket.message_ids.body  # in the author's language


def test_context_keys_switch_off_log_and_subscription(mail_env: Any, users: dict) -> None:
    tickets = mail_env["test_mail.ticket"].with_user(users["berlin"])
    quiet = tickets.with_context(mail_create_nolog=True, mail_create_nosubscribe=True).create(
        {"name": "Quiet"})
    assert not quiet.message_ids and not quiet.message_follower_ids
    silent = tickets.with_context(tracking_disable=True).create({"name": "Import"})
    silent.write({"name": "Renamed"})
    assert not silent.message_ids


def test_send_message_records_followers_as_recipients(mail_env: Any, users: dict) -> None:
    ticket = mail_env["test_mail.ticket"].with_user(users["berlin"]).create(
        {"name": "Printer", "user_id": users["newyork"].id})
    message = ticket.message_post(body="Please <b>check</b>", message_type="comment",
                                  subtype_xmlid="mail.mt_comment")
    assert message.recipient_ids == users["newyork"]  # the author is not notified
    assert not message.is_internal
    assert message.body == "Please &lt;b&gt;check&lt;/b&gt;"  # typed text is escaped
    notified = mail_env.transaction.memo["test_mail.notified"]
    assert notified == [(message.id, [users["newyork"].id])]


def test_log_note_notifies_only_mentions(mail_env: Any, users: dict) -> None:
    ticket = mail_env["test_mail.ticket"].with_user(users["berlin"]).create(
        {"name": "Printer", "user_id": users["newyork"].id})
    note = ticket.message_post(body=Markup("<p>internal</p>"))
    assert note.is_internal and not note.recipient_ids
    assert note.subtype_id == mail_env.ref("mail.mt_note")
    mention = ticket.message_post(body="fyi", user_ids=[users["own"].id])
    assert mention.recipient_ids == users["own"]
    assert ticket.message_ids[:2] == mention | note  # newest first


def test_tracking_writes_one_message_per_record_and_write(mail_env: Any, users: dict) -> None:
    tickets = mail_env["test_mail.ticket"].with_user(users["berlin"]).create(
        [{"name": "A", "amount": 10.5}, {"name": "B", "amount": 3}])
    tickets.write({"state": "done", "amount": 3, "user_id": users["newyork"].id})
    first, second = tickets
    message = first.message_ids[0]
    lines = [(t.field_name, t.field_desc, t.old_value_char, t.new_value_char)
             for t in message.tracking_value_ids]
    fields_ = mail_env["test_mail.ticket"]._fields

    def german(text: Any) -> str:
        return text.translate("de_DE")

    state_labels = dict(fields_["state"].selection)
    # in the author's language (German numbers), ordered by the tracking sequence
    assert lines == [
        ("amount", german(fields_["amount"].string), "10,50", "3,00"),
        ("state", german(fields_["state"].string), german(state_labels["new"]),
         german(state_labels["done"])),
        ("user_id", german(fields_["user_id"].string), "", "Newyork")]
    assert [t.field_name for t in second.message_ids[0].tracking_value_ids] == [
        "state", "user_id"]  # amount did not change on B
    assert users["newyork"] in first.message_follower_ids.mapped("user_id")


def test_tracking_is_one_read_and_two_inserts(mail_env: Any, users: dict) -> None:
    tickets = mail_env["test_mail.ticket"].create([{"name": f"T{i}"} for i in range(30)])
    mail_env.invalidate_all()
    tickets = tickets.browse(tickets.ids)
    counter = count_queries(mail_env)
    tickets.write({"state": "done"})
    assert counter() <= 12
    assert all(len(t.message_ids) == 2 for t in tickets)


def test_no_message_without_change(mail_env: Any) -> None:
    ticket = mail_env["test_mail.ticket"].create({"name": "Same", "amount": 2})
    ticket.write({"name": "Same", "amount": 2.0, "note": "untracked"})
    assert len(ticket.message_ids) == 1


def test_track_log_message_joins_the_tracking_message(mail_env: Any) -> None:
    ticket = mail_env["test_mail.ticket"].create({"name": "T"})
    ticket._track_set_log_message(Markup("<p>Closing words</p>"))
    ticket.write({"active": False})
    message = ticket.with_context(active_test=False).message_ids[0]
    assert "Closing words" in message.body
    assert message.tracking_value_ids.field_name == "active"
    assert ticket._track_pop_log_message() == {}


def test_unlink_removes_the_chatter(mail_env: Any, users: dict) -> None:
    ticket = mail_env["test_mail.ticket"].create({"name": "T", "user_id": users["berlin"].id})
    ticket.activity_schedule("mail.mail_activity_data_todo")
    ticket.message_post(body="x")
    ticket_id = ticket.id
    ticket.unlink()
    for model, column in (("mail.message", "model"), ("mail.followers", "res_model"),
                          ("mail.activity", "res_model")):
        assert not mail_env[model].search([(column, "=", "test_mail.ticket"),
                                           ("res_id", "=", ticket_id)])


def test_messages_follow_the_document_access(mail_env: Any, users: dict) -> None:
    tickets = mail_env["test_mail.ticket"]
    mine = tickets.create({"name": "Mine", "user_id": users["own"].id})
    other = tickets.create({"name": "Other", "user_id": users["berlin"].id})
    messages = mail_env["mail.message"].with_user(users["own"])
    visible = messages.search([("model", "=", "test_mail.ticket")])
    assert set(visible.mapped("res_id")) == {mine.id}
    hidden = other.message_ids.with_user(users["own"])
    with pytest.raises(AccessError):
        hidden.read(["body"])
    with pytest.raises(AccessError):
        other.with_user(users["own"]).message_post(body="intrusion")
    followers = mail_env["mail.followers"].with_user(users["own"]).search([])
    assert set(followers.mapped("res_id")) <= {mine.id}


def test_only_the_author_edits_a_message(mail_env: Any, users: dict) -> None:
    ticket = mail_env["test_mail.ticket"].create({"name": "T"})
    message = ticket.with_user(users["berlin"]).message_post(
        body="mine", message_type="comment", subtype_xmlid="mail.mt_comment")
    message.with_user(users["berlin"]).write({"body": "<p>edited</p>"})
    with pytest.raises(AccessError):
        message.with_user(users["newyork"]).write({"body": "<p>not mine</p>"})
    with pytest.raises(AccessError):
        message.with_user(users["newyork"]).unlink()


def test_subscribe_and_unsubscribe(mail_env: Any, users: dict) -> None:
    ticket = mail_env["test_mail.ticket"].with_context(mail_create_nosubscribe=True).create(
        {"name": "T"})
    as_berlin = ticket.with_user(users["berlin"])
    as_berlin.message_subscribe([users["berlin"].id])
    as_berlin.message_subscribe([users["berlin"].id])  # twice: still one follower
    assert ticket.message_follower_ids.mapped("user_id") == users["berlin"]
    assert ticket.search([("message_is_follower", "=", True)]) == ticket.browse()
    assert as_berlin.search([("message_is_follower", "=", True)]) == as_berlin
    as_berlin.message_unsubscribe([users["berlin"].id])
    assert not ticket.message_follower_ids
    with pytest.raises(UserError):
        ticket.message_subscribe(partner_ids=[1])


def test_unknown_arguments_are_refused(mail_env: Any) -> None:
    ticket = mail_env["test_mail.ticket"].create({"name": "T"})
    with pytest.raises(TypeError):
        ticket.message_post(body="x", attachments=[("a.txt", b"x")])
    with pytest.raises(UserError):
        ticket.message_post(body="x", subtype_xmlid="mail.no_such_subtype")


def test_chatter_read_is_a_fixed_number_of_queries(mail_env: Any, users: dict) -> None:
    ticket = mail_env["test_mail.ticket"].with_user(users["berlin"]).create(
        {"name": "T", "user_id": users["newyork"].id})
    for index in range(12):
        ticket.write({"amount": index + 1})
        ticket.message_post(body=f"note {index}")
    ticket.activity_schedule("mail.mail_activity_data_call", user_id=users["newyork"].id)
    mail_env.invalidate_all()
    counter = count_queries(mail_env)
    data = ticket.with_user(users["berlin"]).with_context(lang="de_DE").chatter_read(limit=20)
    assert counter() <= 30
    assert data["message_count"] == 25 and data["has_more"] and len(data["messages"]) == 20
    assert data["is_follower"] and data["can_write"]
    assert data["activities"][0]["type"] == "Anruf"
    assert data["activities"][0]["state"] == "planned"
    tracked = next(m for m in data["messages"] if m["tracking"])
    assert tracked["tracking"][0]["field"] == "Amount"
    assert {t["name"] for t in data["activity_types"]} >= {"E-Mail", "Anruf", "Zu erledigen"}


def test_contacts_as_recipients_need_the_contacts_app(mail_env: Any) -> None:
    ticket = mail_env["test_mail.ticket"].create({"name": "T"})
    with pytest.raises(UserError, match="once the Contacts app is installed"):
        ticket.message_post(body="x", message_type="comment",
                            subtype_xmlid="mail.mt_comment", partner_ids=[1])
    assert not ticket.message_ids.filtered(lambda m: m.message_type == "comment")
