"""Server-side sessions and CSRF tokens for the web layer.

The application asks the store twice per request (``core/web/app.py``)::

    app.session_store.load(ctx)          # ctx.session / ctx.uid from the cookie: one query
    app.session_store.check_csrf(ctx)    # before a state-changing form is handled

and the sign-in logic (:mod:`core.web.auth_logic`) opens and ends sessions::

    session = store.login(ctx, uid)      # new random token, row in res.users.session
    store.logout(ctx)                    # row deleted, cookie cleared

The cookie ``session_id`` holds a random token (HttpOnly, SameSite=Lax, Secure when the
request came over HTTPS); the database holds only its SHA-256 digest
(:mod:`core.base.models.res_users_session`). A session ends after seven idle days, after
thirty days in any case, at sign-out and when the user's password changes.

CSRF tokens are an HMAC of the session token under the database secret, so they need no
storage and are the same in every worker. Visitors who are not signed in (the sign-in form)
get a token bound to a random ``csrf_nonce`` cookie instead. A token is accepted from the
form field ``csrf_token`` or the header ``X-CSRF-Token`` (``X-CSRFToken`` too).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.base.bootstrap import ensure_database_secret
from core.base.models.res_users_session import MAX_LIFETIME, TOUCH_INTERVAL
from core.exceptions import UserError
from core.i18n import Domain
from core.orm.environment import SUPERUSER_ID, Environment
from core.orm.fields.temporal import now

if TYPE_CHECKING:
    from werkzeug.wrappers import Request, Response

    from core.web.app import Application, RequestContext

_ = Domain("core")

COOKIE = "session_id"
NONCE_COOKIE = "csrf_nonce"
CSRF_FIELD = "csrf_token"
CSRF_HEADERS = ("X-CSRF-Token", "X-CSRFToken")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
COOKIE_MAX_AGE = int(MAX_LIFETIME.total_seconds())
_SECRET_KEY = ("database.secret",)


class SessionExpired(UserError):
    """The request needs a signed-in user and its session is missing, over or ended."""

    http_status = 401
    rpc_name = "odoo.http.SessionExpiredException"
    jsonrpc_code = 100      # Odoo's JSON-RPC error code for an expired session

    @classmethod
    def default_message(cls) -> Any:
        return _("Session expired")


@dataclass
class Session:
    """A signed-in browser: its user, its context and the means to sign its forms."""

    id: int
    uid: int
    token: str = field(repr=False)
    context: dict[str, Any]
    secret: Any = field(repr=False, compare=False)   # () -> bytes, the database secret

    def csrf_token(self) -> str:
        """The token forms of this session must carry (stable for the session's life)."""
        return _sign(self.secret(), "session:" + self.token)


def _same(given: str, expected: str) -> bool:
    """Timing-safe equality of a value from the request and ours (any text: bytes compared)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"),
                               expected.encode("utf-8"))


def _sign(secret: bytes, message: str) -> str:
    return hmac.new(secret, message.encode("utf-8"), hashlib.sha256).hexdigest()


def is_https(request: Request, proxy_mode: bool) -> bool:
    if request.scheme == "https":
        return True
    return proxy_mode and request.headers.get("X-Forwarded-Proto", "").lower() == "https"


def client_address(request: Request, proxy_mode: bool) -> str | None:
    """The visitor's address: the last hop added to X-Forwarded-For by our own proxy when
    the server is declared to run behind one, the socket's peer otherwise."""
    if proxy_mode:
        forwarded = [p.strip() for p in request.headers.get("X-Forwarded-For", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if forwarded:
            return forwarded[-1]
    return request.remote_addr


class SessionStore:
    """Sessions of one application, kept in its database (``res.users.session``)."""

    def __init__(self, app: Application, proxy_mode: bool | None = None) -> None:
        self.app = app
        self._proxy_mode = proxy_mode

    @property
    def proxy_mode(self) -> bool:
        """Whether X-Forwarded-For/-Proto are trusted (``app.proxy_mode``, off by default)."""
        if self._proxy_mode is not None:
            return self._proxy_mode
        return bool(getattr(self.app, "proxy_mode", False))

    # -- every request ----------------------------------------------------------------------
    def load(self, ctx: RequestContext) -> None:
        """Set ``ctx.session`` and ``ctx.uid`` from the cookie (None when not signed in)."""
        ctx.session, ctx.uid = None, None
        token = ctx.request.cookies.get(COOKIE)
        if not token or len(token) > 128:
            return
        sessions = self._model(ctx)
        info = sessions._lookup(token)
        if info is None or sessions._is_expired(info):
            if info is not None:
                sessions._end(info["id"])
            self._set_cookie(ctx, COOKIE, None)
            return
        if info["last_activity"] is None or info["last_activity"] < now() - TOUCH_INTERVAL:
            sessions._touch(info["id"])  # at most every few minutes: reads stay read-only
        ctx.session = Session(info["id"], info["uid"], token, info["context"],
                              lambda: self._secret(ctx))
        ctx.uid = info["uid"]

    # -- signing in and out -----------------------------------------------------------------
    def login(self, ctx: RequestContext, uid: int) -> Session:
        """Open a new session for ``uid`` (ending the one of this browser, if any)."""
        if ctx.session is not None:
            self._model(ctx)._end(ctx.session.id)
        request = ctx.request
        session_id, token = self._model(ctx)._open(
            uid, client_address(request, self.proxy_mode), request.user_agent.string, {})
        user = Environment(ctx.transaction, SUPERUSER_ID, {})["res.users"].browse(uid)
        context = {"lang": user.lang or "en_US", "tz": user.tz or False, "uid": uid}
        ctx.session = Session(session_id, uid, token, context, lambda: self._secret(ctx))
        ctx.uid = uid
        self._set_cookie(ctx, COOKIE, token)
        return ctx.session

    def logout(self, ctx: RequestContext) -> None:
        """End the current session for good: its row is deleted, the cookie cleared."""
        if ctx.session is not None:
            self._model(ctx)._end(ctx.session.id)
        ctx.session, ctx.uid = None, None
        self._set_cookie(ctx, COOKIE, None)

    def update_context(self, ctx: RequestContext, **values: Any) -> None:
        """Change this session's context (e.g. ``lang``) for this and later requests."""
        if ctx.session is None:
            return
        ctx.session.context.update(values)
        sessions = self._model(ctx)
        table = sessions._table_obj
        stored = {k: v for k, v in ctx.session.context.items() if k != "uid"}
        ctx.transaction.execute(table.update().where(table.c.id == ctx.session.id)
                                .values(context=json.dumps(stored)))

    # -- CSRF ---------------------------------------------------------------------------------
    def csrf_token(self, ctx: RequestContext) -> str:
        """The token to put in forms: the session's, or one bound to a nonce cookie for
        visitors who are not signed in (the sign-in form)."""
        if ctx.session is not None:
            return ctx.session.csrf_token()
        nonce = ctx.request.cookies.get(NONCE_COOKIE) or \
            ctx.request.environ.get("erp.csrf_nonce")
        if not nonce:
            nonce = secrets.token_urlsafe(24)
            ctx.request.environ["erp.csrf_nonce"] = nonce
            self._set_cookie(ctx, NONCE_COOKIE, nonce, max_age=None)
        return _sign(self._secret(ctx), "anonymous:" + nonce)

    def check_csrf(self, ctx: RequestContext) -> bool:
        """False for a state-changing request without the right token."""
        request = ctx.request
        if request.method in SAFE_METHODS:
            return True
        given = request.form.get(CSRF_FIELD) or next(
            (request.headers[h] for h in CSRF_HEADERS if request.headers.get(h)), "")
        if not given:
            return False
        if ctx.session is not None:
            expected = ctx.session.csrf_token()
        else:
            nonce = request.cookies.get(NONCE_COOKIE)
            if not nonce:
                return False
            expected = _sign(self._secret(ctx), "anonymous:" + nonce)
        return _same(given, expected)

    def sign(self, ctx: RequestContext, purpose: str, message: str) -> str:
        """A signature of ``message`` for ``purpose`` with the database secret."""
        return _sign(self._secret(ctx), f"{purpose}:{message}")

    def verify(self, ctx: RequestContext, purpose: str, message: str, signature: str) -> bool:
        return _same(signature, self.sign(ctx, purpose, message))

    # -- helpers ------------------------------------------------------------------------------
    def _model(self, ctx: RequestContext) -> Any:
        return Environment(ctx.transaction, SUPERUSER_ID, {})["res.users.session"]

    def _secret(self, ctx: RequestContext) -> bytes:
        """The database secret (cached registry-wide; created if an old database lacks it)."""
        registry = ctx.registry
        env = Environment(ctx.transaction, SUPERUSER_ID, {})
        secret = registry.cached(_SECRET_KEY, lambda: env["ir.config_parameter"]
                                 .get_param("database.secret") or None)
        if secret is None:
            registry.caches.pop(_SECRET_KEY, None)
            secret = ensure_database_secret(env)
        return str(secret).encode("utf-8")

    def _set_cookie(self, ctx: RequestContext, name: str, value: str | None,
                    max_age: int | None = COOKIE_MAX_AGE) -> None:
        secure = is_https(ctx.request, self.proxy_mode)

        def apply(response: Response) -> None:
            if value is None:
                response.delete_cookie(name, path="/", secure=secure, httponly=True,
                                       samesite="Lax")
            else:
                response.set_cookie(name, value, max_age=max_age, path="/", secure=secure,
                                    httponly=True, samesite="Lax")
        ctx.response_callbacks.append(apply)

