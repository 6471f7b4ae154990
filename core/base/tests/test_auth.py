"""Passwords, sign-in, throttling, RPC credentials and API keys (committed, like requests)."""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from core.base import passwords
from core.exceptions import AccessDenied, AccessError, UserError, ValidationError
from core.orm.environment import Environment
from core.registry.registry import Registry
from core.testing import DatabaseFactory, new_user

PASSWORD = "correct horse battery"


class Db:
    """A database of its own: every call runs in a transaction committed at the end, or
    rolled back when it raises — as a request or an RPC call would."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    def run(self, function: Callable[[Environment], Any], uid: int = 1) -> Any:
        with self.registry.transaction() as tx:
            return function(Environment(tx, uid, {}))

    def login(self, login: str, password: str, address: str = "192.0.2.1") -> int:
        return self.run(lambda env: env["res.users"].authenticate(
            "", login, password, {"REMOTE_ADDR": address}))


@pytest.fixture(scope="module")
def db(databases: DatabaseFactory) -> Iterator[Db]:
    database = Db(databases.fresh_registry([]))
    database.run(lambda env: [new_user(env, login, password=PASSWORD) for login in (
        "alice", "bob", "carol", "dave", "erin", "frank")])
    database.run(lambda env: new_user(env, "mallory", password=PASSWORD, active=False))
    yield database


def uid_of(db: Db, login: str) -> int:
    return db.run(lambda env: env["res.users"].with_context(active_test=False).search(
        [("login", "=", login)]).id)


def test_password_is_stored_hashed_and_never_logged(db: Db, caplog: Any) -> None:
    caplog.set_level(logging.DEBUG)
    db.run(lambda env: new_user(env, "hashme", password="Pl4in-text-secret"))
    with pytest.raises(AccessDenied):
        db.login("hashme", "Wr0ng-text-secret")
    assert db.login("HashMe", "Pl4in-text-secret") == uid_of(db, "hashme")
    row = db.run(lambda env: env.transaction.execute(
        sa.select(env["res.users"]._table_obj).where(
            env["res.users"]._table_obj.c.login == "hashme")).one())
    assert "Pl4in-text-secret" not in repr(tuple(row))
    assert row.password_hash.startswith("scrypt$")
    assert "Pl4in-text-secret" not in caplog.text and "Wr0ng-text-secret" not in caplog.text
    read = db.run(lambda env: env["res.users"].browse(row.id).read(["password"]))
    assert read[0]["password"] == ""
    admin = db.run(lambda env: env.ref("base.user_admin").id)
    fields = db.run(lambda env: env["res.users"].browse(row.id).read(), uid=admin)[0]
    assert "password_hash" not in fields                 # internal: superuser code only
    with pytest.raises(AccessError):
        db.run(lambda env: env["res.users"].browse(row.id).read(["password_hash"]), uid=admin)


def test_failures_look_the_same_and_cost_the_same(db: Db, monkeypatch: Any) -> None:
    scrypt_calls: list[int] = []
    compared: list[int] = []
    real_scrypt, real_compare = hashlib.scrypt, hmac.compare_digest
    monkeypatch.setattr(passwords.hashlib, "scrypt",
                        lambda *a, **k: scrypt_calls.append(1) or real_scrypt(*a, **k))
    monkeypatch.setattr(passwords.hmac, "compare_digest",
                        lambda a, b: compared.append(1) or real_compare(a, b))
    messages = set()
    for login, password in (("bob", "wrong-password"), ("nobody", "wrong-password"),
                            ("mallory", PASSWORD)):
        scrypt_calls.clear()
        with pytest.raises(AccessDenied) as info:
            db.login(login, password, "192.0.2.77")
        messages.add(info.value.translate("en_US"))
        assert len(scrypt_calls) == 1         # unknown logins are hashed too
    assert messages == {"Access Denied"}
    assert compared                            # constant-time comparison of digests
    assert AccessDenied().translate("de_DE") == "Zugriff verweigert"


def test_throttling_per_login_and_address(db: Db) -> None:
    for _attempt in range(5):
        with pytest.raises(AccessDenied):
            db.login("carol", "nope-nope", "198.51.100.1")
    with pytest.raises(AccessDenied) as info:
        db.login("carol", PASSWORD, "198.51.100.1")           # cooling down at that address
    assert "Too many failed sign-in attempts" in str(info.value)
    assert "Zu viele" in info.value.translate("de_DE")
    assert db.login("dave", PASSWORD, "198.51.100.1") == uid_of(db, "dave")   # other login
    rows = db.run(lambda env: env["res.users.login.attempt"].search_read(
        [("login", "=", "carol")], ["remote_addr"]))
    assert len(rows) == 5                                       # kept although rolled back
    assert db.login("carol", PASSWORD, "198.51.100.2") == uid_of(db, "carol")  # elsewhere
    db.run(lambda env: env["res.users.login.attempt"].search([]).unlink())
    assert db.login("carol", PASSWORD, "198.51.100.1") == uid_of(db, "carol")


def test_rpc_credentials_password_or_api_key(db: Db) -> None:
    erin = uid_of(db, "erin")
    check: Callable[[str], int] = lambda secret: db.run(  # noqa: E731
        lambda env: env["res.users"]._check_credentials_uid(erin, secret))
    assert check(PASSWORD) == erin
    assert check(PASSWORD) == erin                                # remembered briefly
    with pytest.raises(AccessDenied):
        check("not-the-password")
    key = db.run(lambda env: env["res.users.apikeys"].make_key("CI", PASSWORD), uid=erin)
    assert len(key) == 40 and check(key) == erin
    assert db.login("erin", key) == erin                          # RPC login with a key
    with pytest.raises(AccessDenied):
        db.run(lambda env: env["res.users"].authenticate("", "erin", key,
                                                          {"interactive": True}))
    stored = db.run(lambda env: env.transaction.execute(
        env["res.users.apikeys"]._table_obj.select()).all())
    assert key not in repr(stored)                                 # only a digest is kept
    listed = db.run(lambda env: env["res.users.apikeys"].search_read([], ["name", "index"]),
                    uid=erin)
    assert [k["name"] for k in listed] == ["CI"] and "key" not in listed[0]
    db.run(lambda env: env["res.users.apikeys"].search([]).remove(), uid=erin)
    with pytest.raises(AccessDenied):
        check(key)                                                 # revoked at once
    with pytest.raises(AccessDenied):
        db.run(lambda env: env["res.users.apikeys"].make_key("x", "wrong"), uid=erin)


def test_api_keys_are_private_to_their_owner(db: Db) -> None:
    alice, bob = uid_of(db, "alice"), uid_of(db, "bob")
    db.run(lambda env: env["res.users.apikeys"].make_key("alice's", PASSWORD), uid=alice)
    assert db.run(lambda env: env["res.users.apikeys"].search([]).ids, uid=bob) == []
    key_id = db.run(lambda env: env["res.users.apikeys"].search([]).id)
    with pytest.raises(AccessError):
        db.run(lambda env: env["res.users.apikeys"].browse(key_id).unlink(), uid=bob)
    with pytest.raises(AccessError):
        db.run(lambda env: env["res.users.apikeys"].browse(key_id).remove(), uid=bob)
    with pytest.raises(AccessError):
        db.run(lambda env: env["res.users.apikeys"].create(
            {"name": "forged", "user_id": bob, "key": "sha256$00"}), uid=bob)
    admin = db.run(lambda env: env.ref("base.user_admin").id)
    db.run(lambda env: env["res.users.apikeys"].browse(key_id).unlink(), uid=admin)


def test_disabled_users_lose_their_credentials(db: Db) -> None:
    frank = uid_of(db, "frank")
    key = db.run(lambda env: env["res.users.apikeys"].make_key("k", PASSWORD), uid=frank)
    db.run(lambda env: env["res.users"]._check_credentials_uid(frank, key))
    db.run(lambda env: env["res.users"].browse(frank).write({"active": False}))
    for secret in (key, PASSWORD):
        with pytest.raises(AccessDenied):
            db.run(lambda env, s=secret: env["res.users"]._check_credentials_uid(frank, s))
    db.run(lambda env: env["res.users"].browse(frank).write({"active": True}))


def test_change_own_password_needs_the_old_one(db: Db) -> None:
    alice = uid_of(db, "alice")
    with pytest.raises(AccessDenied):
        db.run(lambda env: env["res.users"].change_password("wrong", "new-password-1"),
               uid=alice)
    with pytest.raises(ValidationError):
        db.run(lambda env: env["res.users"].change_password(PASSWORD, "short"), uid=alice)
    with pytest.raises(UserError):
        db.run(lambda env: env["res.users"].change_password(PASSWORD, ""), uid=alice)
    with pytest.raises(AccessError):                    # not by writing the field
        db.run(lambda env: env["res.users"].browse(alice).write({"password": "x" * 9}),
               uid=alice)
    db.run(lambda env: env["res.users"].change_password(PASSWORD, "new-password-1"),
           uid=alice)
    assert db.login("alice", "new-password-1") == alice
    admin = db.run(lambda env: env.ref("base.user_admin").id)
    db.run(lambda env: env["res.users"].browse(alice).write({"password": PASSWORD}),
           uid=admin)                                   # administrators reset it
    assert db.login("alice", PASSWORD) == alice
    bob = uid_of(db, "bob")
    with pytest.raises(AccessError):                    # others may not
        db.run(lambda env: env["res.users"].browse(alice).write({"password": "y" * 9}),
               uid=bob)


def test_public_user_cannot_sign_in(db: Db) -> None:
    public = db.run(lambda env: env.ref("base.public_user"))
    assert db.run(lambda env: env.ref("base.public_user").with_context(
        active_test=False).read(["active", "share"])[0]) == {
        "id": public.id, "active": False, "share": True}
    assert db.run(lambda env: env.ref("base.public_user").has_group("base.group_public"))
    with pytest.raises(AccessDenied):
        db.login("public", "")
