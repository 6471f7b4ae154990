"""Protected fields cannot be *named* by who cannot read them (issue 11, point 1), in the ORM.

A salesperson rebuilt the administrator's password hash from ``read_group`` aggregates and
from domains used as an oracle (``password_hash >= prefix``, ``write_uid.password_hash``,
``any``). Now every place where a field is named — each condition of a domain, each hop of
a dotted path, ``any``/``not any``, paths through non-stored fields, groupbys, aggregates,
orders — refuses a field the user may not read with an AccessError naming it. Secrets
(``internal`` fields: password hashes, API key digests, session token hashes) are refused to
administrators too; only superuser code (``sudo()``) names them. Record rules are trusted:
they may name fields of groups the user lacks, but not secrets.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from core.exceptions import AccessError, ValidationError
from core.testing import new_user

SELLER = ("base.group_user", "sales_team.group_sale_salesman")
MANAGER = ("base.group_user", "sales_team.group_sale_manager")
PREFIX = "scrypt$"


@pytest.fixture
def world(make_env: Callable[..., Any]) -> SimpleNamespace:
    env = make_env(["crm", "test_access"])
    seller = new_user(env, "leak_seller", SELLER, password="seller-password-1")
    manager = new_user(env, "leak_manager", MANAGER)
    admin = env.ref("base.user_admin")
    lead = env["crm.lead"].create({"name": "Leaky deal", "user_id": seller.id,
                                   "partner_id": env["res.partner"].create(
                                       {"name": "Leaky customer"}).id})
    lead.activity_schedule(summary="Call back", user_id=admin.id)
    env["test.access.document"].create({"name": "Margins", "user_id": seller.id,
                                        "margin": 40})
    env(user=seller.id)["res.users.apikeys"]._generate("rpc", "Seller's script")
    return SimpleNamespace(env=env, seller=env(user=seller.id), admin=env(user=admin.id),
                           manager=env(user=manager.id), lead=lead)


# Every way of naming users' password hashes that answered before; ``env`` is the caller's.
SECRET_ATTACKS: dict[str, Callable[[Any], Any]] = {
    "read_group aggregate": lambda env: env["res.users"].read_group(
        [], ["password_hash:max"], ["login"], lazy=False),
    "read_group aggregate of another alias": lambda env: env["res.users"].read_group(
        [], ["x:count_distinct(password_hash)"], ["login"]),
    "read_group groupby": lambda env: env["res.users"].read_group(
        [], ["login"], ["password_hash"]),
    "domain prefix oracle": lambda env: env["res.users"].search(
        [("id", "=", 2), ("password_hash", ">=", PREFIX)]),
    "search_count": lambda env: env["res.users"].search_count(
        [("password_hash", "=like", PREFIX + "%")]),
    "negated condition": lambda env: env["res.users"].search(
        ["!", ("password_hash", "=", False)]),
    "search_read domain": lambda env: env["res.users"].search_read(
        [("password_hash", "!=", False)], ["login"]),
    "name_search args": lambda env: env["res.users"].name_search(
        "", [("password_hash", "like", PREFIX)]),
    "write_uid path": lambda env: env["crm.lead"].search(
        [("write_uid.password_hash", ">=", PREFIX)]),
    "path through other models": lambda env: env["crm.lead"].search(
        [("partner_id.user_id.password_hash", ">=", PREFIX)]),
    "many2one any": lambda env: env["crm.lead"].search(
        [("user_id", "any", [("password_hash", ">=", PREFIX)])]),
    "many2one not any": lambda env: env["crm.lead"].search(
        [("user_id", "not any", [("password_hash", "<", PREFIX)])]),
    "one2many any": lambda env: env["crm.team"].search(
        [("crm_team_member_ids", "any", [("user_id.password_hash", ">=", PREFIX)])]),
    "many2many any": lambda env: env["res.groups"].search(
        [("users", "any", [("password_hash", ">=", PREFIX)])]),
    "path then any": lambda env: env["crm.lead"].search(
        [("team_id.crm_team_member_ids", "any", [("user_id.password_hash", ">=", PREFIX)])]),
    "non-stored field path": lambda env: env["crm.lead"].search(
        [("activity_ids.user_id.password_hash", ">=", PREFIX)]),
    "non-stored field any": lambda env: env["crm.lead"].search(
        [("activity_ids", "any", [("user_id.password_hash", ">=", PREFIX)])]),
    "order": lambda env: env["res.users"].search([], order="password_hash desc"),
    "search_read order": lambda env: env["res.users"].search_read(
        [], ["login"], order="password_hash"),
}


@pytest.mark.parametrize("role", ["seller", "admin"])
@pytest.mark.parametrize("attack", sorted(SECRET_ATTACKS))
def test_password_hashes_cannot_be_named(world: SimpleNamespace, role: str,
                                         attack: str) -> None:
    env = getattr(world, role)
    assert not env.su
    with pytest.raises(AccessError) as info:
        SECRET_ATTACKS[attack](env)
    assert "password_hash" in info.value.translate("en_US")
    assert "password_hash" in info.value.translate("de_DE")
    assert PREFIX not in info.value.translate("en_US")


def test_secrets_are_named_by_superuser_code_only(world: SimpleNamespace) -> None:
    keys, sessions = world.admin["res.users.apikeys"], world.admin["res.users.session"]
    for call in (lambda: keys.search([("key", "like", "sha256$")]),
                 lambda: keys.read_group([], ["key:max"], ["user_id"]),
                 lambda: keys.search([], order="key"),
                 lambda: sessions.search([("token_hash", "!=", False)]),
                 lambda: world.admin["res.users"].search([("create_uid.password_hash",
                                                           "!=", False)])):
        with pytest.raises(AccessError):
            call()
    own_keys = world.seller["res.users.apikeys"]
    with pytest.raises(AccessError, match="key"):
        own_keys.search([("key", "like", "sha256$")])      # not even the digest of one's own
    assert "password_hash" not in world.admin["res.users"].fields_get()
    assert "key" not in world.admin["res.users.apikeys"].fields_get()
    readable = world.admin["res.users"].check_field_access_rights("read", None)
    assert "login" in readable and "password_hash" not in readable
    users = world.seller["res.users"].sudo()                 # trusted code keeps its way
    assert users.search([("password_hash", "=like", PREFIX + "%")])
    groups = users.read_group([("password_hash", "!=", False)], ["password_hash:max"],
                              ["login"], lazy=False)
    assert groups and all(g["password_hash"].startswith(PREFIX) for g in groups)
    assert world.env["crm.lead"].search([("user_id.password_hash", "!=", False)])


def test_groups_fields_are_named_only_by_their_groups(world: SimpleNamespace) -> None:
    seller, manager = world.seller["test.access.document"], world.manager["test.access.document"]
    for call in (lambda: seller.search([("margin", ">", 30)]),
                 lambda: seller.search([("user_id.name", "!=", False), ("margin", "=", 40)]),
                 lambda: seller.read_group([], ["margin:sum"], ["user_id"]),
                 lambda: seller.read_group([], ["name"], ["margin"]),
                 lambda: seller.search([], order="margin"),
                 lambda: seller.search_read([], ["name", "margin"])):
        with pytest.raises(AccessError, match="margin"):
            call()
    assert "margin" not in seller.fields_get()
    assert manager.search([("margin", ">", 30)]).mapped("name") == ["Margins"]
    assert manager.read_group([], ["margin:sum"], [])[0]["margin"] == 40
    assert manager.search([], order="margin desc")


def test_record_rules_may_name_groups_fields_but_not_secrets(world: SimpleNamespace) -> None:
    env = world.env
    model = env["ir.model"].search([("model", "=", "test.access.document")])
    env["ir.rule"].create({"name": "margins known", "model_id": model.id,
                           "domain_force": "['|', ('margin', '=', False), ('margin', '>=', 0)]"})
    seller = world.seller["test.access.document"]
    assert seller.search([]).mapped("name") == ["Margins"]      # the rule is trusted code
    with pytest.raises(AccessError, match="margin"):
        seller.search([("margin", ">=", 0)])                     # the user is not
    users = env["ir.model"].search([("model", "=", "res.users")])
    for domain in ("[('password_hash', '!=', False)]", "[('create_uid.password_hash', '=', 'x')]",
                   "[('groups_id.users', 'any', [('password_hash', '=like', 's%')])]"):
        with pytest.raises(ValidationError, match="password_hash"):
            env["ir.rule"].create({"name": "oracle", "model_id": users.id,
                                   "domain_force": domain})


def test_expressions_do_not_read_secrets(world: SimpleNamespace) -> None:
    """A rule's ``user`` is read as superuser: an administrator's expression must not print
    a hash in the error that refuses it, nor reach other users' records for theirs."""
    users = world.env["ir.model"].search([("model", "=", "res.partner")])
    for expression in ("[('id', '=', int(user.password_hash))]",
                       "[('id', '=', int(user['password_hash']))]",
                       "[('id', '=', int(user.groups_id[0].users[0].password_hash))]",
                       "[('id', '=', user.password_hash())]"):
        with pytest.raises(ValidationError) as info:
            world.admin["ir.rule"].create({"name": "echo", "model_id": users.id,
                                           "domain_force": expression})
        assert PREFIX not in info.value.translate("en_US")
        assert "password_hash" in info.value.translate("en_US")


