"""The Apps page: install, upgrade and uninstall (with the dry run first), menus follow."""

import re


def text(response):
    return response.get_data(as_text=True)


def test_apps_page_lists_addons_with_summary_and_state(admin):
    page = text(admin.get("/web/apps"))
    assert "Web Client Test" in page and "every view type of the web client" in page
    assert 'aria-label="Install Web Client Test Extension"' in page
    assert 'aria-label="Uninstall Web Client Test"' in page
    assert "Installed" in page


def test_install_then_uninstall_changes_menus_and_views_at_once(admin, run):
    tasks = run(lambda env: env.ref("test_web.action_tasks").id)
    assert ">Extension<" not in text(admin.get(f"/web/action/{tasks}/list"))
    response = admin.post("/web/apps/test_web_ext/install")
    assert response.status_code == 303 and response.headers["Location"].endswith(
        "done=installed")
    assert "The app was installed." in text(admin.get(response.headers["Location"]))
    page = text(admin.get(f"/web/action/{tasks}/list"))
    assert ">Extension</a>" in page
    task = re.search(r'data-id="(\d+)"', page).group(1)
    form = text(admin.get(f"/web/action/{tasks}/form/{task}"))
    assert "Extension Button" in form and 'name="ext_note"' in form

    preview = admin.get("/web/apps/test_web/uninstall")
    page = text(preview)
    assert "Uninstall Web Client Test" in page
    assert "test_web_ext" in page and "test_web.task" in page      # dependents and data
    assert "test_web_task" in page                                 # tables to drop
    assert ">Extension<" in text(admin.get(f"/web/action/{tasks}/list"))  # nothing yet

    response = admin.post("/web/apps/test_web_ext/uninstall", {"confirmed": "1"})
    assert response.headers["Location"].endswith("done=uninstalled")
    page = text(admin.get(f"/web/action/{tasks}/list"))
    assert ">Extension<" not in page
    assert "Extension Button" not in text(admin.get(f"/web/action/{tasks}/form/{task}"))


def test_upgrade_keeps_the_addon(admin, run):
    response = admin.post("/web/apps/test_web/upgrade")
    assert response.headers["Location"].endswith("done=upgraded")
    assert run(lambda env: env["ir.module.module"].search(
        [("name", "=", "test_web")]).state) == "installed"


def test_failed_install_is_shown_and_rolled_back(admin, run):
    response = admin.post("/web/apps/test_web_bad/install")
    page = text(response)
    assert response.status_code == 422
    assert "test_web_bad.task_view_list_bad" in page and "no_such_field" in page
    assert run(lambda env: env["ir.module.module"].search(
        [("name", "=", "test_web_bad")]).state) == "uninstalled"
