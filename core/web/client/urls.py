"""Bookmarkable URLs of the web client: everything a page shows is in its address.

::

    /web/action/12/kanban?f=my_tasks&g=stage_id        an action's view, with its search
    /web/action/12/form/7?from=kanban&f=my_tasks       a record, and the way back
    /web/model/res.partner/form/3                      a record without an action

Query parameters of the search (``f`` filter, ``g`` group-by, ``s`` field:text, ``fav``
favourite, ``sd=0`` no default filters, ``o`` order, ``p`` page) are kept when the user
switches view or opens a record, so the breadcrumb and the record navigation lead back to
the same list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

#: Parameters that describe the search; they travel between views of one action
#: (``dom``/``title``/``vm``/``ctx``: the domain, name, views and default values of an
#: action a button returned; ``bc``: the breadcrumbs of the pages before it, see
#: :mod:`core.web.client.trail`).
SEARCH_PARAMS = ("f", "g", "s", "fav", "sd", "o", "dom", "title", "vm", "ctx", "bc")
#: The parameters of the user's own search choices: without any, the defaults apply.
CHOSEN_PARAMS = ("f", "g", "s", "fav", "sd")
Params = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Location:
    """Where a page is: an action (or a bare model), a view type, a record and parameters."""

    model: str
    view_type: str
    action_id: int | None = None
    record_id: int | str | None = None
    params: Params = field(default_factory=tuple)

    @property
    def base(self) -> str:
        if self.action_id:
            return f"/web/action/{self.action_id}"
        return f"/web/model/{quote(self.model)}"

    def href(self, **changes: object) -> str:
        """The URL of this location, or of a copy with ``changes`` applied."""
        loc = replace(self, **changes) if changes else self  # type: ignore[arg-type]
        path = f"{loc.base}/{loc.view_type}"
        if loc.record_id is not None:
            path += f"/{loc.record_id}"
        return path + (f"?{urlencode(loc.params)}" if loc.params else "")

    def get(self, key: str, default: str | None = None) -> str | None:
        return next((v for k, v in self.params if k == key), default)

    def getlist(self, key: str) -> list[str]:
        return [v for k, v in self.params if k == key]

    def with_params(self, drop: Iterable[str] = (), add: Iterable[tuple[str, str]] = ()
                    ) -> Location:
        """A copy without the parameters named in ``drop`` and with ``add`` appended."""
        dropped = set(drop)
        kept = tuple((k, v) for k, v in self.params if k not in dropped)
        return replace(self, params=kept + tuple((k, str(v)) for k, v in add))

    def toggled(self, key: str, value: str) -> Location:
        """A copy where ``key=value`` is removed if present, added otherwise."""
        if (key, value) in self.params:
            return replace(self, params=tuple(p for p in self.params if p != (key, value)))
        return replace(self, params=self.params + ((key, value),))

    def search_params(self) -> Params:
        return tuple((k, v) for k, v in self.params if k in SEARCH_PARAMS)

    def view(self, view_type: str, keep: Iterable[str] = ()) -> Location:
        """The same action and search in another view type (and no record)."""
        kept = tuple((k, v) for k, v in self.params if k in SEARCH_PARAMS or k in keep)
        return replace(self, view_type=view_type, record_id=None, params=kept)

    def record(self, record_id: int | str, origin: str | None = None) -> Location:
        """The form of ``record_id``, remembering the search and the view we come from."""
        params = self.search_params()
        origin = origin or (self.get("from") if self.view_type == "form" else self.view_type)
        if origin:
            params += (("from", origin),)
        return replace(self, view_type="form", record_id=record_id, params=params)

    def origin(self) -> Location:
        """Where the form's breadcrumb leads back to."""
        return self.view(self.get("from") or "list")


def with_query(url: str, drop: Iterable[str] = (), add: Iterable[tuple[str, str]] = ()) -> str:
    """``url`` without the query parameters named in ``drop`` and with ``add`` appended."""
    dropped = set(drop)
    scheme, netloc, path, query, fragment = urlsplit(url)
    params = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in dropped]
    return urlunsplit((scheme, netloc, path, urlencode([*params, *add]), fragment))
