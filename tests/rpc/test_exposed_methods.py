"""In process: the ORM methods the RPC layer exposes check access like ``read``; the ones
it does not expose are refused before they run. (No server needed for these.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from core.exceptions import AccessError
from core.orm.environment import Environment
from core.rpc.call_kw import ORM_PUBLIC, call_kw, resolve_method
from core.testing import new_user


@pytest.fixture
def user_env(make_env: Callable[..., Any]) -> Environment:
    env = make_env(["test_rpc"])
    demo = new_user(env, "rpc_probe")
    env.transaction.cache.invalidate()
    return Environment(env.transaction, demo.id, {})


@pytest.mark.parametrize("method", ["name_get", "get_metadata", "read", "copy_data",
                                    "onchange"])
def test_reading_a_model_without_read_access_is_refused(user_env: Environment,
                                                         method: str) -> None:
    """Display names and metadata are computed as superuser: the methods check first."""
    args = {"onchange": [[1], {}, [], ["name"]]}.get(method, [[1]])
    with pytest.raises(AccessError):
        call_kw(user_env["ir.module.module"], method, args, {})


def test_recordset_machinery_is_not_callable(user_env: Environment) -> None:
    model = user_env["test.lead"]
    for name in ("sudo", "with_user", "with_context", "mapped", "filtered", "browse",
                 "new", "ensure_one", "sorted", "union", "with_env", "grouped"):
        with pytest.raises(AccessError):
            resolve_method(model, name)
    for name in sorted(ORM_PUBLIC):
        assert resolve_method(model, name) is not None


def test_call_kw_results(make_env: Callable[..., Any]) -> None:
    env = make_env(["test_rpc"])
    lead = call_kw(env["test.lead"], "create", [{"name": "One"}], {})
    assert isinstance(lead, int)
    assert call_kw(env["test.lead"], "create", [[{"name": "Two"}]], {}) == [lead + 1]
    assert call_kw(env["test.lead"], "search", [[("id", "=", lead)]], {}) == [lead]
    assert call_kw(env["test.lead"], "read", [lead, ["name"]], {}) == [
        {"id": lead, "name": "One"}]
    copy = call_kw(env["test.lead"], "copy", [[lead]], {"default": {"name": "Three"}})
    assert isinstance(copy, int)
    assert call_kw(env["test.lead"], "exists", [[lead, copy, 10**6]], {}) == [lead, copy]
    assert call_kw(env["test.lead"], "action_return_none", [lead], {}) is None
    with pytest.raises(TypeError):
        call_kw(env["test.lead"], "read", [[True]], {})
    with pytest.raises(TypeError):
        call_kw(env["test.lead"], "rpc_add", [1], {"c": 2})
