"""A served Sales database and the three ways a client calls it, in process.

``SalesSite`` is a committed database with the ``sale`` addon, a salesperson ("own
documents"), a second one and the administrator, served by the real application
(:func:`core.web.app.create_app`: every platform route). ``Wire`` speaks to it as a client
would, from one address:

    wire = site.wire(address="198.51.100.7")
    wire.execute("xmlrpc", uid, password, "ir.config_parameter", "get_param", ["k"])
    # -> Outcome(error="AccessError") or Outcome(result=...)

over ``/xmlrpc/2/object``, ``/jsonrpc`` or ``/web/dataset/call_kw`` (signed in through
``/web/session/authenticate`` first), so that one test covers the three transports;
``wire.web_login(login, password)`` fills the sign-in form as a browser does.
"""

from __future__ import annotations

import itertools
import json
import re
import xmlrpc.client
from dataclasses import dataclass
from typing import Any

from werkzeug.test import Client

from core.orm.environment import Environment
from core.testing import ADMIN_PASSWORD, DatabaseFactory, new_user
from core.web.app import create_app

PASSWORD = "sales-passw0rd-1"
TRANSPORTS = ("xmlrpc", "jsonrpc", "call_kw")
_addresses = itertools.count(1)


@dataclass
class Outcome:
    """What a call gave: a result, or the short name of the exception (``AccessError``)."""

    result: Any = None
    error: str | None = None
    message: str = ""


class Wire:
    """One client at one address (a werkzeug test client: cookies kept)."""

    def __init__(self, site: SalesSite, address: str | None = None) -> None:
        number = next(_addresses)
        self.site = site
        self.address = address or f"198.18.{number // 250}.{number % 250 + 1}"
        self.client = Client(site.app, use_cookies=True)

    def post(self, path: str, body: bytes, content_type: str) -> Any:
        return self.client.post(path, data=body, content_type=content_type,
                                headers={"Origin": "http://localhost"},
                                environ_base={"REMOTE_ADDR": self.address})

    # -- the three transports ---------------------------------------------------------------
    def xmlrpc(self, service: str, method: str, *params: Any) -> Outcome:
        body = xmlrpc.client.dumps(tuple(params), method, allow_none=True).encode()
        response = self.post(f"/xmlrpc/2/{service}", body, "text/xml")
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        try:
            (result,), _method = xmlrpc.client.loads(response.get_data())
        except xmlrpc.client.Fault as fault:
            names = {3: "AccessDenied", 4: "AccessError", 2: "UserError"}
            return Outcome(error=names.get(fault.faultCode, "Error"), message=fault.faultString)
        return Outcome(result=result)

    def json(self, path: str, params: dict[str, Any]) -> Outcome:
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params, "id": 1})
        response = self.post(path, body.encode(), "application/json")
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        answer = response.get_json()
        if "error" in answer:
            data = answer["error"]["data"]
            return Outcome(error=data["name"].rsplit(".", 1)[-1], message=data["message"])
        return Outcome(result=answer["result"])

    def jsonrpc(self, service: str, method: str, *params: Any) -> Outcome:
        return self.json("/jsonrpc", {"service": service, "method": method,
                                      "args": list(params)})

    def web_login(self, login: str, password: str, lang: str = "en") -> tuple[int, str]:
        """The sign-in form, as a browser fills it: (status, page text)."""
        page = self.client.get("/web/login", environ_base={"REMOTE_ADDR": self.address})
        token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.get_data(
            as_text=True)).group(1)
        response = self.client.post("/web/login", data={
            "login": login, "password": password, "csrf_token": token},
            headers={"Accept-Language": lang}, environ_base={"REMOTE_ADDR": self.address})
        return response.status_code, response.get_data(as_text=True)

    def sign_in(self, login: str, password: str) -> Outcome:
        """``/web/session/authenticate`` (the session cookie is kept)."""
        return self.json("/web/session/authenticate", {"db": self.site.db, "login": login,
                                                       "password": password})

    def execute(self, transport: str, login: str, password: str, model: str, method: str,
                args: list[Any], kwargs: dict[str, Any] | None = None) -> Outcome:
        """``model.method(*args, **kwargs)`` as ``login`` over ``transport``."""
        kwargs = kwargs or {}
        if transport == "call_kw":
            signed = self.sign_in(login, password)
            assert signed.error is None, signed
            return self.json(f"/web/dataset/call_kw/{model}/{method}", {
                "model": model, "method": method, "args": args, "kwargs": kwargs})
        uid = self.site.uids[login]
        call = (self.site.db, uid, password, model, method, args, kwargs)
        if transport == "xmlrpc":
            return self.xmlrpc("object", "execute_kw", *call)
        return self.jsonrpc("object", "execute_kw", *call)


class SalesSite:
    """A committed database with ``sale``, its users, and the application serving it."""

    def __init__(self, databases: DatabaseFactory) -> None:
        self.registry = databases.fresh_registry(["sale"])
        self.db = self.registry.db_name
        self.app = create_app(self.registry.url, databases.catalog)
        with self.registry.transaction() as tx:
            env = Environment(tx, 1, {})
            self.uids = {login: new_user(env, login, groups, password=PASSWORD).id
                         for login, groups in (
                             ("sp_own", ("sales_team.group_sale_salesman",)),
                             ("sp_other", ("sales_team.group_sale_salesman",)))}
            self.uids["admin"] = env.ref("base.user_admin").id
        self.passwords = {"sp_own": PASSWORD, "sp_other": PASSWORD, "admin": ADMIN_PASSWORD}

    def run(self, function: Any) -> Any:
        """``function(env)`` as superuser in a committed transaction."""
        with self.registry.transaction() as tx:
            return function(Environment(tx, 1, {}))

    def wire(self, address: str | None = None) -> Wire:
        return Wire(self, address)

    def call(self, transport: str, login: str, model: str, method: str, args: list[Any],
             kwargs: dict[str, Any] | None = None, address: str | None = None) -> Outcome:
        """One call as ``login`` (with the right password) from a new client."""
        return self.wire(address).execute(transport, login, self.passwords[login], model,
                                          method, args, kwargs)
