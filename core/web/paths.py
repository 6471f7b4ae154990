"""Which targets a redirect or a link built from request data may point to.

Links and redirects that come from the request (``?redirect=``, ``back``, breadcrumbs, an
action's ``ir.actions.act_url``) must stay on this site. Checking the raw text is not
enough: browsers and ``urllib`` drop tabs and line breaks, so ``/\\t/evil.example`` becomes
``//evil.example``, a link to another site. A path is local when it starts with one
slash, holds no control character and no backslash, and parses without scheme or host.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def is_local_path(target: object) -> bool:
    if not isinstance(target, str) or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc
