"""Hooks the mail addon publishes (registered through ``erp_addhooks``).

The e-mail of "Send message" to partner followers is built in
(:mod:`core.mail.models.mail_thread_email`); an addon that delivers the notifications of
internal users elsewhere (push, chat) implements ``erp_mail_notify``.
"""

from __future__ import annotations

from typing import Any

from core.registry.hookspecs import hookspec


@hookspec
def erp_mail_notify(env: Any, message: Any, recipients: Any) -> None:
    """A message was posted for ``recipients`` (``res.users``): deliver it.

    Called once per posted message that has recipients ("send message", mentions), in the
    posting transaction; ``message`` is a ``mail.message`` record (superuser environment).
    No result is used.
    """
