"""The ``common``, ``object`` and ``db`` services of ``/jsonrpc`` and ``/xmlrpc[/2]``.

These transports keep no session: every call carries ``(db, uid, password)`` and is
authenticated anew (a password or an API key; a successful check is remembered for a minute
by ``res.users``). ``dispatch`` is what both transports call::

    dispatch(ctx, "common", "login", [db, "admin", pw])                 -> 2 (or False)
    dispatch(ctx, "object", "execute_kw", [db, 2, pw, "res.users", "context_get", []])
    dispatch(ctx, "db", "list", [])                                     -> [db]

Database administration (create, drop, dump...) needs the server's master password
(``erp serve --master-password``); without one it is refused as Odoo refuses a wrong one.
This server serves one database, created with ``erp init``, so even with the password the
operations that would create or remove databases answer with a clear error.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from core.exceptions import AccessDenied, UserError
from core.i18n import LANGUAGES, Domain, using_lang
from core.orm.environment import SUPERUSER_ID, Environment
from core.rpc.call_kw import call_kw, check_method_name, split_context
from core.rpc.faults import LANG_KEY, DatabaseNotFound, MethodNotFound
from core.web.session import client_address

if TYPE_CHECKING:
    from core.web.app import RequestContext

_ = Domain("core")

SERVER_VERSION = "17.0"
VERSION_INFO: dict[str, Any] = {
    "server_version": SERVER_VERSION,
    "server_version_info": [17, 0, 0, "final", 0, ""],
    "server_serie": SERVER_VERSION,
    "protocol_version": 1,
}
MASTER_METHODS = frozenset({"create_database", "duplicate_database", "drop", "dump",
                            "restore", "rename", "change_admin_password",
                            "migrate_databases"})


def version_info() -> dict[str, Any]:
    return {k: list(v) if isinstance(v, list) else v for k, v in VERSION_INFO.items()}


def dispatch(ctx: RequestContext, service: Any, method: Any, params: list[Any]) -> Any:
    handler = SERVICES.get(service) if isinstance(service, str) else None
    if handler is None:
        raise MethodNotFound(f"Service {service} not found")
    if not isinstance(method, str):
        raise MethodNotFound(f"Method not found: {method}")
    return handler(ctx, method, list(params))


def _remote_addr(ctx: RequestContext) -> str | None:
    """The caller's address, for the throttling of failed sign-ins."""
    proxy_mode = bool(getattr(ctx.app.session_store, "proxy_mode", False))
    return client_address(ctx.request, proxy_mode)


def _user_agent_env(ctx: RequestContext) -> dict[str, Any]:
    return {"REMOTE_ADDR": _remote_addr(ctx), "HTTP_USER_AGENT": ctx.request.user_agent.string,
            "base_location": ctx.request.host_url, "interactive": False}


def _check_db(ctx: RequestContext, db: Any) -> None:
    assert ctx.registry is not None
    if db != ctx.registry.db_name:
        raise DatabaseNotFound(str(db))


def _superuser(ctx: RequestContext) -> Environment:
    return Environment(ctx.transaction, SUPERUSER_ID, {})  # type: ignore[arg-type]


def _args(params: list[Any], count: int, method: str) -> list[Any]:
    if len(params) < count:
        raise TypeError(f"{method}() takes at least {count} arguments ({len(params)} given)")
    return params


# -- common ----------------------------------------------------------------------------------
def common(ctx: RequestContext, method: str, params: list[Any]) -> Any:
    if method == "version":
        return version_info()
    if method == "about":
        info = "See http://openerp.com"
        return [info, SERVER_VERSION] if params and params[0] else info
    if method in ("login", "authenticate"):
        db, login, password = _args(params, 3, method)[:3]
        _check_db(ctx, db)
        users = _superuser(ctx)["res.users"]
        try:
            return users.authenticate(db, login, password, _user_agent_env(ctx))
        except AccessDenied:
            if method == "authenticate":
                raise
            return False
    raise MethodNotFound(f"Method not found: {method}")


# -- object ----------------------------------------------------------------------------------
def authenticated_uid(ctx: RequestContext, db: Any, uid: Any, password: Any) -> int:
    """The uid of a stateless call, checked against its password or API key."""
    _check_db(ctx, db)
    try:
        uid = int(uid)
    except (TypeError, ValueError):
        raise AccessDenied() from None
    users = _superuser(ctx)["res.users"]
    return users._check_credentials_uid(uid, password, {"REMOTE_ADDR": _remote_addr(ctx)})


def object_service(ctx: RequestContext, method: str, params: list[Any]) -> Any:
    if method not in ("execute", "execute_kw"):
        raise NameError(f"Method not available {method}")
    db, uid, password, model, name = _args(params, 5, method)[:5]
    uid = authenticated_uid(ctx, db, uid, password)
    if method == "execute":
        args, kwargs = params[5:], {}
    else:
        args = _args(params, 6, method)[5]
        kwargs = params[6] if len(params) > 6 else None
    context, kwargs = split_context(kwargs)
    ctx.request.environ[LANG_KEY] = call_lang(context)
    check_method_name(name)
    return execute(ctx, uid, model, name, args, kwargs, context)


def execute(ctx: RequestContext, uid: int, model: Any, name: str, args: Any,
            kwargs: dict[str, Any], context: dict[str, Any]) -> Any:
    """``call_kw`` as ``uid`` with exactly ``context`` (no implicit user context)."""
    lang = ctx.request.environ[LANG_KEY] = call_lang(context)
    env = Environment(ctx.transaction, uid, context)  # type: ignore[arg-type]
    if not isinstance(model, str) or model not in env.registry:
        raise UserError(_("Object %s doesn't exist", model))
    with using_lang(lang):
        return call_kw(env[model], name, args, kwargs)


def call_lang(context: dict[str, Any], default: str = "en_US") -> str:
    """The language messages of a call are written in: the context's, if we have it."""
    lang = context.get("lang")
    return lang if lang in LANGUAGES else default


# -- db --------------------------------------------------------------------------------------
def db_service(ctx: RequestContext, method: str, params: list[Any]) -> Any:
    assert ctx.registry is not None
    if method == "list":
        return [ctx.registry.db_name]
    if method == "db_exist":
        return bool(params) and params[0] == ctx.registry.db_name
    if method == "server_version":
        return SERVER_VERSION
    if method == "list_lang":
        return [[code, name] for code, name in LANGUAGES.items()]
    if method in MASTER_METHODS:
        check_master_password(ctx, params[0] if params else None)
        raise UserError(_("This server serves the single database %s; databases are created "
                          "and removed with the erp command.", ctx.registry.db_name))
    raise MethodNotFound(f"Method not found: {method}")


def check_master_password(ctx: RequestContext, given: Any) -> None:
    """AccessDenied unless the server has a master password and ``given`` is it."""
    expected = ctx.app.master_password
    if not expected or not isinstance(given, str) or \
            not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise AccessDenied()


SERVICES: dict[str, Callable[[RequestContext, str, list[Any]], Any]] = {
    "common": common, "object": object_service, "db": db_service,
}
