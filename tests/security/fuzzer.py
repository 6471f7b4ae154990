"""A seeded fuzzer for a running ``erp serve``: RPC calls and web pages with junk input.

It signs in as a salesperson and sends ``calls`` requests spread over four channels::

    xmlrpc    /xmlrpc/2/object execute_kw       (uid + password in every call)
    jsonrpc   /jsonrpc object.execute_kw
    call_kw   /web/dataset/call_kw/<model>/<method>   (the web session's cookie)
    web       GET pages with junk query parameters; POST form saves with junk values
              (web_save) and junk to the other form endpoints: mass operations,
              many2one lookups, onchange, chatter activities, preferences (web_post)

Every answer is classified: its HTTP status, and for RPC whether the error is one a client
may expect (UserError and its kin, a bad-argument builtin) or an internal one (the
generic "unexpected error" text). :class:`Report` counts them; ``problems`` lists every
answer ≥ 500 and every internal RPC error with the request that caused it, so that a failing
run says what to fix. The engine is shared by ``tests/security/test_fuzz.py`` (a few
hundred calls) and ``bench/fuzz_bench.py`` (10,000).
"""

from __future__ import annotations

import http.client
import json
import random
import re
import time
import xmlrpc.client
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from tests.security import fuzz_values as junk
from tests.web.forms import form_inputs

MODELS = ("crm.lead", "res.partner", "sale.order", "sale.order.line", "crm.tag",
          "crm.stage", "crm.team", "res.users", "mail.activity", "mail.message",
          "product.product", "res.company", "no.such.model", "", "crm.lead\x00")
WEB_MODELS = ("crm.lead", "res.partner", "sale.order", "res.users", "crm.tag",
              "mail.activity", "product.product")
VIEW_TYPES = ("list", "kanban", "form", "pivot", "graph", "activity", "calendar", "bogus")
QUERY_KEYS = ("o", "g", "f", "s", "p", "id", "domain", "dom", "view_type", "limit",
              "offset", "ctx", "vm", "bc", "from", "fav", "sd", "title", "oc")
EXPECTED_RPC = re.compile(r"^(odoo\.exceptions\.\w+|builtins\.(ValueError|TypeError|KeyError|"
                          r"AttributeError|NameError|NotImplementedError|OverflowError|"
                          r"Exception)|werkzeug\.exceptions\.\w+|psycopg2\.OperationalError)$")
EXPECTED_FAULTS = frozenset({"ValueError", "TypeError", "KeyError", "AttributeError",
                             "NameError", "NotImplementedError", "OverflowError",
                             "MethodNotFound", "DatabaseNotFound"})
TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]*)">')
FORM_LINK = re.compile(r'href="(/web/action/\d+/form/\d+)')


@dataclass
class Report:
    """What a run did: counts by channel and status, the problems and the time taken."""

    calls: int = 0
    seconds: float = 0.0
    by_status: Counter = field(default_factory=Counter)
    by_channel: Counter = field(default_factory=Counter)
    by_channel_status: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def add(self, channel: str, status: int, problem: str | None, request: str) -> None:
        self.calls += 1
        self.by_channel[channel] += 1
        self.by_status[status] += 1
        self.by_channel_status[channel, status] += 1
        if status >= 500 or problem:
            self.problems.append(f"{channel} {status} {problem or ''}: {request[:300]!r}")

    def summary(self) -> str:
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(self.by_status.items()))
        rate = self.calls / self.seconds if self.seconds else 0.0
        return (f"{self.calls} calls in {self.seconds:.1f} s ({rate:.0f}/s); status {statuses};"
                f" {sum(v for k, v in self.by_status.items() if k >= 500)} ≥ 500; "
                f"{len(self.problems)} problems")


