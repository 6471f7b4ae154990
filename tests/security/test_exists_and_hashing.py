"""``exists()`` is no oracle, and password hashes cost what current guidance asks (issue 11,
point 13).

``exists()`` is callable over RPC: for a user it answers only with records they may read
(rights and read rules), so that it does not confirm the ids of hidden ones; ORM internals
that need the database's answer use ``_existing()``. New password hashes use scrypt with
N = 2**17 (the test suite lowers it through ``ERP_SCRYPT_N``); a hash of a lower cost is
replaced at the next successful sign-in, over the web or RPC.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa

from core.base import passwords
from core.exceptions import AccessError
from core.testing import new_user

SELLER = ("base.group_user", "sales_team.group_sale_salesman")
PASSWORD = "Upgrade-me-2024"


@pytest.fixture
def world(make_env: Callable[..., Any]) -> SimpleNamespace:
    env = make_env(["test_access"])
    seller = new_user(env, "exists_seller", SELLER, password=PASSWORD)
    other = new_user(env, "exists_other", SELLER)
    docs = env["test.access.document"]
    mine = docs.create({"name": "mine", "user_id": seller.id})
    hidden = docs.create({"name": "hidden", "user_id": other.id})
    gone = docs.create({"name": "gone"})
    gone_id = gone.id
    gone.unlink()
    return SimpleNamespace(env=env, seller=env(user=seller.id), uid=seller.id, mine=mine,
                           hidden=hidden, gone_id=gone_id)


def test_exists_does_not_confirm_hidden_records(world: SimpleNamespace) -> None:
    docs = world.seller["test.access.document"]
    asked = docs.browse([world.mine.id, world.hidden.id, world.gone_id])
    assert asked.exists().ids == [world.mine.id]            # hidden looks like deleted
    assert asked.sudo().exists().ids == [world.mine.id, world.hidden.id]
    assert asked._existing().ids == [world.mine.id, world.hidden.id]
    with pytest.raises(AccessError):                         # no right to read the model
        world.seller["test.access.secret"].browse([1]).exists()


def test_internals_still_see_hidden_records(world: SimpleNamespace) -> None:
    """Deleting a hidden record is refused, not silently skipped; links keep their
    targets; the RPC-callable ``exists`` answers like ``search``."""
    docs = world.seller["test.access.document"]
    with pytest.raises(AccessError):
        docs.browse(world.hidden.id).unlink()
    from core.rpc.call_kw import call_kw
    assert call_kw(docs, "exists", [[world.mine.id, world.hidden.id]], {}) == [world.mine.id]
    assert world.hidden.exists()                             # superuser: untouched


def test_new_hashes_cost_two_to_the_seventeen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(passwords.COST_VARIABLE, raising=False)
    assert passwords.scrypt_n() == 2**17 == passwords.SCRYPT_N
    stored = passwords.hash_password("correct horse")
    assert stored.startswith("scrypt$131072$8$1$")
    assert passwords.verify_password("correct horse", stored)
    assert not passwords.verify_password("wrong horse", stored)
    assert not passwords.needs_rehash(stored)
    old = stored.replace("scrypt$131072$", "scrypt$16384$")  # as hashes were made before
    assert passwords.needs_rehash(old)
    monkeypatch.setenv(passwords.COST_VARIABLE, "12345")
    with pytest.raises(ValueError, match="power of two"):
        passwords.scrypt_n()


def _stored_hash(env: Any, uid: int) -> str:
    users = env["res.users"]._table_obj
    return env.transaction.execute(
        sa.select(users.c.password_hash).where(users.c.id == uid)).scalar_one()


@pytest.mark.parametrize("entry", ["sign-in", "rpc"])
def test_lower_cost_hashes_are_upgraded_at_the_next_sign_in(
        world: SimpleNamespace, monkeypatch: pytest.MonkeyPatch, entry: str) -> None:
    env, uid = world.env, world.uid
    monkeypatch.setenv(passwords.COST_VARIABLE, str(2**10))
    users = env["res.users"]._table_obj
    env.transaction.execute(users.update().where(users.c.id == uid).values(
        password_hash=passwords.hash_password(PASSWORD)))
    assert _stored_hash(env, uid).startswith("scrypt$1024$")
    sessions = env["res.users.session"].sudo()
    monkeypatch.setenv(passwords.COST_VARIABLE, str(2**11))   # the cost has gone up
    before = sessions.search_count([("user_id", "=", uid)])
    if entry == "sign-in":
        assert env["res.users"].authenticate("", "exists_seller", PASSWORD) == uid
    else:
        assert env["res.users"]._check_credentials_uid(uid, PASSWORD) == uid
    upgraded = _stored_hash(env, uid)
    assert upgraded.startswith("scrypt$2048$8$1$")
    assert passwords.verify_password(PASSWORD, upgraded)
    assert sessions.search_count([("user_id", "=", uid)]) == before   # nobody signed out
    env["res.users"].authenticate("", "exists_seller", PASSWORD)
    assert _stored_hash(env, uid) == upgraded                # once only
    key = env(user=uid)["res.users.apikeys"]._generate("rpc", "script")
    monkeypatch.setenv(passwords.COST_VARIABLE, str(2**12))
    assert env["res.users"]._login("exists_seller", key, {}) == uid
    assert _stored_hash(env, uid) == upgraded                # an API key is no password
