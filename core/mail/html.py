"""Message bodies: what users type is text, what the chatter stores is safe HTML.

A body given as :class:`markupsafe.Markup` is trusted markup built by code (and is still
sanitized by the ``Html`` field on write); any other string is what a user typed and is
escaped, its line breaks kept::

    plain_to_html("Call <Anna>\\ntomorrow")  ->  "Call &lt;Anna&gt;<br>tomorrow"
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

_TAGS = re.compile(r"<[^>]+>")
_BREAKS = re.compile(r"<\s*(br|/p|/div|/li)\s*/?>", re.IGNORECASE)


def plain_to_html(text: Any) -> Markup:
    """Escape ``text`` and turn its line breaks into ``<br>``."""
    if isinstance(text, Markup):
        return text
    if not text:
        return Markup("")
    lines = str(text).splitlines()
    return Markup("<br>").join(escape(line) for line in lines)


def html_to_text(html: Any) -> str:
    """A plain-text rendering of ``html`` (for previews and summaries)."""
    if not html:
        return ""
    text = _BREAKS.sub("\n", str(html))
    text = _TAGS.sub("", text)
    return Markup(text).unescape().strip()


def is_empty_html(html: Any) -> bool:
    """True for nothing, whitespace or markup without any text (``<p><br></p>``)."""
    return not html_to_text(html)
