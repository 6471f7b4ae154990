"""Read-only field values and kanban card bodies as HTML, in Python (the hot path).

A pipeline page shows 320 cards of seven fields each; rendering every value through a Jinja2
macro (and every card node through a recursive one) cost most of the page's time. These
functions produce the same markup with ``markupsafe`` escaping and are handed to the
templates (``value(...)``, ``card_body(...)``). A widget an addon defines as a template,
``templates/fields/show_<widget>.html``, is still rendered through Jinja2.

Widgets: many2one_avatar_user, many2one_avatar, many2many_tags, priority,
kanban_activity/list_activity, handle, email, phone, url, remaining_days, avatar_initials,
many2many_avatar_user, color_picker, badge; booleans show a disabled checkbox, html is
shown as stored (it is sanitized on write), everything else as formatted text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from core.i18n import Domain
from core.web.client.templating import initials

_ = Domain("core")

ACTIVITY_ICON = Markup(
    '<svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">'
    '<circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.6"/>'
    '<path d="M8 4v4.3l2.8 1.7" fill="none" stroke="currentColor" stroke-width="1.6"/></svg>')
ACTIVITY_LABELS = {"overdue": _("Overdue"), "today": _("Today"), "planned": _("Planned")}


@dataclass
class FieldDisplay:
    """Renders field values of one page (language, formatting, custom widget templates)."""

    lang: str
    fmt: Callable[[Any, Any], str]
    remaining: Callable[[Any], tuple[str, str]]
    custom: Callable[[str, dict[str, Any]], Markup | None]
    _no_template: set[str] = field(default_factory=set)

    def __call__(self, row: Any, name: str, info: Any, widget: str | None = None,
                 *_ignored: Any) -> Markup:
        raw = row.values.get(name)
        if widget and widget not in self._no_template:
            custom = self.custom(f"fields/show_{widget}.html",
                                 {"row": row, "name": name, "info": info, "widget": widget,
                                  "raw": raw})
            if custom is not None:
                return custom
            self._no_template.add(widget)
        render = WIDGETS.get(widget or "")
        if render is not None:
            result = render(self, row, name, info, raw)
            if result is not None:
                return result
        if info.get("type") == "many2many":
            return _tags(self, row, name, info, raw)
        if info.get("type") == "boolean":
            checked = " checked" if raw else ""
            return Markup(f'<input type="checkbox" disabled{checked} aria-label="'
                          f'{escape(info.get("string", ""))}">')
        if info.get("type") == "html":
            return Markup(raw or "")
        return escape(self.fmt(info, raw))

    def t(self, text: Any) -> str:
        return text.translate(self.lang)


def _avatar(display: FieldDisplay, row: Any, name: str, info: Any, raw: Any) -> Markup:
    if not raw:
        return Markup("")
    label = escape(raw[1])
    return Markup(f'<span class="avatar-user" title="{label}"><span class="avatar" '
                  f'aria-hidden="true">{escape(initials(raw[1]))}</span>'
                  f'<span class="avatar-name">{label}</span></span>')


def _tags(display: FieldDisplay, row: Any, name: str, info: Any, raw: Any) -> Markup:
    items = "".join(f'<span class="tag color-{tid % 10}">{escape(label)}</span>'
                    for tid, label in row.x2many(name))
    return Markup(f'<span class="tags">{items}</span>')


def _stars(display: FieldDisplay, row: Any, name: str, info: Any, raw: Any) -> Markup:
    options = info.get("selection") or []
    label = dict(options).get(raw, "")
    stars = "".join(f'<span class="star{" is-on" if raw and key <= raw else ""}" '
                    f'aria-hidden="true">★</span>' for key, _label in options[1:])
    return Markup(f'<span class="stars" role="img" aria-label="'
                  f'{escape(display.t(_("Priority")))}: {escape(label)}">{stars}</span>')


def _activity(display: FieldDisplay, row: Any, name: str, info: Any, raw: Any) -> Markup:
    state = row.values.get("activity_state")
    label = ACTIVITY_LABELS.get(state)
    text = display.t(label) if label is not None else display.t(_("None"))
    return Markup(f'<span class="activity-state activity-{escape(state or "none")}" '
                  f'role="img" aria-label="{escape(display.t(_("Activities")))}: '
                  f'{escape(text)}">') + ACTIVITY_ICON + Markup("</span>")


def _link(scheme: str, clean: Callable[[str], str] = str) -> Callable[..., Markup | None]:
    def render(display: FieldDisplay, row: Any, name: str, info: Any, raw: Any
               ) -> Markup | None:
        if not raw:
            return None
        return Markup(f'<a href="{scheme}{escape(clean(raw))}" class="field-link">'
                      f'{escape(raw)}</a>')
    return render


def _url(display: FieldDisplay, row: Any, name: str, info: Any, raw: Any) -> Markup | None:
    if not raw:
        return None
    if not str(raw).startswith(("http://", "https://")):
        return escape(raw)
    return Markup(f'<a href="{escape(raw)}" class="field-link" rel="noopener noreferrer">'
                  f'{escape(raw)}</a>')


def _remaining(display: FieldDisplay, row: Any, name: str, info: Any, raw: Any
               ) -> Markup | None:
    if not raw:
        return None
    text, css = display.remaining(raw)
    return Markup(f'<span class="{escape(css)}" title="{escape(display.fmt(info, raw))}">'
                  f'{escape(text)}</span>')


def _initials(display: FieldDisplay, row: Any, name: str, info: Any, raw: Any
              ) -> Markup | None:
    return Markup(f'<span class="avatar" aria-hidden="true">{escape(raw)}</span>') if raw \
        else None


def _avatars(display: FieldDisplay, row: Any, name: str, info: Any, raw: Any) -> Markup:
    items = "".join(f'<span class="avatar" title="{escape(label)}">{escape(initials(label))}'
                    f'</span>' for _rid, label in row.x2many(name))
    return Markup(f'<span class="avatars">{items}</span>')


def _color(display: FieldDisplay, row: Any, name: str, info: Any, raw: Any) -> Markup:
    return Markup(f'<span class="color-swatch color-{(raw or 0) % 10}" role="img" '
                  f'aria-label="{escape(info.get("string", ""))}: {raw or 0}"></span>')


def _badge(display: FieldDisplay, row: Any, name: str, info: Any, raw: Any) -> Markup | None:
    return Markup(f'<span class="badge">{escape(display.fmt(info, raw))}</span>') if raw \
        else None


WIDGETS: dict[str, Callable[..., Markup | None]] = {
    "many2one_avatar_user": _avatar, "many2one_avatar": _avatar,
    "many2many_tags": _tags, "priority": _stars,
    "kanban_activity": _activity, "list_activity": _activity,
    "handle": lambda *a: Markup('<span class="handle" aria-hidden="true">⋮⋮</span>'),
    "email": _link("mailto:"), "phone": _link("tel:", lambda v: v.replace(" ", "")),
    "url": _url, "remaining_days": _remaining, "avatar_initials": _initials,
    "many2many_avatar_user": _avatars, "color_picker": _color, "badge": _badge,
}


ButtonRenderer = Callable[[Any, Any], str]


@dataclass
class CardBody:
    """The inside of a kanban card, from the view's typed nodes (no recursion in Jinja)."""

    fields: dict[str, Any]
    value: FieldDisplay
    evaluate: Callable[[Any, Any], Any]

    def __call__(self, nodes: Iterable[Any], row: Any, href: str,
                 button: ButtonRenderer | None = None) -> Markup:
        """The HTML of ``nodes`` for ``row``; ``button`` renders ``<button>`` nodes (a card
        button posts a form of its own), without it they are left out."""
        parts: list[str] = []
        self._button = button
        self._nodes(nodes, row, escape(href), parts)
        return Markup("".join(parts))

    _button: ButtonRenderer | None = field(default=None, init=False, repr=False)

    def _nodes(self, nodes: Iterable[Any], row: Any, href: str, out: list[str]) -> None:
        for node in nodes:
            kind = node.kind
            if kind == "text":
                out.append(escape(node.text))
                continue
            if node.invisible and self.evaluate(node.invisible, row.ns):
                continue
            if kind == "field":
                info = self.fields.get(node.name)
                if info:
                    out.append(f'<span class="card-field field-{escape(node.name)} '
                               f'{escape(node.cls or "")}">')
                    out.append(self.value(row, node.name, info, node.widget))
                    out.append("</span>")
            elif kind == "ribbon":
                out.append(f'<div class="ribbon {escape(node.bg_color or "text-bg-success")}">'
                           f'<span>{escape(node.title)}</span></div>')
            elif kind == "button_box":
                out.append('<div class="card-buttons">')
                self._nodes(node.children, row, href, out)
                out.append("</div>")
            elif kind == "html":
                self._element(node, row, href, out)
            elif kind == "button" and self._button is not None:
                out.append(self._button(node, row))

    def _element(self, node: Any, row: Any, href: str, out: list[str]) -> None:
        tag = node.tag
        if tag in ("br", "hr"):
            out.append(f"<{tag}>")
            return
        if tag == "img":
            return
        opening = f'<a href="{href}"' if tag == "a" else f"<{tag}"
        out.append(f'{opening} class="{escape(node.cls or "")}">')
        self._nodes(node.children, row, href, out)
        out.append(f"</{tag}>")
