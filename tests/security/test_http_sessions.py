"""Sign-in, sessions, CSRF and throttling through HTTP."""

from __future__ import annotations

import datetime as dt
from typing import Any

from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from core.base.models.res_users_session import token_digest
from core.orm.environment import Environment
from core.testing import count_queries
from core.web.app import RequestContext, Route

from .conftest import Browser, Site


def _session_rows(site: Site, uid: int) -> list[dict[str, Any]]:
    return site.run(lambda env: env["res.users.session"].search_read(
        [("user_id", "=", uid)], ["remote_addr", "user_agent", "context"]))


def _cookie(response: Any, name: str = "session_id") -> str:
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(name + "="))


def test_sign_in_opens_a_server_side_session(site: Site) -> None:
    browser = site.browser()
    assert browser.get("/test_access/whoami").status_code == 303
    response = browser.login("WEB_OWN")                       # logins ignore case
    assert response.status_code == 200
    cookie = _cookie(response)
    token = cookie.split(";")[0].split("=", 1)[1]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert browser.get("/test_access/whoami").get_json()["uid"] == site.uids["own"]
    stored = site.run(lambda env: env["res.users.session"]._lookup(token))
    assert stored is not None and stored["uid"] == site.uids["own"]
    dump = site.run(lambda env: env.transaction.execute(
        env["res.users.session"]._table_obj.select()).all())
    assert token not in repr(dump)                             # only its hash is stored
    assert _session_rows(site, site.uids["own"])[0]["remote_addr"] == browser.address


def test_secure_cookie_over_https_only(site: Site) -> None:
    browser = site.browser()
    response = browser.login("web_own", base_url="https://erp.example.com/")
    assert "Secure" in _cookie(response)
    forwarded = site.browser(HTTP_X_FORWARDED_PROTO="https")
    assert "Secure" not in _cookie(forwarded.login("web_own"))   # not behind a proxy
    proxied = browser_for(site, proxy_mode=True, HTTP_X_FORWARDED_PROTO="https",
                          HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert "Secure" in _cookie(proxied.login("web_all"))
    rows = _session_rows(site, site.uids["all"])
    assert "203.0.113.9" in [r["remote_addr"] for r in rows]


def browser_for(site: Site, **options: Any) -> Browser:
    """A browser of an application built with ``options`` (``proxy_mode``...)."""
    environ = {k: options.pop(k) for k in list(options) if k.startswith("HTTP_")}
    return Browser(site.make_app(site.databases, **options), **environ)


def test_wrong_password_unknown_login_and_archived_user_look_the_same(site: Site) -> None:
    answers = []
    for login, password in (("web_own", "wrong-password"), ("nobody-here", "whatever-pw"),
                            ("web_archived", "s3cret-passw0rd")):
        browser = site.browser()
        response = browser.login(login, password, headers={"Accept-Language": "de-DE"})
        answers.append((response.status_code, response.get_data(as_text=True)))
        assert browser.get("/test_access/whoami").status_code == 303
    assert {status for status, _page in answers} == {403}
    assert all("Zugriff verweigert" in page for _status, page in answers)
    assert len({page for _status, page in answers}) == 1


def test_throttling_per_login_and_address(site: Site) -> None:
    attacker = site.browser()
    for _attempt in range(5):
        assert attacker.login("web_manager", "guess-guess").status_code == 403
    blocked = attacker.login("web_manager")                       # even the right password
    assert blocked.status_code == 403
    assert "Too many failed sign-in attempts" in blocked.get_data(as_text=True)
    german = attacker.login("web_manager", headers={"Accept-Language": "de"})
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in german.get_data(as_text=True)
    assert attacker.login("web_all").status_code == 200          # others at that address
    assert site.browser().login("web_manager").status_code == 200   # the owner elsewhere
    site.run(lambda env: env["res.users.login.attempt"].search([]).unlink())
    assert attacker.login("web_manager").status_code == 200       # after the cooldown


def test_forged_post_without_csrf_token_is_rejected(site: Site) -> None:
    browser = site.browser()
    browser.login("web_manager")
    doc = site.run(lambda env: env["test.access.document"].create({"name": "csrf"}).id)
    for headers in ({}, {"X-CSRF-Token": "forged"}):
        response = browser.post("/test_access/call", headers=headers, json={
            "method": "write", "ids": [doc], "args": [{"amount": 99}]})
        assert response.status_code == 400
    assert site.run(lambda env: env["test.access.document"].browse(doc).amount) == 0
    ok = browser.post("/test_access/call", headers={"X-CSRFToken": browser.token}, json={
        "method": "write", "ids": [doc], "args": [{"amount": 7}]})
    assert ok.status_code == 200
    anonymous = site.browser()                                    # sign-in form needs it too
    response = anonymous.post("/test_access/login", data={"login": "web_own",
                                                         "password": "s3cret-passw0rd"})
    assert response.status_code == 400


def test_session_is_gone_after_logout(site: Site) -> None:
    browser = site.browser()
    response = browser.login("web_all")
    token = _cookie(response).split(";")[0].split("=", 1)[1]
    assert browser.logout().status_code == 200
    assert site.run(lambda env: env["res.users.session"]._lookup(token)) is None
    assert browser.get("/test_access/whoami").status_code == 303
    replay = site.browser()
    replay.client.set_cookie("session_id", token)
    assert replay.get("/test_access/whoami").status_code == 303   # the old cookie is dead


def test_expired_sessions_send_back_to_the_login_page(site: Site) -> None:
    browser = site.browser()
    response = browser.login("web_all")
    token = _cookie(response).split(";")[0].split("=", 1)[1]
    digest = token_digest(token)

    def age(env: Any, **values: Any) -> None:
        table = env["res.users.session"]._table_obj
        env.transaction.execute(table.update().where(table.c.token_hash == digest)
                                .values(**values))
    site.run(lambda env: age(env, last_activity=dt.datetime(2000, 1, 1)))
    response = browser.get("/test_access/whoami?x=1")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/web/login?redirect=")
    assert site.run(lambda env: env["res.users.session"]._lookup(token)) is None
    browser.login("web_all")
    again = _cookie(browser.login("web_all")).split(";")[0].split("=", 1)[1]
    site.run(lambda env: env.transaction.execute(
        env["res.users.session"]._table_obj.update()
        .where(env["res.users.session"]._table_obj.c.token_hash == token_digest(again))
        .values(expiration=dt.datetime(2000, 1, 1))))
    assert browser.get("/test_access/whoami").status_code == 303


def test_language_of_the_session_follows_the_user(site: Site) -> None:
    browser = site.browser()
    browser.login("web_german")
    assert browser.get("/test_access/whoami").get_json()["lang"] == "de_DE"
    denied = browser.call("unlink", [1])
    assert denied.status_code == 403 and "löschen" in denied.get_data(as_text=True)


def test_load_costs_one_query(site: Site) -> None:
    browser = site.browser()
    token = _cookie(browser.login("web_own")).split(";")[0].split("=", 1)[1]
    app = browser.client.application
    request = Request(EnvironBuilder(path="/", headers={"Cookie": f"session_id={token}"})
                      .get_environ())
    with site.registry.transaction() as tx:
        ctx = RequestContext(app, request, Route(lambda c: None), {}, site.registry, tx)
        queries = count_queries(Environment(tx, 1, {}))
        app.session_store.load(ctx)
        assert ctx.uid == site.uids["own"] and queries() == 1
        assert ctx.session.context["lang"] == "en_US"
        assert app.session_store.csrf_token(ctx) == ctx.session.csrf_token()