class Connection:
    """One kept-alive HTTP connection with a cookie jar of one cookie per name."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.origin = f"http://{host}:{port}"
        self.cookies: dict[str, str] = {}
        self._conn = http.client.HTTPConnection(host, port, timeout=60)

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            try:
                self._conn.request(method, path, body=body, headers=headers)
                response = self._conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self._conn.close()
                self._conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                if attempt:
                    raise
        for header in response.headers.get_all("Set-Cookie") or ():
            name, _sep, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def close(self) -> None:
        self._conn.close()


class Fuzzer:
    """Signs in as ``login`` and sends seeded junk over every channel."""

    def __init__(self, url: str, db: str, login: str, password: str, seed: int) -> None:
        host, _sep, port = url.removeprefix("http://").partition(":")
        self.db, self.login, self.password = db, login, password
        self.rng = random.Random(seed)
        self.web = Connection(host, int(port))
        self.rpc = Connection(host, int(port))
        self.token = ""
        self.uid: int = 0
        self.known: dict[str, list[int]] = {"own": [], "other": []}
        self.actions: list[int] = []
        self.forms: list[str] = []

    # -- setting up ------------------------------------------------------------------------
    def sign_in(self) -> None:
        self._page("GET", "/web/login")
        status, _page = self._page("POST", "/web/login", {
            "login": self.login, "password": self.password, "csrf_token": self.token})
        if status != 303:
            raise RuntimeError(f"web sign-in failed: {status}")
        self.uid = self._json("/jsonrpc", {"service": "common", "method": "login",
                                           "args": [self.db, self.login, self.password]}
                              )[1]["result"]
        self._learn()

    def _learn(self) -> None:
        """The salesperson's own leads and some ids of others, the actions and forms."""
        own = self._execute("crm.lead", "search", [[("user_id", "=", self.uid)]])
        other = self._execute("crm.lead", "search", [[("user_id", "!=", self.uid)]],
                              {"context": {"active_test": False}})
        partners = self._execute("res.partner", "search", [[]], {"limit": 10})
        self.known["own"] = list(own.get("result") or [])[:20]
        self.known["other"] = list(other.get("result") or [])[:10] + list(
            partners.get("result") or [])
        actions = self._execute("ir.actions.act_window", "search_read",
                                [[("res_model", "in", list(WEB_MODELS))], ["id"]])
        self.actions = sorted(row["id"] for row in actions.get("result") or [])
        lead_action = self._execute("ir.actions.act_window", "search_read",
                                    [[("res_model", "=", "crm.lead")], ["id"]], {"limit": 1})
        for row in lead_action.get("result") or []:
            _status, page = self._page("GET", f"/web/action/{row['id']}/list")
            self.forms = sorted(set(FORM_LINK.findall(page)))[:10]

    # -- channels --------------------------------------------------------------------------
    def _page(self, method: str, path: str, data: Any = None) -> tuple[int, str]:
        body, headers = None, {}
        if data is not None:
            body = urlencode(data).encode()
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
        status, raw = self.web.request(method, path, body, headers)
        text = raw.decode("utf-8", "replace")
        match = TOKEN.search(text)
        if match and match.group(1):
            self.token = match.group(1)
        return status, text

    def _json(self, path: str, params: Any, conn: Connection | None = None
              ) -> tuple[int, dict[str, Any]]:
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params, "id": 1})
        conn = conn or self.rpc
        status, raw = conn.request("POST", path, body.encode(), {
            "Content-Type": "application/json", "Origin": conn.origin,
            "X-CSRF-Token": self.token})
        try:
            return status, json.loads(raw)
        except ValueError:
            return status, {"raw": raw[:200].decode("utf-8", "replace")}

    def _execute(self, model: str, method: str, args: list, kwargs: dict | None = None
                 ) -> dict[str, Any]:
        return self._json("/jsonrpc", {"service": "object", "method": "execute_kw", "args": [
            self.db, self.uid, self.password, model, method, args, kwargs or {}]})[1]

    def call_jsonrpc(self, model: Any, method: Any, args: list, kwargs: dict) -> tuple:
        params = {"service": "object", "method": "execute_kw",
                  "args": [self.db, self.uid, self.password, model, method, args, kwargs]}
        status, answer = self._json("/jsonrpc", params)
        return status, rpc_problem(answer), params

    def call_kw(self, model: Any, method: Any, args: list, kwargs: dict) -> tuple:
        params = {"model": model, "method": method, "args": args, "kwargs": kwargs}
        path = f"/web/dataset/call_kw/{quote(str(model), safe='.')}/{quote(str(method))}"
        status, answer = self._json(path, params, self.web)
        return status, rpc_problem(answer), params

    def call_xmlrpc(self, model: Any, method: Any, args: list, kwargs: dict) -> tuple:
        params = (self.db, self.uid, self.password, model, method, args, kwargs)
        try:
            body = xmlrpc.client.dumps(_xmlrpc_safe(params), "execute_kw",
                                       allow_none=True).encode()
        except (OverflowError, TypeError) as exc:      # the client cannot even encode it
            body = xmlrpc.client.dumps((str(exc),), "execute_kw").encode()
        status, raw = self.rpc.request("POST", "/xmlrpc/2/object", body,
                                       {"Content-Type": "text/xml"})
        problem = None
        if status == 200:
            try:
                xmlrpc.client.loads(raw)
            except xmlrpc.client.Fault as fault:
                problem = xmlrpc_problem(fault)
            except Exception as exc:  # noqa: BLE001 - an unreadable answer is a finding
                problem = f"unreadable answer {exc!r}"
        return status, problem, params

    def web_get(self) -> tuple:
        rng = self.rng
        path = self._web_path()
        params = [(junk.pick(rng, QUERY_KEYS), str(junk.junk_scalar(rng)) if rng.random() < 0.6
                   else junk.pick(rng, junk.PATHS)) for _ in range(rng.randrange(0, 4))]
        url = path + ("?" + urlencode(params) if params else "")
        status, _page = self._page("GET", url)
        return status, None, url

    def _web_path(self) -> str:
        rng = self.rng
        if self.forms and rng.random() < 0.3:
            return junk.pick(rng, self.forms)
        base = f"/web/action/{junk.pick(rng, self.actions)}" if self.actions and \
            rng.random() < 0.7 else f"/web/model/{quote(junk.pick(rng, WEB_MODELS))}"
        view = junk.pick(rng, VIEW_TYPES) if rng.random() < 0.3 else junk.pick(
            rng, ("list", "kanban", "form"))
        if view == "form":
            record = junk.junk_id(rng, self.known)
            return f"{base}/form/{quote(str(record))}"
        return f"{base}/{view}"

    def web_save(self) -> tuple:
        """A form page's inputs with some values replaced by junk, posted back."""
        rng = self.rng
        url = junk.pick(rng, self.forms) if self.forms and rng.random() < 0.8 else \
            f"/web/action/{self.actions[-1] if self.actions else 0}/form/new"
        status, page = self._page("GET", url)
        pairs = form_inputs(page) if status == 200 else []
        mutated = [(k, str(junk.junk_scalar(rng)) if rng.random() < 0.3 else v)
                   for k, v in pairs if k != "csrf_token"]
        if rng.random() < 0.2:
            mutated.append((junk.pick(rng, junk.PATHS), str(junk.junk_scalar(rng))))
        mutated.append(("csrf_token", self.token))
        status, _page = self._page("POST", url, mutated)
        return status, None, f"POST {url} {mutated}"

    def web_post(self) -> tuple:
        """Junk posted to the other form endpoints: operations, lookups, chatter, settings."""
        rng = self.rng
        action = junk.pick(rng, self.actions) if self.actions else 0
        lead = junk.pick(rng, self.known["own"]) if self.known["own"] else 1
        value = lambda: str(junk.junk_scalar(rng))  # noqa: E731 - a short local helper
        endpoints = (
            (f"/web/action/{action}/records", [("op", junk.pick(rng, (
                "archive", "unarchive", "delete", "duplicate", "export", "server:7",
                "server:99999999999", value()))), *(("ids", str(junk.junk_id(rng, self.known)))
                                                    for _ in range(3))]),
            (f"/web/action/{action}/m2o", [("__field", junk.pick(rng, junk.PATHS)),
                                           ("__q", value()), ("__id", value())]),
            (f"/web/action/{action}/onchange", [("__field", junk.pick(rng, junk.PATHS)),
                                                ("__id", value()), ("name", value())]),
            (f"/web/action/{action}/form/{lead}/op", [("op", value())]),
            (f"/mail/chatter/crm.lead/{lead}/activity", [
                ("summary", value()), ("date_deadline", value()), ("user_id", value()),
                ("activity_type_id", value())]),
            ("/web/preferences", [("lang", junk.pick(rng, ("de_DE", "en_US", "xx", value()))),
                                  ("tz", junk.pick(rng, ("Europe/Berlin", "Mars/Base",
                                                         value())))]),
        )
        url, fields = junk.pick(rng, endpoints)
        status, _page = self._page("POST", url, [*fields, ("csrf_token", self.token)])
        return status, None, f"POST {url} {fields}"

    # -- the run ----------------------------------------------------------------------------
    def run(self, calls: int, deadline: float | None = None) -> Report:
        """Send ``calls`` requests (fewer if ``deadline``, a time.monotonic(), passes)."""
        report = Report()
        start = time.monotonic()
        channels = (("xmlrpc", self.call_xmlrpc), ("jsonrpc", self.call_jsonrpc),
                    ("call_kw", self.call_kw))
        for _ in range(calls):
            if deadline is not None and time.monotonic() > deadline:
                break
            kind = self.rng.randrange(10)
            if kind < 2:
                name, (status, problem, request) = "web", self.web_get()
            elif kind == 2:
                name, (status, problem, request) = "web_save", self.web_save()
            elif kind == 3 and self.rng.random() < 0.5:
                name, (status, problem, request) = "web_post", self.web_post()
            else:
                name, channel = channels[kind % 3]
                model = junk.pick(self.rng, MODELS) if self.rng.random() < 0.3 else "crm.lead"
                method = junk.pick(self.rng, junk.METHODS)
                args, kwargs = junk.call_arguments(self.rng, method, self.known)
                status, problem, request = channel(model, method, args, kwargs)
            report.add(name, status, problem, repr(request))
        report.seconds = time.monotonic() - start
        return report

    def healthy(self) -> bool:
        status, _raw = Connection(self.web.host, self.web.port).request("GET", "/web/health")
        return status == 200

    def close(self) -> None:
        self.web.close()
        self.rpc.close()


