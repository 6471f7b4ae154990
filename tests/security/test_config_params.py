"""System parameters: for Settings administrators only; ``database.secret`` for nobody.

The attack of the review: a salesperson read ``database.secret`` with ``get_param``,
rewrote ``mail.smtp.host`` with ``set_param`` and forged signed links with the secret.
Each call here goes over XML-RPC, JSON-RPC and ``/web/dataset/call_kw``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import subprocess
import sys
from typing import Any

import pytest

from core.mail.mailer import transport_for
from core.testing import rollback_env
from core.web.app import create_app

from .wire import TRANSPORTS, SalesSite


@pytest.fixture(scope="module")
def sales_site(databases: Any) -> SalesSite:
    return SalesSite(databases)

PARAMS = "ir.config_parameter"


def _param(site: SalesSite, key: str) -> Any:
    return site.run(lambda env: env[PARAMS].get_param(key))


def _secret_id(site: SalesSite) -> int:
    return site.run(lambda env: env[PARAMS].search([("key", "=", "database.secret")]).id)


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_salesperson_neither_reads_nor_writes_parameters(sales_site: SalesSite,
                                                         transport: str) -> None:
    site = sales_site
    site.run(lambda env: env[PARAMS].set_param("mail.smtp.host", "smtp.good.example"))
    secret = _param(site, "database.secret")
    attempts = [
        ("get_param", ["database.secret"], {}),
        ("get_param", ["mail.smtp.host"], {}),
        ("set_param", ["mail.smtp.host", "smtp.evil.example"], {}),
        ("set_param", ["database.secret", "chosen-by-the-attacker"], {}),
        ("search_read", [[]], {"fields": ["key", "value"]}),
        ("search_count", [[("value", "=", secret)]], {}),
        ("read", [[_secret_id(site)], ["value"]], {}),
        ("read_group", [[], ["key"], ["key"]], {}),
        ("create", [{"key": "mail.smtp.port", "value": "2525"}], {}),
        ("write", [[_secret_id(site)], {"value": "x"}], {}),
        ("unlink", [[_secret_id(site)]], {}),
    ]
    for method, args, kwargs in attempts:
        outcome = site.call(transport, "sp_own", PARAMS, method, args, kwargs)
        assert outcome.error == "AccessError", (method, outcome)
        assert secret not in repr(outcome)
    assert _param(site, "mail.smtp.host") == "smtp.good.example"      # nothing changed
    assert _param(site, "database.secret") == secret
    assert _param(site, "mail.smtp.port") is False


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_database_secret_is_hidden_from_administrators(sales_site: SalesSite,
                                                       transport: str) -> None:
    site = sales_site
    secret, secret_id = _param(site, "database.secret"), _secret_id(site)

    def call(method: str, *args: Any, **kwargs: Any) -> Any:
        return site.call(transport, "admin", PARAMS, method, list(args), kwargs)

    for method, args in (("get_param", ["database.secret"]),
                         ("set_param", ["database.secret", "chosen-by-the-admin"]),
                         ("read", [[secret_id], ["key", "value"]]),
                         ("copy", [secret_id]),
                         ("write", [[secret_id], {"value": "x"}]),
                         ("unlink", [[secret_id]])):
        outcome = call(method, *args)
        assert outcome.error == "AccessError", (method, outcome)
        assert secret not in repr(outcome)
    everything = call("search_read", [], fields=["key", "value"]).result
    assert "database.secret" not in {row["key"] for row in everything}
    assert "database.uuid" in {row["key"] for row in everything}  # the others are listed
    assert call("search_count", [("value", "=", secret)]).result == 0    # no oracle
    assert call("search", [("key", "like", "database.secr")]).result == []
    groups = call("read_group", [], ["key"], ["key"]).result
    assert "database.secret" not in {group["key"] for group in groups}
    assert secret not in repr(call("name_search", "database").result)
    assert _param(site, "database.secret") == secret
    # the other parameters stay the administrators' (Odoo's Settings › System Parameters)
    assert call("set_param", "mail.default.from", "erp@example.com").error is None
    assert call("get_param", "mail.default.from").result == "erp@example.com"


def test_trusted_code_keeps_its_parameters(sales_site: SalesSite) -> None:
    """Mail settings are read as superuser by the code that sends, whoever sends."""
    site = sales_site
    site.run(lambda env: env[PARAMS].set_param("mail.smtp.host", "smtp.good.example"))
    with rollback_env(site.registry, site.uids["sp_own"]) as salesperson:
        transport = transport_for(salesperson)
        assert transport is not None and transport.host == "smtp.good.example"
        order = salesperson["sale.order"].create({
            "partner_id": salesperson["res.partner"].create({"name": "Param Customer"}).id})
        assert order.name.startswith("S")


def _anonymous_token(client: Any) -> tuple[str, str]:
    """(csrf token of the sign-in form, the csrf_nonce cookie it is bound to)."""
    page = client.get("/web/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page).group(1)
    cookie = client.get_cookie("csrf_nonce")
    return token, cookie.value


def _signed(secret: str, nonce: str) -> str:
    return hmac.new(secret.encode(), f"anonymous:{nonce}".encode(), hashlib.sha256).hexdigest()


def _erp(site: SalesSite, *args: str) -> subprocess.CompletedProcess:
    """The ``erp`` command on the site's database, as an operator runs it."""
    result = subprocess.run([sys.executable, "-m", "core.cli", "--db", site.registry.url,
                             *args], capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_a_changed_secret_takes_effect_at_once_in_every_worker(sales_site: SalesSite,
                                                              databases: Any) -> None:
    """Two applications on one database are two workers; the secret is rotated by
    superuser code in another process (``erp call --user __system__``); an administrator's
    ``erp call`` cannot read it."""
    from werkzeug.test import Client
    site = sales_site
    workers = [Client(create_app(site.registry.url, databases.catalog), use_cookies=True)
               for _worker in range(2)]
    old = _param(site, "database.secret")
    for worker in workers:                                   # both have cached the secret
        token, nonce = _anonymous_token(worker)
        assert token == _signed(old, nonce)
    by_admin = _erp(site, "call", PARAMS, "get_param", '"database.secret"')
    assert by_admin.returncode != 0 and old not in by_admin.stdout + by_admin.stderr
    rotated = _erp(site, "call", PARAMS, "set_param", '"database.secret"',
                   f'"rotated-{old}"', "--user", "__system__")      # another process
    assert rotated.returncode == 0, rotated.stderr
    for worker in workers:
        token, nonce = _anonymous_token(worker)
        assert token == _signed("rotated-" + old, nonce)
        response = worker.post("/web/login", data={"login": "sp_own", "password": "x",
                                                   "csrf_token": _signed(old, nonce)})
        assert response.status_code in (400, 403) and "csrf" in response.get_data(
            as_text=True).lower()                               # the old secret is dead
