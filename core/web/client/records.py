"""Reading records for a page in a constant number of queries, whatever their number.

A view says which fields it needs (:func:`core.views.fields_used`); these helpers fetch
exactly those for all records of the page at once — one ``search_fetch`` for the columns,
one query per x2many field, one per related model for the names of x2many values — and
wrap each record's values in a :class:`Row` the templates read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from core.views.render_modifiers import RecordValues, namespace
from core.views.render_values import display

Fields = Mapping[str, Mapping[str, Any]]


@dataclass
class Row:
    """One record as a page shows it."""

    id: int
    values: dict[str, Any]
    ns: dict[str, Any]
    names: Mapping[str, Mapping[int, str]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.values.get("display_name") or self.values.get("name") or self.id)

    def x2many(self, name: str) -> list[tuple[int, str]]:
        """``[(id, name), ...]`` of an x2many value (tags)."""
        names = self.names.get(name, {})
        return [(rid, names.get(rid, str(rid))) for rid in self.values.get(name) or ()]


def readable(fields: Fields, names: Iterable[str]) -> list[str]:
    """The names of ``names`` the user may read (fields hidden by groups are dropped)."""
    return [n for n in dict.fromkeys(names) if n in fields and n != "id"]


def fetch_rows(model: Any, domain: list, names: Iterable[str], fields: Fields, *,
               offset: int = 0, limit: int | None = None, order: str | None = None,
               context: Mapping[str, Any] | None = None) -> list[Row]:
    """Search and read in one go; x2many names in one query per field."""
    wanted = readable(fields, [*names, "display_name"])
    records = model.search_fetch(domain, wanted, offset=offset, limit=limit, order=order)
    return rows_of(records, wanted, fields, context=context)


def rows_of(records: Any, names: list[str], fields: Fields, *,
            context: Mapping[str, Any] | None = None) -> list[Row]:
    if not records:
        return []
    data = records.read(names)
    x2many_names = _x2many_names(records.env, data, names, fields)
    env = records.env
    tz = env.context.get("tz")
    rows = []
    for values in data:
        ns = namespace(values, fields, context=context or env.context, uid=env.uid, tz=tz)
        rows.append(Row(values["id"], values, ns, x2many_names))
    return rows


def _x2many_names(env: Any, data: list[dict[str, Any]], names: list[str], fields: Fields
                  ) -> dict[str, dict[int, str]]:
    result: dict[str, dict[int, str]] = {}
    for name in names:
        info = fields.get(name, {})
        if info.get("type") not in ("many2many", "one2many") or not info.get("relation"):
            continue
        ids = sorted({rid for values in data for rid in values.get(name) or ()})
        if not ids:
            result[name] = {}
            continue
        comodel = env[info["relation"]]
        if not comodel.check_access_rights("read", raise_exception=False):
            result[name] = {}
            continue
        rows = comodel.with_context(active_test=False).search_read(
            [("id", "in", ids)], ["display_name"])
        result[name] = {row["id"]: row["display_name"] for row in rows}
    return result


def cell_text(row: Row, name: str, fields: Fields, lang: str) -> str:
    info = fields.get(name, {})
    return display(info, row.values.get(name), lang, row.ns.get("context", {}).get("tz"))


def empty_values(fields: Fields) -> RecordValues:
    return RecordValues({name: False for name in fields})
