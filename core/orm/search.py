"""Searching: ``search``, ``search_count``, ``name_search`` and display names."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from core.i18n import Domain as _Domain
from core.orm import api
from core.orm.domain import Domain, check_limits
from core.orm.fields.base import INTEGER_MAX
from core.orm.query import Query

_ = _Domain("core")


def _as_int_or_none(value: Any, what: str) -> int | None:
    if value is None or value is False:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(value)
        except (TypeError, ValueError, OverflowError):
            raise ValueError(_("Invalid %(what)s: %(value)s", what=what, value=repr(value))) \
                from None
    if not 0 <= value <= INTEGER_MAX:
        raise ValueError(_("Invalid %(what)s: %(value)s", what=what, value=repr(value)))
    return value or None


class SearchMixin:
    """Mixed into BaseModel."""

    def _make_query(self, table: Any = None) -> Query:
        return Query(self, table)

    def _parse_user_domain(self, domain: Any) -> Domain:
        """The tree of a domain a search received. A list (what users send) from a
        non-superuser must stay within the limits of :func:`check_limits` (UserError
        otherwise); parsed nodes come from code and are taken as they are."""
        if not self.env.su and not isinstance(domain, Domain):
            check_limits(domain)
        return Domain.parse(domain)

    def _search(self, domain: Any, offset: int = 0, limit: int | None = None,
                order: str | None = None) -> Query:
        """The query of a search as the current user (rights, rules, ``active``)."""
        self.check_access_rights("read")
        query = self._make_query()
        query.add_where(self._effective_domain(self._parse_user_domain(domain)))
        query.set_order(order or None)
        query.limit = _as_int_or_none(limit, "limit")
        query.offset = _as_int_or_none(offset, "offset")
        return query

    def search(self, domain: Any = None, offset: int = 0, limit: int | None = None,
               order: str | None = None, count: bool = False) -> Any:
        """Records matching ``domain`` (Odoo's list syntax), in ``order``."""
        if count:
            return self.search_count(domain or [], limit=limit)
        query = self._search(domain or [], offset, limit, order)
        ids = self._transaction.execute(query.select(query.table.c.id)).scalars().all()
        return self.browse(ids)

    def search_count(self, domain: Any = None, limit: int | None = None) -> int:
        query = self._search(domain or [], 0, limit, None)
        query.order = []
        if query.limit:
            inner = query.select(query.table.c.id).subquery()
            stmt = sa.select(sa.func.count()).select_from(inner)
        else:
            stmt = query.select(sa.func.count(query.table.c.id))
        return self._transaction.execute(stmt).scalar_one()

    def _resolve_hierarchy_value(self, value: Any) -> list[int]:
        """``child_of`` values: an id, ids, a recordset or a name."""
        if hasattr(value, "_ids"):
            return list(value._ids)
        if isinstance(value, str):
            return [rid for rid, _n in self.with_context(active_test=False).name_search(
                value, limit=None)]
        if isinstance(value, list | tuple):
            ids: list[int] = []
            for item in value:
                ids.extend(self._resolve_hierarchy_value(item))
            return ids
        if value is False or value is None:
            return []
        return [int(value)]

    # -- names -------------------------------------------------------------------------
    def _search_display_name(self, operator: str, value: Any) -> Domain:
        """The domain matching records whose display name matches ``(operator, value)``."""
        names = self._rec_names_search or ([self._rec_name] if self._rec_name else [])
        if not names:
            return Domain.parse([("id", "=", value)]) if isinstance(value, int) else \
                Domain.parse([(0, "=", 1)])
        negative = operator in ("!=", "not like", "not ilike", "not in")
        domains = [Domain(name, operator, value) for name in names]
        result = domains[0]
        for other in domains[1:]:
            result = (result & other) if negative else (result | other)
        return result

    @api.sudo_safe("search() checks rights and rules; the display names of what it found "
                   "are computed as superuser, as name_get does")
    def name_search(self, name: str = "", args: Any = None, operator: str = "ilike",
                    limit: int | None = 100, domain: Any = None) -> list[list[Any]]:
        """``[[id, display_name], ...]`` of the records whose name matches ``name``."""
        base = self._parse_user_domain(domain if domain is not None else args or [])
        if name or operator not in ("ilike", "like", "=ilike", "=like"):
            base = base & self._search_display_name(operator, name)
        records = self.search(base, limit=limit)
        return [[rec.id, rec.display_name] for rec in records.sudo()]

    def name_get(self) -> list[list[Any]]:
        self.check_access_rights("read")        # display names are computed as superuser
        self.check_access_rule("read")
        return [[rec.id, rec.display_name] for rec in self]

    def name_create(self, name: str) -> list[Any]:
        if not self._rec_name:
            raise ValueError(_("Cannot create a %s from a name only") % self._name)
        record = self.create({self._rec_name: name})
        return [record.id, record.display_name]
