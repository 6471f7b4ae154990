"""Nobody posts as someone else or where they may not post (issue 11, points 3 and 4).

The user ``own`` sees only their own tickets (and unassigned ones), like a salesperson
with "own documents" rights: they may post on their tickets, not on a colleague's, and
every message they create — through ``message_post`` or ``mail.message`` directly — is in
their own name. Bodies are limited in size.
"""

from __future__ import annotations

from typing import Any

import pytest

from core.exceptions import AccessError, MissingError, ValidationError
from core.mail import limits
from core.orm import SUPERUSER_ID
from core.orm.environment import Environment
from core.testing import new_user
from core.web.app import create_app
from tests.web.conftest import WebClient

ADMIN_ID = 2


@pytest.fixture
def tickets(mail_env: Any, users: dict) -> dict[str, Any]:
    model = mail_env["test_mail.ticket"]
    return {"mine": model.create({"name": "Mine", "user_id": users["own"].id}),
            "theirs": model.create({"name": "Theirs", "user_id": users["berlin"].id})}


def _messages(env: Any, user: Any) -> Any:
    return env["mail.message"].with_user(user)


def _count(ticket: Any) -> int:
    return ticket.env["mail.message"].sudo().search_count(
        [("model", "=", ticket._name), ("res_id", "=", ticket.id)])


def test_create_on_a_document_one_may_not_post_on_is_refused(mail_env: Any, users: dict,
                                                             tickets: dict) -> None:
    own, theirs = users["own"], tickets["theirs"]
    before = _count(theirs)
    with pytest.raises(AccessError):
        _messages(mail_env, own).create({"model": theirs._name, "res_id": theirs.id,
                                         "body": "<p>Injected</p>", "message_type": "comment"})
    with pytest.raises(AccessError):  # the document given as defaults of the context
        _messages(mail_env, own).with_context(
            default_model=theirs._name, default_res_id=theirs.id).create({"body": "x"})
    assert _count(theirs) == before


def test_create_in_another_name_is_refused(mail_env: Any, users: dict,
                                           tickets: dict) -> None:
    own, mine = users["own"], tickets["mine"]
    values = {"model": mine._name, "res_id": mine.id, "body": "<p>Hi</p>",
              "message_type": "comment"}
    with pytest.raises(AccessError, match="own name"):
        _messages(mail_env, own).create({**values, "author_id": ADMIN_ID})
    with pytest.raises(AccessError, match="own name"):
        _messages(mail_env, own).with_context(default_author_id=ADMIN_ID).create(values)
    message = _messages(mail_env, own).create(values)  # on one's own ticket: allowed
    assert message.sudo().author_id == own
    trusted = mail_env["mail.message"].create({**values, "author_id": ADMIN_ID})
    assert trusted.author_id.id == ADMIN_ID


def test_messages_belong_to_an_existing_document(mail_env: Any, users: dict) -> None:
    messages = _messages(mail_env, users["own"])
    with pytest.raises(AccessError):
        messages.create({"body": "<p>Nowhere</p>"})
    with pytest.raises(AccessError):
        messages.create({"model": "res.users", "res_id": ADMIN_ID, "body": "<p>x</p>"})
    with pytest.raises(MissingError):
        messages.create({"model": "test_mail.ticket", "res_id": 999999, "body": "<p>x</p>"})


def test_message_post_in_another_name_is_refused(mail_env: Any, users: dict,
                                                 tickets: dict) -> None:
    mine = tickets["mine"].with_user(users["own"])
    with pytest.raises(AccessError, match="own name"):
        mine.message_post(body="As the admin", author_id=ADMIN_ID)
    assert mine.message_post(body="As myself", author_id=users["own"].id).sudo().author_id == \
        users["own"]
    assert tickets["mine"].message_post(body="Trusted", author_id=ADMIN_ID).author_id.id == \
        ADMIN_ID


def test_authors_cannot_hand_their_message_to_someone_else(mail_env: Any, users: dict,
                                                           tickets: dict) -> None:
    own = users["own"]
    message = tickets["mine"].with_user(own).message_post(body="Mine",
                                                          message_type="comment")
    with pytest.raises(AccessError, match="author"):
        message.write({"author_id": ADMIN_ID})
    with pytest.raises(AccessError):  # moved into a colleague's chatter
        message.write({"res_id": tickets["theirs"].id})
    message.write({"body": "<p>Edited</p>"})  # editing one's own words stays possible
    assert (message.sudo().author_id, message.sudo().res_id) == (own, tickets["mine"].id)
    admin_message = message.with_user(ADMIN_ID)
    with pytest.raises(AccessError, match="author"):  # not even administrators forge
        admin_message.write({"author_id": SUPERUSER_ID})