def rpc_problem(answer: dict[str, Any]) -> str | None:
    """Why a JSON-RPC answer is a finding: an internal error, or no answer at all."""
    if "raw" in answer:
        return None      # a plain-text 400 for an unreadable body
    error = answer.get("error")
    if error is None:
        return None if "jsonrpc" in answer else "not a JSON-RPC answer"
    name = str((error.get("data") or {}).get("name"))
    if not EXPECTED_RPC.match(name):
        return f"internal error {name}: {(error.get('data') or {}).get('message')}"
    return None


def xmlrpc_problem(fault: xmlrpc.client.Fault) -> str | None:
    """Why an XML-RPC fault is a finding: code 1 names the exception's class."""
    if fault.faultCode != 1:
        return None          # 2, 3, 4: UserError, AccessDenied, AccessError
    name = str(fault.faultString).split(":", 1)[0]
    return None if name in EXPECTED_FAULTS else f"internal error {fault.faultString[:200]}"


def _xmlrpc_safe(value: Any) -> Any:
    """XML-RPC has no big integers and no None in keys: send those as strings."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int) and not -(2**31) <= value < 2**31:
        return str(value)
    if isinstance(value, list | tuple):
        return type(value)(_xmlrpc_safe(v) for v in value)
    if isinstance(value, dict):
        return {str(k): _xmlrpc_safe(v) for k, v in value.items()}
    return value
