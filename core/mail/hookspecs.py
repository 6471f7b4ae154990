"""Hooks the mail addon publishes (registered through ``erp_addhooks``).

Delivering messages outside the application is not the chatter's business: an addon that
sends e-mail (or pushes notifications) implements ``erp_mail_notify``.
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
