"""Fixtures of the CRM tests: a database with crm, three sales users, teams and customers.

    sam    — User: Own Documents Only, member of team Europe (Berlin)
    alice  — User: All Documents, member of Europe and America (New York)
    max    — Sales Administrator
    ivan   — internal user without Sales rights
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from core.testing import new_user

SALESMAN = "sales_team.group_sale_salesman"
ALL_DOCS = "sales_team.group_sale_salesman_all_leads"
MANAGER = "sales_team.group_sale_manager"


@pytest.fixture
def crm(make_env: Callable[..., Any]) -> SimpleNamespace:
    env = make_env(["crm"])
    sam = new_user(env, "sam", groups=("base.group_user", SALESMAN), tz="Europe/Berlin")
    alice = new_user(env, "alice", groups=("base.group_user", ALL_DOCS),
                     tz="America/New_York")
    max_ = new_user(env, "max", groups=("base.group_user", MANAGER), lang="de_DE")
    ivan = new_user(env, "ivan")
    teams = env["crm.team"]
    europe = teams.create({"name": "Europe", "sequence": 5, "member_ids": [(6, 0, [sam.id])]})
    america = teams.create({"name": "America", "sequence": 6})
    europe.member_ids = [(4, alice.id)]
    america.member_ids = [(4, alice.id)]
    customer = env["res.partner"].create({
        "name": "Azure Interior", "is_company": True, "email": "info@azure.example",
        "phone": "+49 30 1234567", "street": "Hauptstraße 12", "zip": "10115",
        "city": "Berlin", "country_id": env.ref("base.de").id, "lang": "de_DE",
        "website": "azure.example"})
    contact = env["res.partner"].create({"name": "Anna Berg", "parent_id": customer.id,
                                         "function": "Buyer", "mobile": "+49 170 1111111",
                                         "email": "anna@azure.example"})
    return SimpleNamespace(env=env, sam=sam, alice=alice, max=max_, ivan=ivan,
                           europe=europe, america=america, customer=customer,
                           contact=contact, stages=_stages(env))


def _stages(env: Any) -> SimpleNamespace:
    return SimpleNamespace(new=env.ref("crm.stage_lead1"), qualified=env.ref("crm.stage_lead2"),
                           proposition=env.ref("crm.stage_lead3"), won=env.ref("crm.stage_lead4"))


def lead(crm: SimpleNamespace, **values: Any) -> Any:
    """An opportunity created by the superuser (``as_user`` creates it as that user)."""
    user = values.pop("as_user", None)
    model = crm.env["crm.lead"].with_user(user) if user else crm.env["crm.lead"]
    return model.create({"name": values.pop("name", "Deal"), "type": "opportunity", **values})


@pytest.fixture(scope="module")
def crm_site(databases: Any) -> Any:
    """The HTTP tests' database (one per test module): crm served by the web app."""
    from addons.crm.tests.http_helpers import CrmSite
    return CrmSite(databases)


@pytest.fixture
def site(crm_site: Any) -> Iterator[Any]:
    """:func:`crm_site` with the records of the previous test removed."""
    crm_site.reset()
    yield crm_site
