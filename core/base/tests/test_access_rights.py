"""ir.model.access and ir.rule: Odoo's semantics, their caches, and users on themselves."""

from __future__ import annotations

from typing import Any

import pytest

from core.exceptions import AccessError, ValidationError
from core.testing import count_queries, new_user, rollback_env


@pytest.fixture
def env(make_env: Any) -> Any:
    return make_env(["test_access"])


def model_id(env: Any, name: str) -> int:
    return env["ir.model"].search([("model", "=", name)]).id


def test_access_lines_add_up_and_inactive_ones_do_not_count(env: Any) -> None:
    user = new_user(env, "acl_user")
    secret = env(user=user.id)["test.access.secret"]
    assert not secret.check_access_rights("read", raise_exception=False)
    line = env["ir.model.access"].create({
        "name": "everyone reads", "model_id": model_id(env, "test.access.secret"),
        "perm_read": True})
    assert secret.check_access_rights("read", raise_exception=False)   # at once
    assert not secret.check_access_rights("write", raise_exception=False)
    line.write({"active": False})
    assert not secret.check_access_rights("read", raise_exception=False)
    env["ir.model.access"].create({
        "name": "managers write", "model_id": model_id(env, "test.access.secret"),
        "group_id": env.ref("base.group_erp_manager").id, "perm_write": True})
    assert not secret.check_access_rights("write", raise_exception=False)
    user.write({"groups_id": [(4, env.ref("base.group_system").id)]})   # implies it
    assert secret.check_access_rights("write", raise_exception=False)


def test_answers_are_cached_between_calls(env: Any) -> None:
    user = new_user(env, "cached_user", ["sales_team.group_sale_salesman"])
    documents = env(user=user.id)["test.access.document"]
    documents.check_access_rights("read")
    documents._rule_domain("read")
    queries = count_queries(env)
    for _round in range(3):
        documents.check_access_rights("read")
        documents._rule_domain("read")
    assert queries() == 0


def test_rolled_back_changes_leave_no_trace_in_the_cache(databases: Any) -> None:
    registry = databases.registry(["test_access"])
    with rollback_env(registry) as env:
        user = new_user(env, "tmp_manager", ["sales_team.group_sale_manager"])
        uid = user.id
        assert env(user=uid)["test.access.document"].check_access_rights("unlink")
    with rollback_env(registry) as env:
        user = new_user(env, "tmp_plain")       # SQLite reuses the id of the rolled-back user
        assert user.id == uid or env.registry.dialect.name == "postgresql"
        with pytest.raises(AccessError):
            env(user=user.id)["test.access.document"].check_access_rights("read")
    with rollback_env(registry) as env:
        admin = env.ref("base.user_admin")
        for _round in range(2):   # a clean transaction publishes, then reuses, the answer
            assert env(user=admin.id)["res.users"].check_access_rights("write")


def test_global_rules_restrict_group_rules_widen(env: Any) -> None:
    own = new_user(env, "rule_own", ["sales_team.group_sale_salesman"])
    other = new_user(env, "rule_other", ["sales_team.group_sale_salesman"])
    docs = env["test.access.document"].create([
        {"name": "mine small", "user_id": own.id, "amount": 1},
        {"name": "mine big", "user_id": own.id, "amount": 100},
        {"name": "theirs big", "user_id": other.id, "amount": 100},
    ])
    seen = env(user=own.id)["test.access.document"]
    assert seen.search([]).ids == docs[:2].ids
    env["ir.rule"].create({"name": "big ones for the team leaders",
                           "model_id": model_id(env, "test.access.document"),
                           "groups": [(4, env.ref("base.group_partner_manager").id)],
                           "domain_force": "[('amount', '>=', 50)]"})
    assert seen.search([]).ids == docs[:2].ids          # not a member: no change
    own.write({"groups_id": [(4, env.ref("base.group_partner_manager").id)]})
    assert seen.search([]).ids == docs.ids              # group rules are OR-ed
    env["ir.rule"].create({"name": "small ones only",
                           "model_id": model_id(env, "test.access.document"),
                           "domain_force": "[('amount', '<', 50)]"})
    assert seen.search([]).ids == docs[:1].ids          # global rules are AND-ed
    assert env["test.access.document"].search_count([("id", "in", docs.ids)]) == 3


