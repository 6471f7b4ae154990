"""The WSGI application: routing, one transaction per request, errors without tracebacks.

The application is a plain class built by a factory (see :func:`create_app`); handlers get
the request context explicitly — there are no global request proxies::

    def health(ctx: RequestContext) -> Response:
        return json_response({"status": "pass"})

    ROUTES = [Rule("/web/health", endpoint=Route(health, auth="none"))]

Route modules of the platform (health, RPC, web client, sign-in) and addons (through the
``erp_web_routes`` hook) contribute :class:`Route` objects. For every request the
application reads the body up to the size limit (:mod:`core.web.limits`: 413 beyond it,
before any database work), picks the database registry (reloading it when another process
installed or uninstalled addons), opens one transaction, resolves the session and user,
checks that a state-changing request comes from this site (a form's CSRF token; for JSON
routes :mod:`core.web.origin`), calls the handler and commits — or rolls everything back
and answers with a clear, translated error. A database that uses addons whose code this
server lacks (another server installed them) gets "restart needed" (503 / an RPC fault
naming them) instead of being served without them. A concurrency conflict anywhere in the
request (PostgreSQL serialization failure, deadlock, SQLite busy...) re-runs the whole
request a few times (``core/web/retry.py``). Every response leaves through
:func:`common_headers` (``nosniff``; ``no-store`` unless the handler chose a cache policy).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from core.exceptions import AccessError, ConcurrencyError, RestartNeeded
from core.i18n import DEFAULT_LANG, LANGUAGES, Domain, using_lang
from core.orm.concurrency import is_concurrency_error
from core.orm.environment import SUPERUSER_ID, Environment, Transaction
from core.registry.loader import Catalog
from core.registry.modules import open_registry
from core.registry.registry import Registry
from core.web import limits, origin, retry

_ = Domain("core")
_logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Route:
    """What a URL rule leads to: a handler and how it must be called."""

    handler: Callable[[RequestContext], Response]
    auth: str = "user"          # "none": no database; "public": any visitor; "user": signed in
    kind: str = "http"          # "http" pages/forms, "json" JSON-RPC (errors as JSON-RPC)
    csrf: bool = True           # POST: a form's CSRF token; JSON: sent by this site only
    methods: tuple[str, ...] = ()
    max_body: int | None = None  # bytes a request may send (None: the application's limit)


@dataclass
class RequestContext:
    """Everything a handler needs: the app, the request, the database and the user."""

    app: Application
    request: Request
    route: Route
    args: dict[str, Any]
    registry: Registry | None = None
    transaction: Transaction | None = None
    session: Any = None
    uid: int | None = None
    lang: str = DEFAULT_LANG
    write: bool = False         # expected to write: SQLite starts with BEGIN IMMEDIATE
    alone: bool = False         # a re-run after collisions: PostgreSQL runs it alone
    response_callbacks: list[Callable[[Response], None]] = field(default_factory=list)

    def env(self, uid: int | None = None, context: dict | None = None, su: bool = False
            ) -> Environment:
        """An environment of the current transaction (the signed-in user by default)."""
        if self.transaction is None:
            raise RuntimeError("This route has no database transaction")
        user = self.uid if uid is None else uid
        if user is None:
            user = self.app.public_uid(self)
        base = dict(self.session.context) if self.session is not None else {}
        base.setdefault("lang", self.lang)
        base.update(context or {})
        return Environment(self.transaction, user, base, su=su)


class RegistryManager:
    """The registry of the served database, rebuilt when another process changed it."""

    def __init__(self, url: str, catalog: Catalog) -> None:
        self.url = url
        self.catalog = catalog
        self._lock = threading.Lock()
        self._registry: Registry | None = None

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            with self._lock:
                if self._registry is None:
                    self._registry = self._open()
        return self._registry

    def _open(self, engine: Any = None) -> Registry:
        registry = open_registry(self.url, self.catalog, engine)
        registry.replace_listeners.append(self._replaced)
        return registry

    def _replaced(self, old: Registry, new: Registry) -> None:
        with self._lock:
            if self._registry is old:
                self._registry = new

    def refreshed(self, registry: Registry) -> Registry:
        """The current registry, after reading the signals in a transaction of its own."""
        with registry.transaction() as tx:
            return self.check_signals(registry, tx)

    def check_signals(self, registry: Registry, tx: Transaction) -> Registry:
        """Reload or clear caches when the sequences in the database moved."""
        seq, cache_seq = registry.read_signals(tx)
        if seq != registry.signal_sequence:
            with self._lock:
                if self._registry is registry:
                    self._registry = self._open(registry.engine)
            return self._registry  # type: ignore[return-value]
        if cache_seq != registry.cache_sequence:
            registry.clear_caches()
            registry.cache_sequence = cache_seq
        return registry


class Application:
    """The WSGI application of one database."""

    def __init__(self, db_url: str, catalog: Catalog, *, debug: bool = False,
                 master_password: str | None = None,
                 route_modules: Iterable[Any] = (),
                 max_request_size: int = limits.DEFAULT_MAX_REQUEST_SIZE) -> None:
        self.registries = RegistryManager(db_url, catalog)
        self.debug = debug
        self.max_request_size = max_request_size
        self.master_password = master_password
        self.proxy_mode = False  # trust X-Forwarded-* only when told the server is proxied
        self.max_retries = retry.default_retries()   # re-runs of a conflicting request
        self._route_modules = list(route_modules)
        self._maps: dict[int, Map] = {}
        self.session_store: Any = None

    # -- routing -------------------------------------------------------------------------
    def url_map(self, registry: Registry | None) -> Map:
        key = id(registry)
        if key not in self._maps:
            rules: list[Rule] = []
            for module in self._route_modules:
                rules.extend(rule.empty() for rule in module.ROUTES)
            if registry is not None:
                for _addon, function in registry.addon_impls("erp_web_routes"):
                    rules.extend(rule.empty() for rule in function() or ())
            self._maps = {key: Map(rules, strict_slashes=False, merge_slashes=False)}
        return self._maps[key]

    def __call__(self, environ: dict, start_response: Callable) -> Any:
        request = limits.LimitedRequest(environ)
        response = self.dispatch(request)
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        """The response to ``request``, with the headers every response carries."""
        return common_headers(self._dispatch(request))

    def _dispatch(self, request: Request) -> Response:
        from core.web import errors
        try:
            registry = self.registries.registry
        except Exception as exc:  # noqa: BLE001 - the database is unusable: say so, once
            _logger.exception("Cannot open the database")
            return errors.unavailable(request, exc)
        adapter = self.url_map(registry).bind_to_environ(request.environ)
        try:
            route, args = adapter.match(return_rule=False)
        except HTTPException as exc:
            if isinstance(exc, NotFound) and self._changed_since(registry):
                return self.dispatch(request)  # an addon another process installed has it
            return errors.http_error(self, request, exc, registry)
        ctx = RequestContext(self, request, route, args, registry)
        limit = route.max_body or self.max_request_size
        if limits.read_body(request, limit):    # before any database work
            ctx.lang = self._request_lang(ctx)
            with using_lang(ctx.lang):
                return errors.refused(ctx, limits.RequestTooLarge(limit))
        return retry.run_with_retries(self, ctx, self._run)

    def _changed_since(self, registry: Registry) -> bool:
        """Whether another process changed the addons since ``registry`` was built."""
        try:
            return self.registries.refreshed(registry) is not registry
        except Exception:  # noqa: BLE001 - the database is unusable: the 404 stands
            _logger.warning("Cannot read the registry signals", exc_info=True)
            return False

    def _run(self, ctx: RequestContext) -> Response:
        from core.web import errors
        if ctx.route.auth == "none":
            with using_lang(self._request_lang(ctx)):
                return self._call(ctx)
        registry = ctx.registry
        assert registry is not None
        try:
            with registry.transaction(write=ctx.write,
                                      gate="exclusive" if ctx.alone else "shared") as tx:
                ctx.transaction = tx
                current = self.registries.check_signals(registry, tx)
                if current is not registry:
                    raise _RegistryChanged
                if self.session_store is not None:
                    self.session_store.load(ctx)
                ctx.lang = self._request_lang(ctx)
                with using_lang(ctx.lang):
                    response = errors.guard(ctx, lambda: self._checked_call(ctx))
                    if getattr(response, "rollback", False):
                        raise _Rollback(response)
        except _Rollback as rollback:
            return rollback.response
        except _RegistryChanged:   # match the URL again: the routes may have changed too
            return self.dispatch(ctx.request)
        except ConcurrencyError:
            raise                       # retry.run_with_retries runs the request again
        except Exception as exc:  # noqa: BLE001 - commit failed: the user still gets a page
            if is_concurrency_error(exc):
                raise ConcurrencyError.from_error(exc) from exc
            return errors.unexpected(ctx, exc)
        for callback in ctx.response_callbacks:
            callback(response)
        return response

    def _call(self, ctx: RequestContext) -> Response:
        return ctx.route.handler(ctx)

    def _checked_call(self, ctx: RequestContext) -> Response:
        """Restart, authentication and CSRF checks, then the handler."""
        from core.web import errors
        if ctx.registry is not None and ctx.registry.missing_addons:
            raise RestartNeeded(ctx.registry.missing_addons)  # never serve without them
        if ctx.route.auth == "user" and ctx.uid is None:
            return errors.login_required(ctx)
        if ctx.route.csrf and ctx.request.method == "POST" and self.session_store is not None:
            if ctx.route.kind == "json":
                origin.check_json_request(ctx, self.session_store)
            elif ctx.route.kind == "http" and not self.session_store.check_csrf(ctx):
                return errors.csrf_failed(ctx)
        return self._call(ctx)

    def _request_lang(self, ctx: RequestContext) -> str:
        if ctx.session is not None and ctx.session.context.get("lang") in LANGUAGES:
            return ctx.session.context["lang"]
        best = ctx.request.accept_languages.best_match(["en", "de", "en-US", "de-DE"])
        return "de_DE" if best and best.startswith("de") else DEFAULT_LANG

    def public_uid(self, ctx: RequestContext) -> int:
        """The user anonymous visitors act as (no rights beyond public pages).

        Fails closed: without a public user (``base.public_user`` deleted, or pointing to
        the superuser or an internal user) anonymous requests are refused, never run with
        more rights."""
        env = Environment(ctx.transaction, SUPERUSER_ID, {})  # type: ignore[arg-type]
        public = env["ir.model.data"]._xmlid_to_record("base.public_user", False)
        if public is None or not public.exists() or public.id == SUPERUSER_ID \
                or not public.share:
            _logger.error("The public user (base.public_user) is missing or is not a "
                          "public user: anonymous requests are refused")
            raise AccessError(_("Anonymous access is not available on this database."))
        return public.id


def common_headers(response: Response) -> Response:
    """What every response carries: no MIME sniffing, and not stored by browsers or proxies
    unless the handler said otherwise (static files are cached: they set their own)."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


class _Rollback(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


class _RegistryChanged(Exception):
    pass


def create_app(db_url: str, catalog: Catalog | None = None, *, debug: bool = False,
               master_password: str | None = None, addons_paths: Iterable[str] = (),
               max_request_size: int = limits.DEFAULT_MAX_REQUEST_SIZE) -> Application:
    """The application with the platform's routes (health, RPC, sign-in, web client)."""
    from core.web import route_modules
    catalog = catalog if catalog is not None else Catalog.discover(addons_paths)
    app = Application(db_url, catalog, debug=debug, master_password=master_password,
                      route_modules=route_modules(), max_request_size=max_request_size)
    from core.web.session import SessionStore
    app.session_store = SessionStore(app)
    return app


def not_found() -> NotFound:
    return NotFound()
