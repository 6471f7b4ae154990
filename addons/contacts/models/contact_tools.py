"""Normalising what people type into contact fields: e-mail addresses and websites.

Two spellings of one address must be recognised as the same address, or duplicates slip
in: ``"Anna Berg <Anna.Berg@Example.COM>"`` and ``anna.berg@example.com`` normalise to the
same ``email_normalized``. A website typed without a scheme gets one, so that it is a
working link::

    normalize_email('"Berg, Anna" <Anna.Berg@Example.com>')  -> "anna.berg@example.com"
    normalize_email("not an address")                        -> None
    clean_website("www.example.com")                          -> "https://www.example.com"
"""

from __future__ import annotations

import re
from email.utils import getaddresses

_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\]]+$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def normalize_email(text: str | None) -> str | None:
    """The first address in ``text``, lower-cased, or None when there is none."""
    if not text or not text.strip():
        return None
    for _name, address in getaddresses([text]):
        address = address.strip().lower()
        if _EMAIL.match(address):
            return address
    return None


def clean_website(url: str | None) -> str | None:
    """``url`` with a scheme (``https://`` when none was typed)."""
    if not url or not url.strip():
        return None
    url = url.strip()
    if _SCHEME.match(url):
        return url
    return "https://" + url.lstrip("/")


def initials(name: str | None) -> str:
    """"Anna Berg" → "AB", "Azure Interior GmbH" → "AI" (avatars without a picture)."""
    words = [w for w in (name or "").replace("-", " ").replace(",", " ").split()
             if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "?"
