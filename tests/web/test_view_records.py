"""Views as records: inheritance, groups, translation, default views, install validation."""

import pytest
from lxml import etree

from core.exceptions import AccessError, UserError, ValidationError
from core.registry import modules
from core.registry.data import DataError
from core.testing import new_user


def arch_of(env, model, view_type, **kwargs):
    return etree.fromstring(env["ir.ui.view"].get_view(model, view_type, **kwargs)["arch"])


def test_extensions_are_applied_in_order(make_env):
    env = make_env(["test_web_ext"])
    form = arch_of(env, "test_web.task", "form")
    names = [f.get("name") for f in form.iter("field")]
    assert names[names.index("partner_name") + 1] == "ext_note"
    buttons = [b.get("name") for b in form.find("header").iter("button")]
    assert buttons[:2] == ["action_ext", "action_start"]
    assert form.find(".//field[@name='hourly_rate']").get("invisible") == "state == 'done'"


def test_extension_views_restricted_to_groups(make_env):
    env = make_env(["test_web_ext"])
    admin = env.ref("base.user_admin")
    clerk = new_user(env, "clerk")
    views = env["ir.ui.view"]
    shown = views.with_user(admin)._view_bundle("test_web.task", "form")
    hidden = views.with_user(clerk)._view_bundle("test_web.task", "form")
    assert "Admin Colour" in etree.tostring(shown.arch, encoding="unicode")
    assert "Admin Colour" not in etree.tostring(hidden.arch, encoding="unicode")


def test_elements_with_groups_are_removed_for_other_users(make_env):
    env = make_env(["test_web"])
    env["ir.ui.view"].create({"name": "grouped", "model": "test_web.tag", "priority": 1,
                              "arch": '<list><field name="name"/>'
                                      '<field name="color" groups="base.group_system"/></list>'})
    clerk = new_user(env, "clerk2")
    bundle = env["ir.ui.view"].with_user(clerk)._view_bundle("test_web.tag", "list")
    assert [f.name for f in bundle.view.fields] == ["name"]
    assert "color" not in bundle.fields


def test_view_strings_are_translated_in_their_addon_domain(make_env):
    env = make_env(["test_web"], context={"lang": "de_DE"})
    bundle = env["ir.ui.view"]._view_bundle("test_web.task", "form")
    text = etree.tostring(bundle.arch, encoding="unicode")
    assert 'string="Positionen"' in text and 'string="Als erledigt markieren"' in text
    search = env["ir.ui.view"]._view_bundle("test_web.task", "search").view
    assert "Meine Aufgaben" in [f.string for f in search.filters]


def test_default_views_for_models_without_views(make_env):
    env = make_env(["test_web"])
    form = env["ir.ui.view"]._view_bundle("test_web.tag", "form")
    assert form.id is None and {"name", "color"} <= form.fields
    for view_type in ("list", "search", "kanban", "graph", "pivot", "activity"):
        assert env["ir.ui.view"]._view_bundle("test_web.tag", view_type).view is not None


def test_get_views_answers_like_odoo(make_env):
    env = make_env(["test_web"])
    result = env["ir.ui.view"].get_views("test_web.task", [[False, "list"], [False, "form"]])
    assert set(result["views"]) == {"list", "form"}
    assert result["views"]["list"]["arch"].startswith("<list")
    assert "stage_id" in result["models"]["test_web.task"]


def test_invalid_view_is_refused_on_create_and_write(make_env):
    env = make_env(["test_web"])
    views = env["ir.ui.view"]
    view = env.ref("test_web.task_view_list")
    cases = [
        ("does not exist on model", lambda: views.create(
            {"name": "x", "model": "test_web.task",
             "arch": '<list><field name="nope"/></list>'})),
        ("matches nothing", lambda: views.create(
            {"name": "ext", "inherit_id": view.id,
             "arch": '<field name="nope" position="after"><field name="name"/></field>'})),
        ("action_missing", lambda: view.write(
            {"arch": '<list><button name="action_missing" type="object"/></list>'})),
        ("private method", lambda: view.write(
            {"arch": '<list><button name="_private_method" type="object"/></list>'})),
        ("does not match the list view schema", lambda: view.write(
            {"arch": '<list><group/></list>'})),
    ]
    for reason, attempt in cases:
        with pytest.raises(ValidationError, match=reason), env.cr.savepoint():
            attempt()


