"""Limits on the domains users send (issue 11, point 4: a 30,000-term domain took 27 s).

A user's search, count, ``search_read``, ``read_group`` or ``name_search`` gets a clear,
translated UserError — an RPC fault, never a 500 — when its domain has more conditions or
operators than ``MAX_DOMAIN_CONDITIONS``/``MAX_DOMAIN_OPERATORS``, a path following more
than ``MAX_PATH_HOPS`` relations, or a list longer than ``MAX_IN_VALUES``. Code that builds
its own domains (prefetching, ``browse`` of many ids, search methods) is not limited.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from core.exceptions import UserError
from core.orm import domain as domains
from core.orm.domain import Domain
from core.testing import new_user


@pytest.fixture
def seller(make_env: Callable[..., Any]) -> Any:
    env = make_env(["crm"])
    user = new_user(env, "limits_seller", ("base.group_user", "sales_team.group_sale_salesman"))
    return env(user=user.id)


def or_domain(count: int) -> list:
    return ["|"] * (count - 1) + [("name", "=", f"deal {i}") for i in range(count)]


def test_thirty_thousand_terms_are_refused_at_once(seller: Any) -> None:
    leads = seller["crm.lead"]
    started = time.monotonic()
    for call in (lambda: leads.search(or_domain(30_000)),
                 lambda: leads.search_count(or_domain(30_000)),
                 lambda: leads.search_read(or_domain(30_000), ["name"]),
                 lambda: leads.read_group(or_domain(30_000), ["name"], ["user_id"]),
                 lambda: leads.name_search("x", or_domain(30_000))):
        with pytest.raises(UserError) as info:
            call()
        assert "too many" in info.value.translate("en_US")
        assert "zu viele" in info.value.translate("de_DE")
    assert time.monotonic() - started < 5


def test_each_limit_has_its_message(seller: Any) -> None:
    leads = seller["crm.lead"]
    limit = domains.MAX_DOMAIN_CONDITIONS
    assert leads.search(or_domain(limit)) is not None                  # at the limit: fine
    with pytest.raises(UserError, match="too many conditions"):
        leads.search([("name", "!=", str(i)) for i in range(limit + 1)])
    with pytest.raises(UserError, match="too many operators"):
        leads.search(["!"] * (domains.MAX_DOMAIN_OPERATORS + 2) + [("name", "=", "x")])
    hops = domains.MAX_PATH_HOPS
    assert leads.search([(".".join(["partner_id"] + ["parent_id"] * (hops - 1) + ["name"]),
                          "=", "x")]) is not None
    with pytest.raises(UserError, match="too many relations"):
        leads.search([(".".join(["partner_id"] + ["parent_id"] * hops + ["name"]), "=", "x")])
    nested: Any = [("name", "=", "x")]
    for _level in range(hops + 1):
        nested = [("parent_id", "any", nested)]
    with pytest.raises(UserError, match="too many relations"):
        seller["res.partner"].search(nested)
    ids = list(range(1, domains.MAX_IN_VALUES + 2))
    with pytest.raises(UserError, match="too many values"):
        leads.search([("id", "in", ids)])
    with pytest.raises(UserError, match="too many values"):
        leads.search([("user_id", "any", [("id", "not in", ids)])])


def test_limits_apply_to_what_users_send_not_to_code(seller: Any) -> None:
    """Prefetching, ``browse``, the superuser and nodes built by code are not limited."""
    env = seller
    partners = env(su=True)["res.partner"].create([{"name": f"p{i}"} for i in range(1200)])
    big = list(range(1, domains.MAX_IN_VALUES + 2)) + partners.ids
    with pytest.raises(UserError, match="too many values"):
        seller["res.partner"].search([("id", "in", big)])
    many = seller["res.partner"].browse(partners.ids)
    assert len(many.mapped("name")) == 1200                 # prefetched by batches of 1,000
    assert len(seller["res.partner"].search(Domain("id", "in", big))) == 1200
    assert len(env(su=True)["res.partner"].search([("id", "in", big)])) >= 1200
