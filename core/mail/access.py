"""Messages, followers and activities belong to a document: their access is the document's.

A salesperson who may read an opportunity may read its chatter; one who may not, sees none
of it — whatever the rights on ``mail.message`` itself say. These helpers answer both
questions the ORM asks, for many documents at once:

* :func:`check_documents` — may the user do *operation* on every document of these
  (model, id) pairs? (one rights check and one rule query per model);
* :func:`check_post` — may the user post messages on these documents? (the right each
  model names in ``_mail_post_access``, ``write`` unless it says otherwise);
* :func:`readable_clause` — the SQL condition "the document of this row is readable",
  added to searches on messages, followers and activities (one subquery per model, none
  when no record rule applies to the user).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from core.exceptions import AccessError, MissingError
from core.i18n import Domain

_ = Domain("mail")


def group_by_model(pairs: Iterable[tuple[str | None, int | None]]) -> dict[str, set[int]]:
    """``[(model, id), ...]`` → ``{model: {ids}}`` (pairs without a document are skipped)."""
    result: dict[str, set[int]] = defaultdict(set)
    for model, res_id in pairs:
        if model and res_id:
            result[model].add(res_id)
    return result


def check_documents(env: Any, pairs: Iterable[tuple[str | None, int | None]],
                    operation: str) -> None:
    """AccessError unless ``env``'s user may do ``operation`` on every document."""
    if env.su:
        return
    for model, ids in group_by_model(pairs).items():
        if model not in env.registry:
            raise AccessError(_("The document model %(model)s does not exist.", model=model))
        documents = env[model].with_context(active_test=False).browse(sorted(ids))
        documents.check_access_rights(operation)
        documents.check_access_rule(operation)


def post_operation(env: Any, model: str) -> str:
    """The right on a document of ``model`` needed to post on it (Odoo's
    ``_mail_post_access``: ``write`` unless the model asks for less)."""
    if model not in env.registry:
        return "write"
    return getattr(env.registry[model], "_mail_post_access", "write") or "write"


def check_post(env: Any, pairs: Iterable[tuple[str | None, int | None]]) -> None:
    """AccessError unless ``env``'s user may post on every document of ``pairs``.

    A pair without a model or an id is refused: users post on documents, only trusted code
    (``env.su``) writes messages that belong to none.
    """
    if env.su:
        return
    pairs = list(pairs)
    if any(not model or not isinstance(res_id, int) or isinstance(res_id, bool)
           or not 0 < res_id < 2 ** 63 for model, res_id in pairs):
        raise AccessError(_("A message must belong to a document you may post on."))
    for model, ids in group_by_model(pairs).items():
        if model in env.registry and len(env[model].sudo().with_context(
                active_test=False).browse(sorted(ids)).exists()) != len(ids):
            raise MissingError(_("The document of this message does not exist."))
    by_operation: dict[str, list[tuple[str | None, int | None]]] = defaultdict(list)
    for model, res_id in pairs:
        by_operation[post_operation(env, model)].append((model, res_id))
    for operation, items in by_operation.items():
        check_documents(env, items, operation)


def can_access(env: Any, model: str, res_id: int, operation: str) -> bool:
    """Whether ``env``'s user may do ``operation`` on one document (no exception)."""
    try:
        check_documents(env, [(model, res_id)], operation)
    except AccessError:
        return False
    return True


def readable_clause(env: Any, query: Any, table: Any, model_column: str,
                    res_column: str) -> Any:
    """SQL: rows of ``table`` whose document (``model_column``, ``res_column``) is readable.

    Rows without a document stay visible; models the user may not read at all are left out.
    """
    model_col, res_col = table.c[model_column], table.c[res_column]
    memo_key = ("document models", getattr(table, "original", table).name)
    names = env.transaction.memo.get(memo_key)
    if names is None:
        names = env.transaction.memo[memo_key] = env.transaction.execute(
            sa.select(model_col).where(model_col.is_not(None)).distinct()).scalars().all()
    clauses = [model_col.is_(None)]
    for name in names:
        if name not in env.registry or env.registry[name]._abstract:
            continue
        documents = env[name].with_context(active_test=False)
        if not documents.check_access_rights("read", raise_exception=False):
            continue
        rules = documents._rule_domain("read")
        if rules is None:
            clauses.append(model_col == name)
        else:  # correlated: one primary-key lookup per row, not the whole document table
            alias = query.alias(documents._table_obj)
            sub = type(query)(documents, alias, query)
            sub.where.append(alias.c.id == res_col)
            sub.add_where(rules)
            clauses.append(sa.and_(model_col == name, sa.exists(sub.select(sa.literal(1)))))
    return sa.or_(*clauses)