def test_paths_through_uncomputable_fields_leak_nothing(world: SimpleNamespace) -> None:
    """``message_ids`` has no search method: the path is refused before its end is read."""
    with pytest.raises((AccessError, ValueError)):
        world.seller["crm.lead"].search(
            [("message_ids.author_id.user_ids.password_hash", ">=", PREFIX)])
    with pytest.raises(AccessError, match="password_hash"):
        world.seller["res.partner"].search(
            [("user_id.password_hash", ">=", PREFIX)])


def test_values_cached_by_superuser_code_do_not_leak(world: SimpleNamespace) -> None:
    """Superuser code fills the transaction's cache with every column, secrets included;
    ``onchange`` and ``copy_data`` answer from the cache, so they check as ``read`` does."""
    assert world.env["res.users"].browse(2).login == "admin"        # prefetches the hash
    world.env["test.access.document"].search([]).mapped("name")     # and the margins
    admin_user = world.seller["res.users"].browse(2)
    for role in ("seller", "admin"):
        with pytest.raises(AccessError, match="password_hash"):
            getattr(world, role)["res.users"].browse(2).onchange(
                {}, [], ["display_name", "password_hash"])
    assert admin_user.onchange({}, [], ["login"])["value"]["login"] == "admin"
    document = world.seller["test.access.document"].search([("name", "=", "Margins")])
    assert "margin" not in document.copy_data()[0]
    with pytest.raises(AccessError, match="margin"):
        document.onchange({}, [], ["margin"])
    assert world.manager["test.access.document"].browse(document.id).copy_data()[0][
        "margin"] == 40
