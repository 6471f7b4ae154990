"""How big a chatter message may be.

Every message body is stored in full and rendered in every chatter that shows it, so a
body of many megabytes costs every reader. The limit applies to every way a message is
stored (``message_post``, ``mail.message.create``/``write``, the chatter's web route) and
is measured on the HTML that would be stored, in bytes of UTF-8:

    ir.config_parameter  mail.message.body_max_bytes   (default 1 MiB; 0 = no limit)

A body over the limit is refused with a translated :class:`ValidationError` before
anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from core.exceptions import ValidationError
from core.i18n import Domain

_ = Domain("mail")

BODY_MAX_PARAM = "mail.message.body_max_bytes"
BODY_MAX_DEFAULT = 1024 * 1024


def body_max_bytes(env: Any) -> int:
    """The configured limit in bytes (the default when unset or not a number; 0: none)."""
    value = env["ir.config_parameter"].sudo().get_param(BODY_MAX_PARAM, "")
    try:
        limit = int(str(value).strip())
    except ValueError:
        return BODY_MAX_DEFAULT
    return max(limit, 0)


def check_body_sizes(env: Any, bodies: Iterable[Any]) -> None:
    """ValidationError if one of ``bodies`` (HTML or text) is over the limit."""
    sizes = [len(str(body).encode("utf-8")) for body in bodies if body]
    if not sizes:
        return
    limit = body_max_bytes(env)
    largest = max(sizes)
    if limit and largest > limit:
        raise ValidationError(_(
            "This message is too long (%(size)s KB): a message may have at most "
            "%(limit)s KB.", size=-(-largest // 1024), limit=max(limit // 1024, 1)))
