"""JSON routes that run one ORM call as the signed-in user (the RPC layer's job, in small).

    GET  /test_access/csrf                 {"csrf_token": ...} for the visitor or session
    POST /test_access/login  (form)        sign in: login, password, csrf_token
    POST /test_access/logout               sign out
    GET  /test_access/whoami               {"uid": ...} (a page: the login page when signed out)
    POST /test_access/call   (JSON body)   {"method", "ids", "args", "kwargs"} on the document
"""

import json

from werkzeug.routing import Rule
from werkzeug.wrappers import Response

from core.exceptions import AccessError
from core.web import auth_logic
from core.web.app import Route

METHODS = {"search", "read", "write", "create", "unlink", "read_group", "name_search",
           "search_read", "fields_get"}
MODELS = {"test.access.document", "test.access.secret", "res.users", "res.users.apikeys"}


def _json(value, status=200):
    return Response(json.dumps(value, default=_default), status=status,
                    content_type="application/json")


def _default(value):
    if hasattr(value, "_ids"):
        return list(value.ids)
    return str(value)


def csrf(ctx):
    return _json({"csrf_token": ctx.app.session_store.csrf_token(ctx)})


def login(ctx):
    form = ctx.request.form
    session = auth_logic.sign_in(ctx, form.get("login", ""), form.get("password", ""))
    return _json({"uid": session.uid, "csrf_token": session.csrf_token()})


def logout(ctx):
    auth_logic.sign_out(ctx)
    return _json({"uid": None})


def whoami(ctx):
    return _json({"uid": ctx.uid, "lang": ctx.lang})


def call(ctx):
    payload = json.loads(ctx.request.get_data(as_text=True) or "{}")
    model, method = payload.get("model", "test.access.document"), payload["method"]
    if method not in METHODS or model not in MODELS:
        raise AccessError("Not callable here")
    records = ctx.env()[model].browse(payload.get("ids") or [])
    result = getattr(records, method)(*payload.get("args", []), **payload.get("kwargs", {}))
    return _json({"result": result})


ROUTES = [
    Rule("/test_access/csrf", endpoint=Route(csrf, auth="public"), methods=["GET"]),
    Rule("/test_access/login", endpoint=Route(login, auth="public"), methods=["POST"]),
    Rule("/test_access/logout", endpoint=Route(logout, auth="user"), methods=["POST"]),
    Rule("/test_access/whoami", endpoint=Route(whoami, auth="user"), methods=["GET"]),
    Rule("/test_access/call", endpoint=Route(call, auth="user"), methods=["POST"]),
]
