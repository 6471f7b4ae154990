"""Jinja2 for the web client: autoescaped templates, translated in the request's language.

Templates live in ``core/web/templates``; an installed addon may add or override some by
shipping a ``templates/`` folder (searched first, in reverse load order, so the addon
installed last wins). That is how the mail addon fills the form's chatter placeholder
(``form/chatter.html``) and how an addon adds a field widget
(``fields/widget_<name>.html``).

Strings are marked ``{{ _("Save") }}``; the gettext callables read the language of the
running request (:func:`core.i18n.current_lang`), so one environment serves every
language and thread.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from core.i18n import current_lang, format_date, format_decimal, gettext_any, ngettext_any
from core.web.client.grouping import group_key

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"
DOMAIN = "core"
CSRF_FIELD = "csrf_token"
#: The CSRF token of the page being rendered: macros imported without context
#: (``{% from "macros.html" import csrf %}`` in an addon's template) still find it.
_csrf_token: contextvars.ContextVar[str] = contextvars.ContextVar("csrf_token", default="")


def _gettext(message: str, **variables: Any) -> str:
    text = gettext_any(message)
    return text % variables if variables else text


def _ngettext(singular: str, plural: str, n: int, **variables: Any) -> str:
    text = ngettext_any(singular, plural, n)
    return text % {"num": n, **variables}


def template_dirs(registry: Any) -> tuple[str, ...]:
    """Template folders of the installed addons (last installed first), then the core's."""
    dirs = []
    if registry is not None:
        for addon in reversed(registry.addons):
            folder = addon.path / "templates"
            if folder.is_dir():
                dirs.append(str(folder))
    return (*dirs, str(TEMPLATE_DIR))


@functools.lru_cache(maxsize=32)
def environment(dirs: tuple[str, ...]) -> jinja2.Environment:
    """One Jinja2 environment per set of template folders (shared by threads)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(dirs)),
        autoescape=True,
        extensions=["jinja2.ext.i18n", "jinja2.ext.do"],
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["_"] = _gettext
    env.filters["number"] = lambda value, digits=None: format_decimal(
        value or 0, current_lang(), digits)
    env.filters["date"] = lambda value: format_date(value, current_lang())
    env.filters["initials"] = initials
    env.filters["classes"] = classes
    env.globals["classes"] = classes
    env.globals["has_template"] = functools.partial(_has_template, env, {})
    env.filters["group_key"] = group_key
    env.globals["csrf_field"] = CSRF_FIELD
    env.globals["current_csrf_token"] = _csrf_token.get
    env.globals["static_url"] = _static_url
    return env


def _has_template(env: jinja2.Environment, seen: dict[str, bool], name: str) -> bool:
    """Whether a template exists (widgets of addons are found this way, once per name)."""
    if name not in seen:
        try:
            env.get_template(name)
            seen[name] = True
        except jinja2.TemplateNotFound:
            seen[name] = False
    return seen[name]


def initials(name: Any) -> str:
    """"Mitchell Admin" → "MA" (avatars without pictures)."""
    words = [w for w in str(name or "").replace("-", " ").split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper() or "?"


def classes(*parts: Iterable[str] | str | None) -> str:
    """Join CSS classes, skipping empty parts."""
    result: list[str] = []
    for part in parts:
        if not part:
            continue
        result.extend([part] if isinstance(part, str) else [p for p in part if p])
    return " ".join(result)


def _static_url(relative: str) -> str:
    from core.web.client.page import static_url
    return static_url(relative)


def current_csrf_token() -> str:
    """The CSRF token of the page being rendered."""
    return _csrf_token.get()


def fragment(registry: Any, name: str, values: dict[str, Any]) -> Markup | None:
    """Template ``name`` rendered with ``values`` only, or None when no addon ships it
    (field widgets an addon defines as templates)."""
    env = environment(registry.cached("template_dirs", lambda: template_dirs(registry))
                      if registry is not None else template_dirs(None))
    if not env.globals["has_template"](name):
        return None
    return Markup(env.get_template(name).render(**values))


def render(registry: Any, name: str, **values: Any) -> Markup:
    """Render template ``name`` with ``values``; the result is safe HTML."""
    template = environment(template_dirs(registry)).get_template(name)
    token = _csrf_token.set(str(values.get("csrf_token") or ""))
    try:
        return Markup(template.render(**values))
    finally:
        _csrf_token.reset(token)
