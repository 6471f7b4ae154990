"""The errors a user may see, as one small hierarchy.

Every error raised on purpose by the platform or an addon is one of these classes. Each
carries a translatable message (a :class:`core.i18n.LazyText` or a plain string) and the
HTTP status the web layer answers with; the RPC layer maps the class to Odoo's exception
name (``odoo.exceptions.AccessError`` ...) so that existing client libraries understand it.
Nothing else should reach a user: the boundaries (web, RPC, CLI) turn any other exception
into a generic message and never show a traceback.

    UserError (400)
     ├── ValidationError (422)     bad values, violated constraints
     ├── AccessError (403)         operation not allowed on a model or record
     ├── AccessDenied (403)        wrong credentials
     └── MissingError (404)        record deleted or never existed
    RedirectWarning (400)          a UserError-like message that offers an action
"""

from __future__ import annotations

from typing import Any

from core.i18n import Domain

_ = Domain("core")


class UserError(Exception):
    """A business rule refused the operation; the message says why."""

    http_status = 400
    rpc_name = "odoo.exceptions.UserError"

    def __init__(self, message: Any = None, *args: Any) -> None:
        super().__init__(message if message is not None else self.default_message(), *args)

    @classmethod
    def default_message(cls) -> Any:
        return _("The operation could not be completed.")

    @property
    def message(self) -> Any:
        return self.args[0]

    def __str__(self) -> str:
        return str(self.args[0])

    def translate(self, lang: str) -> str:
        """The message in ``lang`` (plain strings come back unchanged)."""
        msg = self.args[0]
        return msg.translate(lang) if hasattr(msg, "translate") else str(msg)


class ValidationError(UserError):
    """A value or combination of values is not acceptable."""

    http_status = 422
    rpc_name = "odoo.exceptions.ValidationError"


class AccessError(UserError):
    """The current user may not perform this operation on these records."""

    http_status = 403
    rpc_name = "odoo.exceptions.AccessError"


class AccessDenied(UserError):
    """Authentication failed. The message never says which part was wrong."""

    http_status = 403
    rpc_name = "odoo.exceptions.AccessDenied"

    @classmethod
    def default_message(cls) -> Any:
        return _("Access Denied")


class RestartNeeded(UserError):
    """Another process installed addons whose code this server does not have: serving
    without them would be wrong, so it refuses until it is restarted with their code."""

    http_status = 503

    def __init__(self, addons: Any) -> None:
        names = ", ".join(addons)
        super().__init__(_("This server must be restarted: the database uses the addons "
                           "%(addons)s, whose code this server does not have. Restart it "
                           "with them on its addons path.", addons=names))
        self.addons = list(addons)


class MissingError(UserError):
    """The record does not exist (any more)."""

    http_status = 404
    rpc_name = "odoo.exceptions.MissingError"


class RedirectWarning(Exception):
    """A warning offering the user an action: ``(message, action, button_text, context)``."""

    http_status = 400
    rpc_name = "odoo.exceptions.RedirectWarning"

    def __str__(self) -> str:
        return str(self.args[0])

    def translate(self, lang: str) -> str:
        msg = self.args[0]
        return msg.translate(lang) if hasattr(msg, "translate") else str(msg)


class ConcurrencyError(Exception):
    """Another transaction wrote the same data at the same time (a PostgreSQL serialization
    failure, deadlock or lock timeout; SQLite busy or locked): the request may be run again.

    The web application retries the whole request on it (``core/web/app.py``); when the
    retries are used up, the user reads the translated :meth:`translate` message. Not a
    :class:`UserError` on purpose: code catching business errors must let it through. The
    RPC name is the one Odoo's clients see for the same situation."""

    http_status = 409
    rpc_name = "psycopg2.errors.SerializationFailure"
    at_begin = False        # raised by BEGIN itself (SQLite: the busy timeout passed)

    @classmethod
    def from_error(cls, exc: BaseException) -> ConcurrencyError:
        """A new one for the database error ``exc`` (raise it ``from exc``)."""
        from core.orm.concurrency import describe
        return cls(describe(exc))

    def translate(self, lang: str) -> str:
        return _("The record was changed by someone else at the same time, please retry."
                 ).translate(lang)
