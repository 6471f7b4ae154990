"""The search bar: filters, group-bys, text facets and favourites, all kept in the URL.

A search view (:class:`core.views.SearchView`) offers filters (named domains, OR-ed inside a
group, AND-ed across groups), date filters, group-bys and fields to search text in. The
user's choices are URL parameters (:mod:`core.web.client.urls`); this module turns them
into the domain and group-by of the ORM query, into removable facet chips, and into the
entries of the Filters / Group By / Favorites menus. When an action opens without any
search parameter, its ``search_default_<name>`` context keys (or a default favourite)
choose the initial filters, exactly as in Odoo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from core.i18n import Domain
from core.tools.safe_eval import safe_eval
from core.views import Filter, SearchView
from core.web.client.actions import Action, eval_namespace
from core.web.client.search_dates import PERIODS, period_domain
from core.web.client.urls import CHOSEN_PARAMS, SEARCH_PARAMS, Location

_ = Domain("core")


@dataclass
class Facet:
    """A chip in the search bar: what it filters on and the URL without it."""

    kind: str            # "filter", "groupby", "field", "favorite"
    title: str
    values: list[str]
    remove_href: str


@dataclass
class MenuEntry:
    label: str
    href: str
    active: bool
    children: list[MenuEntry] = field(default_factory=list)
    key: str = ""
    mine: bool = False


class SearchModel:
    """The search state of one page, computed once per request."""

    def __init__(self, env: Any, action: Action, view: SearchView, loc: Location,
                 fields: dict[str, dict[str, Any]]) -> None:
        self.env = env
        self.action = action
        self.view = view
        self.fields = fields
        self.filters = {self._key(f, i): f for i, f in enumerate(view.filters)}
        self.group_filters = {self._key(f, i): f for i, f in enumerate(view.group_bys)}
        self.favorites = env["ir.filters"].get_filters(action.model, action.id)
        self.loc = self._with_defaults(loc)

    @staticmethod
    def _key(item: Filter, index: int) -> str:
        return item.name or f"i{index}"

    # -- defaults -----------------------------------------------------------------------
    def _with_defaults(self, loc: Location) -> Location:
        if any(key in CHOSEN_PARAMS for key, _v in loc.params):
            return loc
        default_fav = next((f for f in self.favorites if f["is_default"]), None)
        if default_fav is not None:
            return loc.with_params(add=self._favorite_params(default_fav))
        added: list[tuple[str, str]] = []
        context = self.action.context
        for key, value in context.items():
            if not key.startswith("search_default_") or not value:
                continue
            name = key[len("search_default_"):]
            added.extend(self._default_param(name, value))
        return loc.with_params(add=added)

    def _default_param(self, name: str, value: Any) -> list[tuple[str, str]]:
        if name in self.filters:
            return [("f", name)]
        if name in self.group_filters:
            return [("g", self.group_filters[name].group_by or "")]
        if any(f.name == name for f in self.view.fields):
            if isinstance(value, int) and not isinstance(value, bool):
                return [("s", f"{name}:={value}")]
            return [("s", f"{name}:{value}")]
        return []

    def _favorite_params(self, favorite: dict[str, Any]) -> list[tuple[str, str]]:
        state = parse_qsl(favorite.get("search_state") or "")
        return [(k, v) for k, v in state if k in SEARCH_PARAMS and k != "fav"] + [
            ("fav", str(favorite["id"]))]

    # -- the query ------------------------------------------------------------------------
    def domain(self) -> list:
        parts: list[list] = [list(self.action.domain)]
        chosen = set(self.loc.getlist("f"))
        for group in self.view.filter_groups:
            selected = [self._filter_domain(f, key) for f, key in self._keyed(group)
                        if key in chosen or any(c.startswith(key + ":") for c in chosen)]
            if selected:
                parts.append(_or(selected))
        for name, texts in self._texts().items():
            parts.append(_or([self._text_domain(name, text) for text in texts]))
        favorite = self._favorite()
        if favorite is not None and not favorite.get("search_state"):
            parts.append(list(self._eval(favorite["domain"], [])))
        return _and([p for p in parts if p])

    def group_by(self) -> list[str]:
        specs = [g for g in self.loc.getlist("g") if g]
        favorite = self._favorite()
        if not specs and favorite is not None and not favorite.get("search_state"):
            group_by = self._eval(favorite["context"], {}).get("group_by") or []
            specs = [group_by] if isinstance(group_by, str) else list(group_by)
        return [s for s in specs if s.partition(":")[0] in self.fields]

    def _keyed(self, group: tuple[Filter, ...]) -> list[tuple[Filter, str]]:
        every = list(self.view.filters)
        return [(f, self._key(f, every.index(f))) for f in group]

    def _filter_domain(self, item: Filter, key: str) -> list:
        if item.date:
            chosen = [c for c in self.loc.getlist("f") if c.partition(":")[0] == key]
            period = (chosen[0].partition(":")[2] if chosen else "") or item.default_period
            return period_domain(item.date, period or "this_month", self._today(),
                                 self.fields.get(item.date, {}).get("type"))
        return list(self._eval(item.domain, []))

    def _eval(self, text: str | None, default: Any) -> Any:
        if not text:
            return default
        return safe_eval(text, eval_namespace(self.env))

    def _today(self) -> dt.date:
        return eval_namespace(self.env)["context_today"]()

    def _texts(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for raw in self.loc.getlist("s"):
            name, _sep, text = raw.partition(":")
            if name in self.fields and text:
                result.setdefault(name, []).append(text)
        return result

    def _text_domain(self, name: str, text: str) -> list:
        search_field = next((f for f in self.view.fields if f.name == name), None)
        if text.startswith("=") and text[1:].isdigit():
            return [(name, "=", int(text[1:]))]
        if search_field is not None and search_field.filter_domain:
            return list(safe_eval(search_field.filter_domain,
                                  {**eval_namespace(self.env), "self": text}))
        info = self.fields[name]
        operator = (search_field.operator if search_field else None) or "ilike"
        if info.get("type") == "selection":
            values = [v for v, label in info.get("selection", ())
                      if text.lower() in str(label).lower()]
            return [(name, "in", values)]
        if info.get("type") in ("integer", "float", "monetary"):
            return [(name, "=", _number(text))]
        return [(name, operator, text)]

    def _favorite(self) -> dict[str, Any] | None:
        fav = self.loc.get("fav")
        return next((f for f in self.favorites if str(f["id"]) == fav), None)

    # -- what the search bar shows ----------------------------------------------------------
    def facets(self) -> list[Facet]:
        facets = []
        chosen = self.loc.getlist("f")
        for group in self.view.filter_groups:
            keys = [(f, k) for f, k in self._keyed(group) if self._chosen_key(k, chosen)]
            if keys:
                labels = [self._filter_label(f, self._chosen_key(k, chosen)) for f, k in keys]
                drop = [("f", self._chosen_key(k, chosen)) for _f, k in keys]
                facets.append(Facet("filter", _("Filter").translate(), labels,
                                    self._without(drop)))
        for name, texts in self._texts().items():
            label = self._field_label(name)
            facets.append(Facet("field", label, [self._text_label(name, t) for t in texts],
                                self._without([("s", f"{name}:{t}") for t in texts])))
        group_by = self.loc.getlist("g")
        if group_by:
            facets.append(Facet("groupby", _("Group By").translate(),
                                [self._group_label(g) for g in group_by],
                                self._without([("g", g) for g in group_by])))
        favorite = self._favorite()
        if favorite is not None:
            facets.append(Facet("favorite", _("Favorites").translate(), [favorite["name"]],
                                self._without([("fav", str(favorite["id"]))])))
        return facets

    @staticmethod
    def _chosen_key(key: str, chosen: list[str]) -> str | None:
        return next((c for c in chosen if c == key or c.startswith(key + ":")), None)

    def _without(self, params: list[tuple[str, str]]) -> str:
        remaining = tuple(p for p in self.loc.params if p not in params and p[0] != "p")
        loc = Location(self.loc.model, self.loc.view_type, self.loc.action_id,
                       self.loc.record_id, remaining)
        if not loc.search_params():
            loc = loc.with_params(add=[("sd", "0")])
        return loc.href()

    def _filter_label(self, item: Filter, chosen: str | None) -> str:
        period = (chosen or "").partition(":")[2]
        label = item.string or item.name or ""
        return f"{label}: {PERIODS[period].translate()}" if period in PERIODS else label

    def _field_label(self, name: str) -> str:
        search_field = next((f for f in self.view.fields if f.name == name), None)
        return (search_field.string if search_field and search_field.string
                else self.fields[name].get("string", name))

    def _text_label(self, name: str, text: str) -> str:
        info = self.fields[name]
        if text.startswith("=") and text[1:].isdigit() and info.get("relation"):
            record = self.env[info["relation"]].browse(int(text[1:])).exists()
            return record.display_name if record else text
        return text

    def _group_label(self, spec: str) -> str:
        name, _sep, interval = spec.partition(":")
        item = next((g for g in self.view.group_bys if g.group_by == spec), None)
        label = item.string if item and item.string else self.fields.get(name, {}).get(
            "string", name)
        return f"{label}: {interval}" if interval and not item else str(label)

    def filter_menu(self) -> list[list[MenuEntry]]:
        chosen = self.loc.getlist("f")
        groups = []
        for group in self.view.filter_groups:
            entries = []
            for item, key in self._keyed(group):
                if item.invisible in ("1", "True", "true"):
                    continue
                entries.append(self._filter_entry(item, key, chosen))
            if entries:
                groups.append(entries)
        return groups

    def _filter_entry(self, item: Filter, key: str, chosen: list[str]) -> MenuEntry:
        current = self._chosen_key(key, chosen)
        base = self.loc.with_params(drop=("p", "sd"))
        if current:
            href = base.toggled("f", current).href()
        else:
            href = base.toggled("f", key).href()
        children = []
        if item.date:
            for period, label in PERIODS.items():
                value = f"{key}:{period}"
                loc = base.with_params(drop=["f"], add=[("f", c) for c in chosen
                                                        if c != current] + [("f", value)])
                children.append(MenuEntry(label.translate(), loc.href(), current == value))
        return MenuEntry(item.string or key, href, bool(current), children)

    def groupby_menu(self) -> list[MenuEntry]:
        active = self.loc.getlist("g")
        base = self.loc.with_params(drop=("p", "sd"))
        return [MenuEntry(item.string or item.group_by or "",
                          base.toggled("g", item.group_by or "").href(),
                          item.group_by in active)
                for item in self.view.group_bys if item.invisible not in ("1", "True")]

    def custom_groupbys(self) -> list[tuple[str, str]]:
        """(name, label) of every field the user may group by (the "custom group" list)."""
        return sorted(((n, str(f.get("string", n))) for n, f in self.fields.items()
                       if f.get("groupable") and f.get("type") not in ("many2many",
                                                                         "one2many",
                                                                         "binary", "text",
                                                                         "html")),
                      key=lambda pair: pair[1].lower())

    def favorite_menu(self) -> list[MenuEntry]:
        current = self.loc.get("fav")
        return [MenuEntry(fav["name"], self.loc.with_params(
            drop=(*SEARCH_PARAMS, "p"), add=self._favorite_params(fav)).href(),
            str(fav["id"]) == current, key=str(fav["id"]),
            mine=bool(fav["user_id"]) and fav["user_id"][0] == self.env.uid)
            for fav in self.favorites]

    def search_fields(self) -> list[tuple[str, str]]:
        """(name, label) of the fields the search input can search in."""
        return [(f.name, self._field_label(f.name)) for f in self.view.fields
                if f.invisible not in ("1", "True", "true") and f.name in self.fields]


def _number(text: str) -> float | int:
    try:
        return int(text)
    except ValueError:
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return 0


def _or(domains: list[list]) -> list:
    domains = [d for d in domains if d]
    if not domains:
        return []
    return ["|"] * (len(domains) - 1) + [leaf for d in domains for leaf in _normal(d)]


def _and(domains: list[list]) -> list:
    domains = [d for d in domains if d]
    if not domains:
        return []
    return ["&"] * (len(domains) - 1) + [leaf for d in domains for leaf in _normal(d)]


def _normal(domain: list) -> list:
    """A domain as one expression (implicit ANDs made explicit)."""
    items = list(domain)
    terms = sum(1 for item in items if not isinstance(item, str))
    operators = sum(1 for item in items if item in ("&", "|"))
    missing = terms - operators - 1
    return ["&"] * max(missing, 0) + items