def test_install_of_an_addon_with_a_bad_view_fails_and_changes_nothing(databases):
    registry = databases.fresh_registry(["test_web"])
    with pytest.raises(DataError) as error:
        modules.install(registry, ["test_web_bad"])
    message = str(error.value)
    assert "test_web_bad" in message and "bad_views.xml" in message
    assert "test_web_bad.task_view_list_bad" in message
    assert "'no_such_field' does not exist on model test_web.task" in message
    with registry.transaction() as tx:
        env = registry.env(tx)
        assert env["ir.module.module"].search([("name", "=", "test_web_bad")]).state \
            == "uninstalled"
        assert not env["ir.actions.act_window"].search([("name", "=", "Bad")])


def test_menus_show_only_what_the_user_may_open(make_env):
    env = make_env(["test_web"])
    clerk = new_user(env, "menu_clerk")
    portal = new_user(env, "menu_portal", groups=("base.group_portal",))
    tree = env["ir.ui.menu"].with_user(clerk).visible_tree()
    tasks = next(app for app in tree if app["name"] == "Tasks")
    assert [m["name"] for m in tasks["children"]] == ["Tasks"]     # no Configuration
    assert "Settings" not in [app["name"] for app in tree]
    assert env["ir.ui.menu"].with_user(portal).visible_tree() == []
    admin_tree = env["ir.ui.menu"].with_user(env.ref("base.user_admin")).visible_tree()
    assert {"Tasks", "Settings"} <= {app["name"] for app in admin_tree}


def test_window_actions_check_access(make_env):
    env = make_env(["test_web"])
    portal = new_user(env, "act_portal", groups=("base.group_portal",))
    action = env.ref("test_web.action_tasks")
    with pytest.raises(AccessError):
        env["ir.actions.act_window"].with_user(portal)._for_user(action.id)
    assert action.view_types() == ["kanban", "list", "form", "graph", "pivot", "activity"]


def test_server_actions_call_one_public_method(make_env):
    env = make_env(["test_web"])
    task = env["test_web.task"].create({"name": "S"})
    action = env.ref("test_web.server_action_done")
    action.run_on(task)
    assert task.state == "done"
    action.method = "_private_method"
    with pytest.raises(UserError, match="not a public method"):
        action.run_on(task)


def test_favourites_belong_to_their_user(make_env):
    env = make_env(["test_web"])
    clerk = new_user(env, "fav_clerk")
    filters = env["ir.filters"]
    mine = filters.with_user(clerk).create_or_replace(
        {"name": "Mine", "model_id": "test_web.task", "search_state": "f=my_tasks"})
    again = filters.with_user(clerk).create_or_replace(
        {"name": "mine", "model_id": "test_web.task", "search_state": "f=unassigned"})
    assert mine == again
    assert [f["name"] for f in filters.with_user(clerk).get_filters("test_web.task")] == ["mine"]
    assert filters.with_user(env.ref("base.user_admin")).get_filters("test_web.task") == []
    with pytest.raises(AccessError):
        filters.with_user(clerk).create_or_replace(
            {"name": "Shared", "model_id": "test_web.task", "user_id": False})


def test_favourites_through_the_orm_show_own_and_shared_only(make_env):
    env = make_env(["test_web"])
    clerk = new_user(env, "orm_clerk")
    other = new_user(env, "orm_other")
    filters = env["ir.filters"].sudo()
    filters.create([{"name": "clerk's", "model_id": "m", "user_id": clerk.id},
                    {"name": "other's", "model_id": "m", "user_id": other.id},
                    {"name": "shared", "model_id": "m", "user_id": False}])
    seen = env["ir.filters"].with_user(clerk).search([("model_id", "=", "m")])
    assert sorted(seen.mapped("name")) == ["clerk's", "shared"]


def test_erp_install_of_a_bad_view_fails_with_one_clear_line(databases):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    db = databases.new_url("badcli")

    def erp(*args):
        return subprocess.run([sys.executable, "-m", "core.cli", "--db", db, "--addons-path",
                               str(root / "tests" / "addons"), *args], cwd=root,
                              capture_output=True, text=True, timeout=300)

    assert erp("init", "--install", "test_web").returncode == 0
    before = erp("addons").stdout
    result = erp("install", "test_web_bad")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    for part in ("bad_views.xml", "test_web_bad.task_view_list_bad", "addon test_web_bad",
                 "'no_such_field' does not exist on model test_web.task"):
        assert part in lines[0], part
    assert erp("addons").stdout == before
