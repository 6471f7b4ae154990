"""Partners follow documents: subscribe, unsubscribe, one follower is a user or a partner,
and the chatter lists them with their e-mail."""

from __future__ import annotations

from typing import Any

import pytest

from core.exceptions import AccessError, ValidationError
from core.testing import new_user


@pytest.fixture
def env(make_env: Any) -> Any:
    return make_env(["contacts"])


@pytest.fixture
def company(env: Any) -> Any:
    return env["res.partner"].create({"name": "Azure Interior", "is_company": True})


@pytest.fixture
def anna(env: Any, company: Any) -> Any:
    return env["res.partner"].create({"name": "Anna Berg", "parent_id": company.id,
                                      "email": "Anna@Azure.example"})


def partner_followers(record: Any) -> Any:
    return record.message_follower_ids.filtered("partner_id")


def test_a_partner_follows_a_document_once(company: Any, anna: Any) -> None:
    company.message_subscribe(partner_ids=[anna.id])
    company.message_subscribe(partner_ids=[anna.id])
    follower = partner_followers(company)
    assert follower.partner_id == anna and not follower.user_id
    assert follower.name == "Azure Interior, Anna Berg"
    assert follower.email == "Anna@Azure.example"
    shown = [f for f in company.chatter_read()["followers"] if f["partner_id"]]
    assert shown == [{"id": follower.id, "user_id": False, "partner_id": anna.id,
                      "name": "Azure Interior, Anna Berg", "email": "Anna@Azure.example",
                      "initials": "AB"}]
    company.message_unsubscribe(partner_ids=[anna.id])
    assert not partner_followers(company)


def test_users_and_partners_follow_side_by_side(env: Any, company: Any, anna: Any) -> None:
    user = new_user(env, "paul")
    company.message_subscribe(user_ids=[user.id], partner_ids=[anna.id])
    followers = company.message_follower_ids
    assert user in followers.mapped("user_id") and anna in followers.mapped("partner_id")
    company.message_unsubscribe(user_ids=[user.id])
    assert partner_followers(company).partner_id == anna
    assert user not in company.message_follower_ids.mapped("user_id")


def test_a_follower_is_either_a_user_or_a_partner(env: Any, company: Any, anna: Any
                                                  ) -> None:
    followers = env["mail.followers"]
    document = {"res_model": "res.partner", "res_id": company.id}
    both = {**document, "user_id": env.uid, "partner_id": anna.id}
    for wrong in (both, document):
        with pytest.raises(ValidationError, match="either a user or a partner"), \
                env.transaction.savepoint():
            followers.create(wrong)
    followers.create({**document, "partner_id": anna.id})
    with pytest.raises(ValidationError), env.transaction.savepoint():
        followers.create({**document, "partner_id": anna.id})


def test_deleting_the_partner_deletes_what_they_followed(env: Any, company: Any,
                                                         anna: Any) -> None:
    company.message_subscribe(partner_ids=[anna.id])
    anna.unlink()
    assert not env["mail.followers"].search([("partner_id", "=", anna.id)])


def test_adding_a_partner_needs_write_access_on_the_document(env: Any, company: Any,
                                                             anna: Any) -> None:
    reader = new_user(env, "reader")  # internal user: reads contacts, does not change them
    with pytest.raises(AccessError):
        company.with_user(reader).message_subscribe(partner_ids=[anna.id])
    company.message_subscribe(partner_ids=[anna.id])
    with pytest.raises(AccessError):
        company.with_user(reader).message_unsubscribe(partner_ids=[anna.id])
    follower = partner_followers(company)
    with pytest.raises(AccessError):
        env["mail.followers"].with_user(reader).browse(follower.id).unlink()
    assert partner_followers(company).partner_id == anna
    company.with_user(reader).message_subscribe([reader.id])  # oneself: read is enough
