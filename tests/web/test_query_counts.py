"""Read queries per page stay constant in the number of records (core.testing.count_queries).

The handlers run in-process on a transaction of the test environment, so the statements
of exactly one page are counted, whatever the number of records it shows.
"""

import pytest
from werkzeug.routing import Map, Rule
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from core.testing import count_queries
from core.web.app import RequestContext, Route
from core.web.client import view_routes
from core.web.client.view_form import show_record


class FakeApp:
    session_store = None

    def public_uid(self, ctx):
        return 1


def run_page(env, path, handler, **args):
    request = Request(EnvironBuilder(path=path).get_environ())
    route = Route(handler)
    ctx = RequestContext(FakeApp(), request, route, args, env.registry, env.transaction,
                         uid=env.uid)
    counter = count_queries(env)
    response = handler(ctx)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return counter()


def admin_env(make_env):
    env = make_env(["test_web"])
    return env(user=env.ref("base.user_admin").id, context={"lang": "en_US"})


def make_tasks(env, count, prefix):
    tags = env["test_web.tag"].create([{"name": f"{prefix} tag {i}"} for i in range(3)])
    call = env.ref("test_web.activity_type_call")
    stages = env["test_web.stage"].search([])
    env["test_web.task"].create([{
        "name": f"{prefix} {i}", "tag_ids": [(6, 0, tags.ids)], "stage_id": stages[i % 3].id,
        "line_ids": [(0, 0, {"name": "line", "price": 2})],
        "activity_ids": [(0, 0, {"activity_type_id": call.id, "date_deadline": "2031-01-01"})],
    } for i in range(count)])


@pytest.mark.parametrize("view", ["list", "kanban", "graph", "pivot", "activity"])
def test_multi_record_views(make_env, view):
    env = admin_env(make_env)
    action = env.ref("test_web.action_tasks").id

    def queries(count, prefix):
        make_tasks(env(su=True), count, prefix)
        env.transaction.cache.invalidate()
        env.registry.clear_caches()
        run_page(env, f"/web/action/{action}/{view}?sd=0&s=name:{prefix}",
                 view_routes.view_page, action_id=action, view_type=view)   # warm caches
        env.transaction.cache.invalidate()
        return run_page(env, f"/web/action/{action}/{view}?sd=0&s=name:{prefix}",
                        view_routes.view_page, action_id=action, view_type=view)
    assert queries(3, "Few") == queries(40, "Many")


def test_form_with_lines(make_env):
    env = admin_env(make_env)
    action = env.ref("test_web.action_tasks").id

    def queries(count):
        task = env["test_web.task"].sudo().create({
            "name": f"Form {count}", "line_ids": [(0, 0, {"name": f"l{i}"})
                                                  for i in range(count)]})
        env.transaction.cache.invalidate()
        path = f"/web/action/{action}/form/{task.id}"
        run_page(env, path, show_record, action_id=action, record_id=task.id)
        env.transaction.cache.invalidate()
        return run_page(env, path, show_record, action_id=action, record_id=task.id)
    assert queries(2) == queries(30)


def test_the_rules_we_call_exist():
    urls = Map([Rule(r.rule, endpoint=r.endpoint, methods=r.methods)
                for r in view_routes.ROUTES]).bind("localhost")
    assert urls.match("/web/action/3/kanban")[1] == {"action_id": 3, "view_type": "kanban"}
