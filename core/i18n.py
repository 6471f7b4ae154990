"""Translations: English source strings, German catalogs, one gettext domain per addon.

Strings are marked where they are written and translated where they are shown::

    from core.i18n import Domain
    _ = Domain("crm")

    raise UserError(_("You cannot mark %s as lost twice.") % lead.name)
    label = _("Mark Won")                       # a LazyText, translated on use
    env._(label)  /  label.translate("de_DE")   # explicit language

``_()`` returns a :class:`LazyText`: it remembers its domain, message id and arguments and
is translated when turned into a string, in the language of the running request (set by
the web, RPC and CLI boundaries with :func:`using_lang`) or in a language given explicitly.
Catalogs are gettext ``.po`` files read with Babel: ``i18n/<domain>/de_DE.po`` at the top of
the project for the bundled addons, or ``<addon>/i18n/de_DE.po`` inside a third-party addon.
Dates, numbers and money are formatted with Babel for the user's language.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.messages.pofile import read_po

DEFAULT_LANG = "en_US"
LANGUAGES = {"en_US": "English (US)", "de_DE": "Deutsch"}
CATALOG_ROOT = Path(__file__).resolve().parent.parent / "i18n"

_current_lang: contextvars.ContextVar[str] = contextvars.ContextVar("lang", default=DEFAULT_LANG)
_extra_roots: dict[str, Path] = {}
_aliases: dict[str, str] = {}
_lock = threading.Lock()


def current_lang() -> str:
    """The language of the running request or command."""
    return _current_lang.get()


@contextlib.contextmanager
def using_lang(lang: str | None) -> Iterator[None]:
    """Translate lazy strings into ``lang`` inside the block (boundaries use this)."""
    token = _current_lang.set(lang or DEFAULT_LANG)
    try:
        yield
    finally:
        _current_lang.reset(token)


def register_catalog_root(domain: str, folder: Path) -> None:
    """Let a third-party addon ship its catalogs in its own ``i18n`` folder."""
    with _lock:
        _extra_roots[domain] = folder
    _clear_catalog_caches()


def register_domain_alias(domain: str, owner: str) -> None:
    """Let the strings of ``domain`` be translated by ``owner``'s catalog: the glue of an
    addon (``sale_crm``, loaded while crm is installed too) speaks its owner's language."""
    with _lock:
        _aliases[domain] = owner
    _clear_catalog_caches()


def _clear_catalog_caches() -> None:
    for cached in (_messages, catalog, plural_catalog, all_catalogs):
        cached.cache_clear()


def catalog_domain(domain: str) -> str:
    """The domain whose catalog translates ``domain`` (itself unless it is an alias)."""
    return _aliases.get(domain, domain)


def catalog_path(domain: str, lang: str) -> Path:
    domain = catalog_domain(domain)
    root = _extra_roots.get(domain)
    if root is not None:
        return root / f"{lang}.po"
    return CATALOG_ROOT / domain / f"{lang}.po"


@functools.lru_cache(maxsize=256)
def _messages(domain: str, lang: str) -> tuple[Any, ...]:
    """The finished (non-fuzzy) messages of one catalog, read once for both lookups."""
    path = catalog_path(domain, lang)
    if lang == DEFAULT_LANG or not path.exists():
        return ()
    with path.open("rb") as handle:
        return tuple(msg for msg in read_po(handle, locale=lang) if msg.id and not msg.fuzzy)


@functools.lru_cache(maxsize=256)
def catalog(domain: str, lang: str) -> dict[str, str]:
    """msgid → msgstr for the finished (non-fuzzy, non-empty) entries of one catalog."""
    return {msg.id: msg.string for msg in _messages(domain, lang)
            if isinstance(msg.id, str) and msg.string}


@functools.lru_cache(maxsize=256)
def plural_catalog(domain: str, lang: str) -> dict[str, tuple[str, ...]]:
    """singular msgid → the translated forms (``msgstr[0]``, ``msgstr[1]``, ...) of the
    finished plural entries (``msgid_plural``) of one catalog."""
    return {msg.id[0]: tuple(msg.string) for msg in _messages(domain, lang)
            if isinstance(msg.id, tuple) and all(msg.string)}


def plural_index(n: int, lang: str) -> int:
    """Which plural form ``n`` takes in ``lang`` (0 singular, 1 plural for en/de)."""
    return 0 if locale_of(lang).plural_form(abs(n)) == "one" else 1


