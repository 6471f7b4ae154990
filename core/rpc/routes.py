"""The URL rules of the external API (RPC_SPEC §2.1), contributed to the web application.

=====================================  ========  =====================================
path                                   auth      answers
=====================================  ========  =====================================
POST /jsonrpc                          in args   JSON-RPC: common / object / db
POST /xmlrpc/2/<service>               in args   XML-RPC, integer fault codes
POST /xmlrpc/<service>                 in args   XML-RPC, string fault codes (odoolib)
POST /web/webclient/version_info       none      the version dict (odoorpc asks first)
POST /web/database/list                none      ``[db]``
POST /web/session/authenticate         public    session_info + ``session_id`` cookie
POST /web/session/get_session_info     user      session_info
POST /web/session/check, destroy       user      nothing
POST /web/dataset/call_kw[/<path>]     user      an ORM call (odooly appends the path)
POST /web/dataset/call_button[/<path>] user      an ORM call; a dict is an action
HEAD /, GET /                          none      200 / redirect to /web (odooly's probe)
=====================================  ========  =====================================

``/xmlrpc/2/common`` is not captured by ``/xmlrpc/<service>``: the default converter does
not match ``/``. The ``/web/session`` and ``/web/dataset`` routes act with the session
cookie: they answer only ``application/json`` requests of this site or of programs
(:mod:`core.web.origin`). Importing this module registers the error renderers of its route
kinds with :mod:`core.web.errors` (the one registration point the web layer offers for them),
and which errors their clients expect (logged in one line, see :mod:`core.web.errors`).
"""

from __future__ import annotations

from werkzeug.routing import Rule
from werkzeug.utils import redirect
from werkzeug.wrappers import Response

from core.rpc import faults, transport, web
from core.web import errors
from core.web.app import RequestContext, Route

errors.KIND_HANDLERS.update(transport.ERROR_RENDERERS)
errors.EXPECTED.update(dict.fromkeys(transport.ERROR_RENDERERS, faults.is_exposed))


def root(ctx: RequestContext) -> Response:
    """``HEAD /`` answers at once (odooly only checks that the server is there);
    ``GET /`` leads to the web client."""
    if ctx.request.method == "HEAD":
        return Response(b"", content_type="text/html; charset=utf-8")
    return redirect("/web", code=303)


def _json(path: str, function: transport.JsonFunction, auth: str = "user",
          csrf: bool = True) -> Rule:
    """A JSON route; ``csrf``: it acts with the session cookie, so it answers only JSON
    requests made by this site or by programs (:mod:`core.web.origin`)."""
    return Rule(path, endpoint=Route(transport.json_route(function), auth=auth, kind="json",
                                     csrf=csrf), methods=["POST"])


ROUTES = [
    Rule("/", endpoint=Route(root, auth="none", csrf=False), methods=["GET", "HEAD"]),
    _json("/jsonrpc", transport.jsonrpc_services, auth="public", csrf=False),  # no cookie
    Rule("/xmlrpc/2/<service>", endpoint=Route(transport.xmlrpc_handler, auth="public",
                                               kind="xmlrpc", csrf=False), methods=["POST"]),
    Rule("/xmlrpc/<service>", endpoint=Route(transport.xmlrpc_handler, auth="public",
                                             kind="xmlrpc_legacy", csrf=False),
         methods=["POST"]),
    _json("/web/webclient/version_info", web.webclient_version_info, auth="none", csrf=False),
    _json("/web/database/list", web.database_list, auth="none", csrf=False),
    _json("/web/session/get_lang_list", web.lang_list, auth="none", csrf=False),
    _json("/web/session/authenticate", web.authenticate, auth="public"),
    _json("/web/session/get_session_info", web.get_session_info),
    _json("/web/session/check", web.check),
    _json("/web/session/destroy", web.destroy),
    _json("/web/dataset/call_kw", web.dataset_call_kw),
    _json("/web/dataset/call_kw/<path:path>", web.dataset_call_kw),
    _json("/web/dataset/call_button", web.dataset_call_button),
    _json("/web/dataset/call_button/<path:path>", web.dataset_call_button),
]
