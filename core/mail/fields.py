"""A field of the mail addon: an activity deadline that can be sorted on in SQL.

"My Activities" lists documents by *my* next deadline, which is not a column but the
earliest ``date_deadline`` of my activities on the document. The field orders by a
correlated subquery instead of a column (fields own their SQL)::

    ORDER BY (SELECT MIN(date_deadline) FROM mail_activity
              WHERE res_model = 'crm.lead' AND res_id = crm_lead.id AND user_id = :uid)
             ASC NULLS LAST

``only_mine=False`` orders by everyone's next deadline (``activity_date_deadline``).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from core.orm import fields
from core.orm.fields.base import order_clause


class ActivityDeadline(fields.Date):
    """A computed date that can still be sorted on (documents without one come last)."""

    _extra_defaults = {"only_mine": False}

    def order_by(self, query: Any, alias: Any, descending: bool,
                 nulls: str | None = None) -> list[Any]:
        table = query.alias(query.env.registry["mail.activity"]._table_obj)
        clauses = [table.c.res_model == self.model_name, table.c.res_id == alias.c.id]
        if self.only_mine:
            clauses.append(table.c.user_id == query.env.uid)
        earliest = sa.select(sa.func.min(table.c.date_deadline)).where(
            *clauses).scalar_subquery()
        return [order_clause(earliest, descending, nulls or ("first" if descending
                                                              else "last"))]

    def get_description(self, env: Any) -> dict[str, Any]:
        description = super().get_description(env)
        description["sortable"] = True
        return description