def test_deleting_needs_the_right_to_write_the_document(mail_env: Any, users: dict,
                                                       tickets: dict) -> None:
    own, mine = users["own"], tickets["mine"]
    frozen = mine.with_user(own).message_post(body="Before the freeze",
                                              message_type="comment")
    kept = mine.with_user(own).message_post(body="Also mine", message_type="comment")
    mail_env["ir.rule"].create({  # a global rule: tickets named "Frozen" are read-only
        "name": "Frozen tickets", "model_id": mail_env.ref("test_mail.model_test_mail_ticket").id,
        "domain_force": "[('name', '!=', 'Frozen')]", "perm_read": False,
        "perm_create": False, "perm_unlink": False})
    mine.name = "Frozen"
    with pytest.raises(AccessError):
        frozen.unlink()
    assert frozen.sudo().exists()
    mine.name = "Thawed"
    kept.unlink()
    assert not kept.sudo().exists()


def test_followers_cannot_be_moved_to_a_document_one_may_not_write(
        mail_env: Any, users: dict, tickets: dict) -> None:
    own = users["own"]
    follower = mail_env["mail.followers"].with_user(own).search(
        [("res_model", "=", "test_mail.ticket"), ("res_id", "=", tickets["mine"].id),
         ("user_id", "=", own.id)])
    assert follower
    with pytest.raises(AccessError):
        follower.write({"res_id": tickets["theirs"].id})
    assert own not in tickets["theirs"].message_follower_ids.mapped("user_id")


def test_tracking_values_of_unreadable_documents_stay_hidden(mail_env: Any, users: dict,
                                                             tickets: dict) -> None:
    tickets["theirs"].write({"amount": 4711})
    tickets["mine"].write({"amount": 12})
    values = mail_env["mail.tracking.value"].with_user(users["own"])
    seen = values.search_read([("field_name", "=", "amount")], ["new_value_float"])
    assert [row["new_value_float"] for row in seen] == [12.0]
    hidden = mail_env["mail.tracking.value"].search(
        [("field_name", "=", "amount"), ("new_value_float", "=", 4711)])
    with pytest.raises(AccessError):
        hidden.with_user(users["own"]).read(["new_value_float"])


def test_message_bodies_are_limited(mail_env: Any, users: dict, tickets: dict) -> None:
    mine = tickets["mine"].with_user(users["own"])
    before = _count(mine)
    big = "x" * (limits.BODY_MAX_DEFAULT + 1)
    with pytest.raises(ValidationError, match="too long"):
        mine.message_post(body=big)
    with pytest.raises(ValidationError, match="too long"):
        _messages(mail_env, users["own"]).create({"model": mine._name, "res_id": mine.id,
                                                  "body": f"<p>{big}</p>"})
    with pytest.raises(ValidationError, match="too long"):  # trusted code is limited too
        tickets["mine"].message_post(body=big)
    assert _count(mine) == before
    message = mine.message_post(body="x" * 1000, message_type="comment")
    with pytest.raises(ValidationError, match="too long"):
        message.write({"body": f"<p>{big}</p>"})
    mail_env["ir.config_parameter"].set_param(limits.BODY_MAX_PARAM, "512")
    with pytest.raises(ValidationError, match="at most 1 KB"):
        mine.message_post(body="y" * 600)
    mail_env["ir.config_parameter"].set_param(limits.BODY_MAX_PARAM, "0")  # no limit
    assert mine.message_post(body=big)


@pytest.fixture(scope="module")
def web(databases: Any) -> Any:
    """A served ``test_mail`` database, a German user restricted to own tickets, a ticket."""
    registry = databases.fresh_registry(["test_mail"])
    with registry.transaction() as tx:
        env = Environment(tx, 1, {})
        user = new_user(env, "owner", groups=("base.group_user", "test_mail.group_ticket_own"),
                        lang="de_DE", password="owner-pw-12")
        ticket = env["test_mail.ticket"].create({"name": "Printer", "user_id": user.id})
        ticket_id = ticket.id
    client = WebClient(create_app(registry.url, databases.catalog))
    client.login("owner", "owner-pw-12")
    return registry, client, ticket_id


def test_the_chatter_route_refuses_huge_messages(web: Any) -> None:
    registry, client, ticket_id = web

    def count() -> int:
        with registry.transaction() as tx:
            return Environment(tx, 1, {})["mail.message"].search_count(
                [("model", "=", "test_mail.ticket"), ("res_id", "=", ticket_id)])
    before = count()
    typed = "<" * 300_000  # 300 KB typed, 1.2 MB once escaped as HTML
    url = f"/web/model/test_mail.ticket/form/{ticket_id}"
    for kind in ("note", "message"):
        response = client.post(f"/mail/chatter/test_mail.ticket/{ticket_id}/post",
                               {"body": typed, "kind": kind, "back": url})
        page = response.get_data(as_text=True)
        assert response.status_code == 422, page[:300]
        assert "Diese Nachricht ist zu lang" in page and len(page) < 100_000  # no echo
    assert count() == before
    response = client.post(f"/mail/chatter/test_mail.ticket/{ticket_id}/post",
                           {"body": "Short", "kind": "note", "back": url})
    assert response.status_code == 303 and count() == before + 1