def ngettext(domain: str, singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """The form of ``singular``/``plural`` for the count ``n``, translated into ``lang``."""
    lang = lang or current_lang()
    index = plural_index(n, lang)
    if lang != DEFAULT_LANG:
        forms = plural_catalog(domain, lang).get(singular) or \
            plural_catalog("core", lang).get(singular)
        if forms:
            return forms[min(index, len(forms) - 1)]
    return singular if index == 0 else plural


def ngettext_any(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """Like :func:`ngettext`, the form found in whichever domain has it (templates)."""
    lang = lang or current_lang()
    if lang != DEFAULT_LANG:
        for domain in _all_domains():
            forms = plural_catalog(domain, lang).get(singular)
            if forms:
                return forms[min(plural_index(n, lang), len(forms) - 1)]
    return singular if plural_index(n, lang) == 0 else plural


def _all_domains() -> list[str]:
    domains = {p.name for p in CATALOG_ROOT.iterdir() if p.is_dir()} if CATALOG_ROOT.is_dir() \
        else set()
    return ["core", *sorted((domains | set(_extra_roots)) - {"core"})]


def gettext(domain: str, msgid: str, lang: str | None = None) -> str:
    """``msgid`` translated into ``lang`` (the current language by default)."""
    lang = lang or current_lang()
    if lang == DEFAULT_LANG:
        return msgid
    return catalog(domain, lang).get(msgid) or catalog("core", lang).get(msgid) or msgid


@functools.lru_cache(maxsize=8)
def all_catalogs(lang: str) -> dict[str, str]:
    """Every domain's catalog merged, the platform's ("core") winning on conflicts.

    Templates of the web client may come from any addon (the chatter from mail, the
    printable quotation from sale), and Jinja2's ``_`` cannot know which; their strings
    are extracted into that addon's domain and found here.
    """
    if lang == DEFAULT_LANG:
        return {}
    merged: dict[str, str] = {}
    domains = {p.name for p in CATALOG_ROOT.iterdir() if p.is_dir()} if CATALOG_ROOT.is_dir() \
        else set()
    domains |= set(_extra_roots)
    for domain in sorted(domains - {"core"}):
        merged.update(catalog(domain, lang))
    merged.update(catalog("core", lang))
    return merged


def gettext_any(msgid: str, lang: str | None = None) -> str:
    """``msgid`` translated from whichever domain has it (templates)."""
    lang = lang or current_lang()
    if lang == DEFAULT_LANG:
        return msgid
    return all_catalogs(lang).get(msgid) or msgid


def translate(value: Any, lang: str | None = None) -> Any:
    """Translate ``value`` if it is lazy; anything else comes back unchanged."""
    if isinstance(value, LazyText):
        return value.translate(lang or current_lang())
    return value


class LazyText:
    """A message id of a domain, translated when it is shown."""

    __slots__ = ("domain", "msgid", "args", "kwargs", "plural", "n")

    def __init__(self, domain: str, msgid: str, args: tuple = (), kwargs: dict | None = None,
                 plural: str | None = None, n: int = 1):
        self.domain = domain
        self.msgid = msgid
        self.args = args
        self.kwargs = kwargs
        self.plural = plural
        self.n = n

    def translate(self, lang: str | None = None) -> str:
        text = gettext(self.domain, self.msgid, lang) if self.plural is None else \
            ngettext(self.domain, self.msgid, self.plural, self.n, lang)
        if self.args:
            args = tuple(translate(a, lang) for a in self.args)
            return text % (args[0] if len(args) == 1 and isinstance(args[0], dict) else args)
        if self.kwargs:
            return text % {k: translate(v, lang) for k, v in self.kwargs.items()}
        return text

    def __mod__(self, args: Any) -> LazyText:
        if not isinstance(args, tuple):
            args = (args,)
        return LazyText(self.domain, self.msgid, args)

    def __str__(self) -> str:
        return self.translate()

    def __repr__(self) -> str:
        return f"LazyText({self.domain!r}, {self.msgid!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyText):
            return (self.domain, self.msgid, self.args) == (other.domain, other.msgid, other.args)
        if isinstance(other, str):
            return str(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.domain, self.msgid))

    def __add__(self, other: Any) -> str:
        return str(self) + str(other)

    def __radd__(self, other: Any) -> str:
        return str(other) + str(self)

    def __len__(self) -> int:
        return len(str(self))

    def __bool__(self) -> bool:
        return bool(self.msgid)


class Domain:
    """The ``_`` of one gettext domain: ``_("Text")`` or ``_("%(n)s items", n=3)``."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __call__(self, msgid: str, *args: Any, **kwargs: Any) -> LazyText:
        return LazyText(self.name, msgid, args, kwargs or None)

    def ngettext(self, singular: str, plural: str, n: int, /, **kwargs: Any) -> LazyText:
        """A message with a singular and a plural form, chosen by the count ``n`` for the
        language it is shown in: ``_.ngettext("%(n)s record", "%(n)s records", 3, n=3)``."""
        return LazyText(self.name, singular, (), kwargs or None, plural=plural, n=n)

    def now(self, msgid: str, lang: str | None = None, *args: Any, **kwargs: Any) -> str:
        """Translate at once (for text that is stored, like chatter messages)."""
        return LazyText(self.name, msgid, args, kwargs or None).translate(lang)


def locale_of(lang: str | None) -> Locale:
    return Locale.parse(lang or DEFAULT_LANG)


def format_date(value: Any, lang: str | None = None, fmt: str = "medium") -> str:
    return babel_dates.format_date(value, format=fmt, locale=locale_of(lang)) if value else ""


def format_datetime(value: Any, lang: str | None = None, tz: str | None = None,
                    fmt: str = "medium") -> str:
    if not value:
        return ""
    return babel_dates.format_datetime(
        value.replace(tzinfo=babel_dates.UTC) if value.tzinfo is None else value,
        format=fmt, tzinfo=babel_dates.get_timezone(tz or "UTC"), locale=locale_of(lang))


def format_decimal(value: float | int, lang: str | None = None, digits: int | None = None) -> str:
    fmt = None if digits is None else "#,##0." + "0" * digits if digits else "#,##0"
    return babel_numbers.format_decimal(value or 0, format=fmt, locale=locale_of(lang))


def format_currency(value: float, currency: str, lang: str | None = None) -> str:
    return babel_numbers.format_currency(value or 0, currency, locale=locale_of(lang))


def parse_decimal(text: str, lang: str | None = None) -> float:
    """Read a number as the user typed it in their language ("1.234,5" in German)."""
    return float(babel_numbers.parse_decimal(text.strip(), locale=locale_of(lang)))


def month_label(value: Any, lang: str | None = None) -> str:
    """The label Odoo gives a month group in read_group: "May 2024" / "Mai 2024"."""
    return babel_dates.format_date(value, "MMMM yyyy", locale=locale_of(lang))
