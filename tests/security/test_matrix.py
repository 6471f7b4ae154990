"""The Sales access matrix through the ORM: every (user level, operation, owner) cell."""

from __future__ import annotations

from typing import Any

import pytest

from core.exceptions import AccessError
from core.testing import new_user

from .matrix import CELLS, ROLES, expected


@pytest.fixture
def world(make_env: Any) -> dict[str, Any]:
    env = make_env(["test_access"])
    users = {role: new_user(env, f"matrix_{role}", groups) for role, groups in ROLES.items()}
    users["stranger"] = new_user(env, "matrix_stranger", ROLES["own"])
    return {"env": env, "users": users}


def owner_id(owner: str, user: Any, stranger: Any) -> Any:
    return {"self": user.id, "other": stranger.id, "nobody": False}[owner]


def attempt(env: Any, operation: str, doc: Any, owner: Any) -> bool:
    """Run ``operation`` as ``env``'s user; True when ``doc`` was reached."""
    documents = env["test.access.document"]
    record = documents.browse(doc.id)
    if operation == "search":
        return doc.id in documents.search([]).ids
    if operation == "read":
        return record.read(["name"])[0]["name"] == doc.name
    if operation == "write":
        return record.write({"amount": 5})
    if operation == "create":
        return bool(documents.create({"name": "new", "user_id": owner}))
    if operation == "unlink":
        return record.unlink()
    if operation == "read_group":
        groups = documents.read_group([("id", "=", doc.id)], ["amount:sum"], ["user_id"])
        return sum(g["user_id_count"] for g in groups) == 1
    if operation == "name_search":
        return doc.id in [rid for rid, _name in documents.name_search(doc.name)]
    raise ValueError(operation)


@pytest.mark.parametrize(("role", "operation", "owner"), CELLS)
def test_matrix_orm(world: dict[str, Any], role: str, operation: str, owner: str) -> None:
    env, users = world["env"], world["users"]
    user = users[role]
    owner_value = owner_id(owner, user, users["stranger"])
    doc = env["test.access.document"].create({"name": f"doc {role} {operation} {owner}",
                                              "user_id": owner_value, "amount": 1})
    outcome = expected(role, operation, owner)
    as_user = env(user=user.id)
    if outcome == "denied":
        with pytest.raises(AccessError) as info:
            attempt(as_user, operation, doc, owner_value)
        message = str(info.value)
        assert "test.access.document" in message
        assert doc.name not in message          # never the hidden data
        assert doc.exists() and doc.amount == 1  # nothing changed
    else:
        assert attempt(as_user, operation, doc, owner_value) is (outcome == "allowed")


def test_denied_messages_name_operation_and_model(world: dict[str, Any]) -> None:
    env, users = world["env"], world["users"]
    other = env["test.access.document"].create({"name": "Top secret deal",
                                                "user_id": users["stranger"].id})
    own = env(user=users["own"].id)["test.access.document"].browse(other.id)
    with pytest.raises(AccessError) as info:
        own.write({"amount": 3})
    text = info.value.translate("en_US")
    assert "modify" in text and "'Access Test Document' (test.access.document)" in text
    assert str(other.id) in text and "Top secret deal" not in text
    german = info.value.translate("de_DE")
    assert "ändern" in german and "Top secret deal" not in german
    with pytest.raises(AccessError) as info:
        env(user=users["all"].id)["test.access.document"].browse(other.id).unlink()
    text = info.value.translate("en_US")
    assert text.startswith("You are not allowed to delete 'Access Test Document'")
    assert "Sales / Administrator" in text
    assert "Löschen" in info.value.translate("de_DE") or "löschen" in \
        info.value.translate("de_DE")


def test_field_groups_hide_fields(world: dict[str, Any]) -> None:
    env, users = world["env"], world["users"]
    doc = env["test.access.document"].create({"name": "With margin", "margin": 40})
    salesman = env(user=users["all"].id)["test.access.document"]
    assert "margin" not in salesman.fields_get()
    assert "margin" not in salesman.browse(doc.id).read()[0]
    with pytest.raises(AccessError):
        salesman.browse(doc.id).read(["margin"])
    with pytest.raises(AccessError):
        salesman.browse(doc.id).write({"margin": 1})
    manager = env(user=users["manager"].id)["test.access.document"]
    assert "margin" in manager.fields_get()
    assert manager.browse(doc.id).read(["margin"])[0]["margin"] == 40


def test_sudo_bypasses_only_in_code(world: dict[str, Any]) -> None:
    env, users = world["env"], world["users"]
    doc = env["test.access.document"].create({"name": "Other's",
                                              "user_id": users["stranger"].id})
    documents = env(user=users["none"].id)["test.access.document"]
    with pytest.raises(AccessError):
        documents.search([])
    assert doc.id in documents.sudo().search([]).ids          # trusted code may
    assert not documents.sudo().with_user(users["none"]).env.su  # and gives it up again
    with pytest.raises(AccessError):
        documents.sudo().with_user(users["none"]).search([])


def test_model_without_access_lines_is_superuser_only(world: dict[str, Any]) -> None:
    env, users = world["env"], world["users"]
    admin = env.ref("base.user_admin")
    env["test.access.secret"].create({"name": "x"})
    for user in (admin, users["manager"]):
        with pytest.raises(AccessError) as info:
            env(user=user.id)["test.access.secret"].search([])
        assert "No group currently allows this operation." in str(info.value)
    assert env["test.access.secret"].search_count([]) == 1
