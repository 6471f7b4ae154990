"""Messages made of several translatable paragraphs, translated as late as the others.

Access errors are built from separate catalog entries (what was refused, who may do it,
whom to ask), as Odoo's are, so that each paragraph is translated once and reused. The
message stays lazy: the boundary that shows it picks the language::

    raise AccessError(LazyParagraphs(_("You are not allowed ..."), _("Contact ...")))
"""

from __future__ import annotations

from typing import Any

from core.i18n import DEFAULT_LANG, LazyText, translate


class LazyParagraphs(LazyText):
    """Lazy texts (or plain strings) joined by blank lines when translated."""

    __slots__ = ("parts",)

    def __init__(self, *parts: Any) -> None:
        self.parts = parts
        english = "\n\n".join(str(translate(p, DEFAULT_LANG)) for p in parts)
        super().__init__("core", english)

    def translate(self, lang: str | None = None) -> str:
        return "\n\n".join(str(translate(p, lang)) for p in self.parts)

    def __repr__(self) -> str:
        return f"LazyParagraphs({self.parts!r})"
