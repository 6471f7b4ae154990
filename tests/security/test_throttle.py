"""Sign-in throttling per (login, address): an attacker cools down only themselves.

The review's case: ten wrong passwords locked the login for every client — RPC calls with
the right password included — and everyone behind the attacker's address. Now failures
count per (login, address), the cooldown grows with each further failure, and a right
password from another address is never refused (web form, XML-RPC, JSON-RPC, web session).
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
import sqlalchemy as sa

from core.base.models import res_users_throttle as throttle
from core.web.app import create_app

from .wire import PASSWORD, SalesSite, Wire

ATTEMPTS = "res.users.login.attempt"


@pytest.fixture(scope="module")
def sales_site(databases: Any) -> SalesSite:
    return SalesSite(databases)


@pytest.fixture
def site(sales_site: SalesSite) -> SalesSite:
    sales_site.run(lambda env: env[ATTEMPTS].search([]).unlink())
    return sales_site


def _rows(site: SalesSite, **where: Any) -> int:
    domain = [(key, "=", value) for key, value in where.items()]
    return site.run(lambda env: env[ATTEMPTS].search_count(domain))


def _age(site: SalesSite, seconds: float) -> None:
    """Let time pass: every recorded failure becomes ``seconds`` older."""
    def shift(env: Any) -> None:
        table = env[ATTEMPTS]._table_obj
        for row in env.transaction.execute(sa.select(table.c.id, table.c.attempt_date)):
            env.transaction.execute(table.update().where(table.c.id == row.id).values(
                attempt_date=row.attempt_date - dt.timedelta(seconds=seconds)))
    site.run(shift)


def test_web_sign_in_cools_down_the_login_at_that_address_only(site: SalesSite) -> None:
    attacker = site.wire("203.0.113.5")
    for _attempt in range(throttle.THRESHOLD):
        assert attacker.web_login("sp_own", "guess-guess")[0] == 401
    status, page = attacker.web_login("sp_own", PASSWORD)        # even the right password
    assert status == 401 and "Too many failed sign-in attempts" in page
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in attacker.web_login(
        "sp_own", PASSWORD, lang="de")[1]
    assert site.wire("198.51.100.20").web_login("sp_own", PASSWORD)[0] == 303  # the owner
    assert site.wire("203.0.113.5").web_login("sp_other", PASSWORD)[0] == 303  # a colleague
    assert _rows(site, login="sp_own") == throttle.THRESHOLD     # refusals are not counted


def test_rpc_with_the_right_password_is_never_refused_from_elsewhere(site: SalesSite) -> None:
    attacker, client = site.wire("203.0.113.6"), site.wire("198.51.100.21")
    uid = site.uids["sp_own"]
    for _attempt in range(3):
        assert attacker.xmlrpc("common", "authenticate", site.db, "sp_own", "nope-nope",
                               {}).error == "AccessDenied"
        assert attacker.jsonrpc("common", "login", site.db, "sp_own", "nope-nope").result \
            is False
    refused = attacker.xmlrpc("common", "authenticate", site.db, "sp_own", PASSWORD, {})
    assert refused.error == "AccessDenied" and "Too many" in refused.message
    assert attacker.jsonrpc("common", "login", site.db, "sp_own", PASSWORD).result is False
    call = (site.db, uid, PASSWORD, "res.partner", "search_count", [[]])
    assert attacker.xmlrpc("object", "execute_kw", *call).error == "AccessDenied"
    # the owner's scripts, from their own address, go on working over every path
    assert client.xmlrpc("common", "authenticate", site.db, "sp_own", PASSWORD,
                         {}).result == uid
    assert client.jsonrpc("common", "login", site.db, "sp_own", PASSWORD).result == uid
    assert isinstance(client.xmlrpc("object", "execute_kw", *call).result, int)
    assert isinstance(client.jsonrpc("object", "execute_kw", *call).result, int)
    assert client.sign_in("sp_own", PASSWORD).result["uid"] == uid
    # wrong passwords on execute_kw count too, for that address
    other = site.wire("203.0.113.7")
    wrong = (site.db, uid, "nope-nope", "res.partner", "search_count", [[]])
    for _attempt in range(throttle.THRESHOLD):
        assert other.jsonrpc("object", "execute_kw", *wrong).error == "AccessDenied"
    assert "Too many" in other.jsonrpc("object", "execute_kw", *call).message
    assert isinstance(client.jsonrpc("object", "execute_kw", *call).result, int)


def test_the_cooldown_grows_with_each_further_failure(site: SalesSite) -> None:
    assert [throttle.cooldown(n) for n in (0, 4, 5, 6, 7)] == [
        dt.timedelta(0), dt.timedelta(0), dt.timedelta(minutes=1), dt.timedelta(minutes=2),
        dt.timedelta(minutes=4)]
    assert throttle.cooldown(40) == throttle.MAX_DELAY == dt.timedelta(hours=1)
    wire = site.wire("203.0.113.8")

    def attempt(password: str) -> str | None:
        return wire.xmlrpc("common", "authenticate", site.db, "sp_other", password,
                           {}).message or None

    for _attempt in range(throttle.THRESHOLD):
        attempt("nope-nope")
    assert "Too many" in attempt(PASSWORD) and "1 min" in attempt(PASSWORD)
    _age(site, 61)                                  # a minute later: one more guess...
    assert attempt("still-wrong") == "Access Denied"
    assert "2 min" in attempt(PASSWORD)             # ...costs two minutes
    _age(site, 61)
    assert "Too many" in attempt(PASSWORD)
    _age(site, 60)
    assert attempt(PASSWORD) is None                # then the right password gets in
    assert _rows(site, login="sp_other") == 0       # and that address starts afresh
    _age(site, 0)


def test_success_forgets_only_the_failures_from_its_own_address(site: SalesSite) -> None:
    attacker = site.wire("203.0.113.9")
    for _attempt in range(throttle.THRESHOLD):
        attacker.xmlrpc("common", "authenticate", site.db, "sp_own", "nope-nope", {})
    assert site.wire("198.51.100.22").xmlrpc("common", "authenticate", site.db, "sp_own",
                                             PASSWORD, {}).result == site.uids["sp_own"]
    assert "Too many" in attacker.xmlrpc("common", "authenticate", site.db, "sp_own",
                                         PASSWORD, {}).message


def test_the_table_stays_bounded(site: SalesSite, monkeypatch: Any) -> None:
    monkeypatch.setattr(throttle, "MAX_ROWS", 20)
    spray = site.wire("203.0.113.10")
    for number in range(30):                          # one address, many logins
        spray.jsonrpc("common", "login", site.db, f"nobody{number}", "guess")
    assert _rows(site) <= 20
    _age(site, throttle.KEEP.total_seconds() + 1)     # a day later
    spray.jsonrpc("common", "login", site.db, "nobody", "guess")
    assert _rows(site) == 1


def test_concurrent_workers_count_every_failure(site: SalesSite, databases: Any) -> None:
    """Two applications (workers) take wrong passwords for one pair at once: every
    failure is a row of its own, none is lost, and the pair is cooled down for both."""
    apps = [create_app(site.registry.url, databases.catalog) for _worker in range(2)]
    answers: list[str | None] = []
    lock = threading.Lock()

    def guess(app: Any) -> None:
        wire = Wire(site, "203.0.113.11")
        wire.client.application = app
        for _attempt in range(3):
            outcome = wire.xmlrpc("common", "authenticate", site.db, "sp_own", "nope", {})
            with lock:
                answers.append(outcome.message)

    threads = [threading.Thread(target=guess, args=(app,)) for app in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    denied = [a for a in answers if a == "Access Denied"]
    assert len(answers) == 6 and _rows(site, login="sp_own") == len(denied)
    assert len(denied) >= throttle.THRESHOLD
    for app in apps:
        wire = Wire(site, "203.0.113.11")
        wire.client.application = app
        assert "Too many" in wire.xmlrpc("common", "authenticate", site.db, "sp_own",
                                         PASSWORD, {}).message