def test_rules_per_operation(env: Any) -> None:
    user = new_user(env, "rule_op", ["sales_team.group_sale_salesman"])
    doc = env["test.access.document"].create({"name": "frozen", "user_id": user.id})
    env["ir.rule"].create({"name": "no writing on frozen", "perm_read": False,
                           "perm_create": False, "perm_unlink": False,
                           "model_id": model_id(env, "test.access.document"),
                           "domain_force": "[('name', '!=', 'frozen')]"})
    mine = env(user=user.id)["test.access.document"].browse(doc.id)
    assert mine.read(["name"])[0]["name"] == "frozen"
    with pytest.raises(AccessError):
        mine.write({"amount": 2})


def test_requested_companies_must_be_the_users(env: Any) -> None:
    other = env["res.company"].create({"name": "Elsewhere Ltd"})
    user = new_user(env, "company_user", ["sales_team.group_sale_salesman_all_leads"])
    env["test.access.document"].create([{"name": "here", "company_id": 1},
                                        {"name": "there", "company_id": other.id}])
    docs = env(user=user.id)["test.access.document"]
    assert docs.search([]).mapped("name") == ["here"]
    with pytest.raises(AccessError):
        docs.with_context(allowed_company_ids=[other.id]).search([])
    user.write({"company_ids": [(4, other.id)]})
    both = docs.with_context(allowed_company_ids=[1, other.id])
    assert sorted(both.search([]).mapped("name")) == ["here", "there"]
    assert docs.with_context(allowed_company_ids=[other.id]).search([]).mapped("name") == \
        ["there"]
    assert sorted(env(user=user.id)["res.company"].search([]).ids) == [1, other.id]


def test_rule_domains_are_checked(env: Any) -> None:
    values = {"name": "bad", "model_id": model_id(env, "test.access.document")}
    with pytest.raises(ValidationError):
        env["ir.rule"].create({**values, "domain_force": "[('user_id', 'likes', 1)]"})
    with pytest.raises(ValidationError):
        env["ir.rule"].create({**values, "domain_force": "__import__('os')"})
    with pytest.raises(ValidationError):
        env["ir.rule"].create({**values, "model_id": model_id(env, "ir.rule"),
                               "domain_force": "[]"})
    rule = env["ir.rule"].create({**values, "domain_force": "[('user_id', '=', user.id)]"})
    assert rule["global"] is True
    rule.write({"groups": [(4, env.ref("base.group_user").id)]})
    assert rule["global"] is False


def test_time_dependent_rules_are_evaluated_each_time(env: Any) -> None:
    user = new_user(env, "time_user", ["sales_team.group_sale_manager"])
    env["ir.rule"].create({"name": "recent", "model_id": model_id(env, "test.access.document"),
                           "domain_force": "[('create_date', '>=', (context_today() - "
                                           "timedelta(days=1)).isoformat())]"})
    env["test.access.document"].create({"name": "today"})
    docs = env(user=user.id)["test.access.document"]
    assert docs.search([]).mapped("name") == ["today"]
    assert docs._rule_domain("read") is not docs._rule_domain("read")


def test_users_manage_their_own_preferences_only(env: Any) -> None:
    user = new_user(env, "prefs_user", ["base.group_user"])
    other = new_user(env, "prefs_other", ["base.group_user"])
    me = env(user=user.id)["res.users"].browse(user.id)
    me.write({"lang": "de_DE", "tz": "Europe/Berlin", "email": "me@example.com"})
    assert me.read(["lang", "tz", "email"])[0]["lang"] == "de_DE"
    assert me.context_get()["lang"] == "de_DE"
    assert me.preference_save()["tag"] == "reload_context"
    for values in ({"groups_id": [(4, env.ref("base.group_system").id)]}, {"login": "x"},
                   {"lang": "de_DE", "name": "Boss"}):
        with pytest.raises(AccessError):
            me.write(values)
    with pytest.raises(AccessError):
        env(user=user.id)["res.users"].browse(other.id).write({"lang": "de_DE"})
    assert not user.has_group("base.group_system")


def test_admin_keeps_full_access_to_base(env: Any) -> None:
    admin = env(user=env.ref("base.user_admin").id)
    for model in ("res.users", "res.groups", "res.company", "ir.model.access", "ir.rule",
                  "ir.config_parameter", "ir.ui.menu", "ir.module.module", "res.currency"):
        for mode in ("read", "write", "create", "unlink"):
            assert admin[model].check_access_rights(mode), (model, mode)
    new = admin["res.users"].create({"name": "Made by admin", "login": "madebyadmin"})
    new.write({"password": "a-long-password"})
    assert admin["res.users"].authenticate("", "madebyadmin", "a-long-password", {}) == new.id
