"""Sales groups, teams, memberships and tags."""

from __future__ import annotations

from typing import Any

import pytest

from core.exceptions import AccessError, UserError, ValidationError
from core.testing import new_user

SALESMAN = "sales_team.group_sale_salesman"
ALL_DOCS = "sales_team.group_sale_salesman_all_leads"
MANAGER = "sales_team.group_sale_manager"


@pytest.fixture
def env(make_env: Any) -> Any:
    return make_env(["sales_team"])


def test_the_three_levels_are_a_chain(env: Any) -> None:
    manager = new_user(env, "chain_manager", [MANAGER])
    for xmlid in (MANAGER, ALL_DOCS, SALESMAN, "base.group_user"):
        assert manager.has_group(xmlid)
    salesman = new_user(env, "chain_salesman", [SALESMAN])
    assert salesman.has_group("base.group_user") and not salesman.has_group(ALL_DOCS)
    plain = new_user(env, "chain_plain")
    assert not plain.has_group(SALESMAN)
    assert env.ref(SALESMAN).full_name == "Sales / User: Own Documents Only"
    german = [env.ref(x).with_context(lang="de_DE") for x in (SALESMAN, ALL_DOCS, MANAGER)]
    assert [(g.category_id.name, g.name) for g in german] == [
        ("Verkauf", "User: Nur eigene Dokumente"), ("Verkauf", "User: Alle Dokumente"),
        ("Verkauf", "Administrator")]
    assert env.ref("base.user_admin").has_group(MANAGER)
    assert env.ref("base.user_root") in env.ref(MANAGER).with_context(active_test=False).users


def test_default_team_with_admin(env: Any) -> None:
    team = env.ref("sales_team.team_sales_department")
    admin = env.ref("base.user_admin")
    assert team.name == "Sales" and team.with_context(lang="de_DE").name == "Verkauf"
    assert team.member_ids == admin and team.member_count == 1
    assert admin.sale_team_id == team and admin.crm_team_ids == team
    with pytest.raises(UserError):
        team.unlink()


def test_a_user_may_be_in_several_teams(env: Any) -> None:
    user = new_user(env, "multi_team", [SALESMAN])
    europe = env["crm.team"].create({"name": "Europe", "member_ids": [(4, user.id)]})
    america = env["crm.team"].create({"name": "America", "member_ids": [(4, user.id)]})
    assert user.crm_team_ids == europe | america
    assert user.sale_team_id == europe
    assert env["crm.team"].search([("member_ids", "in", user.id)]) == america | europe
    with pytest.raises(ValidationError), env.transaction.savepoint():
        env["crm.team.member"].create({"crm_team_id": europe.id, "user_id": user.id})
    europe.write({"member_ids": [(3, user.id)]})
    assert user.crm_team_ids == america and user.sale_team_id == america
    archived = env["crm.team.member"].with_context(active_test=False).search(
        [("crm_team_id", "=", europe.id), ("user_id", "=", user.id)])
    assert archived and not archived.active                     # history stays
    europe.write({"member_ids": [(4, user.id)]})
    assert archived.active and europe.member_count == 1


def test_only_internal_users_join_teams(env: Any) -> None:
    portal = new_user(env, "portal_member", ["base.group_portal"])
    team = env.ref("sales_team.team_sales_department")
    with pytest.raises(ValidationError):
        env["crm.team.member"].create({"crm_team_id": team.id, "user_id": portal.id})


def test_team_access(env: Any) -> None:
    plain = new_user(env, "team_plain")
    salesman = new_user(env, "team_salesman", [ALL_DOCS])
    manager = new_user(env, "team_manager", [MANAGER])
    team = env.ref("sales_team.team_sales_department")
    for user in (plain, salesman):
        teams = env(user=user.id)["crm.team"]
        assert team in teams.search([])
        assert teams.browse(team.id).member_ids.ids == team.member_ids.ids
        with pytest.raises(AccessError):
            teams.browse(team.id).write({"name": "Renamed"})
        with pytest.raises(AccessError):
            teams.create({"name": "Mine"})
    mine = env(user=manager.id)["crm.team"].create({"name": "Managed",
                                                    "member_ids": [(4, salesman.id)]})
    mine.write({"user_id": manager.id})
    mine.unlink()


def test_teams_of_other_companies_are_hidden(env: Any) -> None:
    other = env["res.company"].create({"name": "Other Company"})
    env["crm.team"].create({"name": "Abroad", "company_id": other.id})
    env["crm.team"].create({"name": "Everywhere", "company_id": False})
    user = new_user(env, "company_salesman", [SALESMAN])
    names = env(user=user.id)["crm.team"].search([]).mapped("name")
    assert "Abroad" not in names and "Everywhere" in names and "Sales" in names


def test_tags(env: Any) -> None:
    salesman = new_user(env, "tag_salesman", [SALESMAN])
    tags = env(user=salesman.id)["crm.tag"]
    tag = tags.create({"name": "Hot"})
    assert 1 <= tag.color <= 11
    tag.write({"name": "Very hot"})
    with pytest.raises(AccessError):
        tag.unlink()
    with pytest.raises(ValidationError), env.transaction.savepoint():
        tags.create({"name": "Very hot"})
    plain = new_user(env, "tag_plain")
    with pytest.raises(AccessError):
        env(user=plain.id)["crm.tag"].search([])
    env(user=new_user(env, "tag_manager", [MANAGER]).id)["crm.tag"].browse(tag.id).unlink()
