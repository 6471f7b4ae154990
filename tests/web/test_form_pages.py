"""The form view through HTTP: create, edit, errors next to fields, buttons, Action menu."""

import re

import pytest


@pytest.fixture
def action(run):
    return run(lambda env: env.ref("test_web.action_tasks").id)


def text(response):
    return response.get_data(as_text=True)


def write_date(page):
    return re.search(r'name="__write_date" value="([^"]*)"', page).group(1)


def form_values(**values):
    base = {"name": "", "partner_name": "", "email": "", "user_id": "", "stage_id": "",
            "date_deadline": "", "priority": "0", "planned_hours": "", "hourly_rate": "50",
            "amount": "", "description": "", "__write_date": ""}
    base.update(values)
    return base


def test_new_form_has_defaults_labels_and_header(admin, action):
    page = text(admin.get(f"/web/action/{action}/form/new?default_stage_id=2"))
    assert '<label for="field-name" class="o-label">Title</label>' in page
    assert '<option value="2" selected>In Progress</option>' in page
    assert 'name="hourly_rate" value="50.00"' in page
    assert 'class="statusbar"' in page and 'aria-current="step"' in page
    assert ">Start</button>" in page
    for field_id in re.findall(r'<(?:input|select|textarea)[^>]* id="(field-[^"]+)"', page):
        assert f'for="{field_id}"' in page, field_id


def test_create_with_errors_keeps_what_was_typed(admin, action, run):
    response = admin.post(f"/web/action/{action}/form/new",
                          form_values(planned_hours="abc", date_deadline="31.31.2020",
                                      partner_name="Initech"))
    page = text(response)
    assert response.status_code == 422
    assert 'id="err-name" role="alert">This field is required.<' in page
    assert 'id="err-planned_hours" role="alert">Not a valid number.<' in page
    assert 'id="err-date_deadline" role="alert">Not a valid date.<' in page
    assert 'value="abc"' in page and 'value="Initech"' in page
    assert 'aria-invalid="true" aria-describedby="err-planned_hours"' in page
    assert run(lambda env: env["test_web.task"].search_count([("partner_name", "=",
                                                               "Initech")])) == 0


def test_create_then_edit_redirects_to_the_record(admin, action, run):
    response = admin.post(f"/web/action/{action}/form/new?from=list",
                          form_values(name="Fresh task", planned_hours="2.5"))
    assert response.status_code == 303
    hours = run(lambda env: env["test_web.task"].search([("name", "=", "Fresh task")])
                .planned_hours)
    assert hours == 2.5
    location = response.headers["Location"]
    assert re.match(rf"/web/action/{action}/form/\d+\?from=list", location)
    page = text(admin.get(location))
    assert 'value="Fresh task"' in page
    assert f'<a href="/web/action/{action}/list">Tasks</a>' in page
    response = admin.post(location, form_values(name="Renamed task", planned_hours="1",
                                                __write_date=write_date(page)))
    assert response.status_code == 303
    assert run(lambda env: env["test_web.task"].search_count(
        [("name", "=", "Renamed task")])) == 1


def test_required_modifier_uses_the_values_being_saved(admin, action, run):
    task = run(lambda env: env["test_web.task"].create({"name": "Req", "state": "open"}).id)
    page = text(admin.get(f"/web/action/{action}/form/{task}"))
    response = admin.post(f"/web/action/{action}/form/{task}",
                          form_values(name="Req", planned_hours="",
                                      __write_date=write_date(page)))
    assert response.status_code == 422
    assert 'id="err-planned_hours" role="alert">This field is required.' in text(response)


def test_stale_record_is_not_overwritten(admin, action, run):
    task = run(lambda env: env["test_web.task"].create({"name": "Stale"}).id)
    page = text(admin.get(f"/web/action/{action}/form/{task}"))
    stamp = write_date(page)
    run(lambda env: env.cr.execute(
        __import__("sqlalchemy").text("UPDATE test_web_task SET write_date = "
                                      "'2099-01-01 00:00:00' WHERE id = :i"), {"i": task}))
    response = admin.post(f"/web/action/{action}/form/{task}",
                          form_values(name="Mine", __write_date=stamp))
    assert response.status_code == 422
    assert "changed by someone else" in text(response)
    assert run(lambda env: env["test_web.task"].browse(task).name) == "Stale"


def test_deleted_record_gives_a_clear_page(admin, action, run):
    task = run(lambda env: env["test_web.task"].create({"name": "Gone"}).id)
    run(lambda env: env["test_web.task"].browse(task).unlink())
    response = admin.get(f"/web/action/{action}/form/{task}")
    assert response.status_code == 404
    assert "may have been deleted" in text(response)


def test_header_button_saves_then_calls_the_method(admin, action, run):
    task = run(lambda env: env["test_web.task"].create({"name": "Button"}).id)
    page = text(admin.get(f"/web/action/{action}/form/{task}"))
    response = admin.post(f"/web/action/{action}/form/{task}",
                          form_values(name="Button pressed", __call="action_start",
                                      __write_date=write_date(page)))
    assert response.status_code == 303
    record = run(lambda env: env["test_web.task"].browse(task).read(["name", "state"])[0])
    assert record["name"] == "Button pressed" and record["state"] == "open"


def test_only_buttons_of_the_form_can_be_called(admin, action, run):
    task = run(lambda env: env["test_web.task"].create({"name": "Guarded"}).id)
    page = text(admin.get(f"/web/action/{action}/form/{task}"))
    for method in ("unlink", "action_reopen", "_private_method", "write"):
        response = admin.post(f"/web/action/{action}/form/{task}",
                              form_values(name="Guarded", __call=method,
                                          __write_date=write_date(page)))
        assert response.status_code == 400, method
    assert run(lambda env: env["test_web.task"].browse(task).exists().name) == "Guarded"


def test_user_error_of_a_button_is_shown_on_the_form(admin, action, run):
    task = run(lambda env: env["test_web.task"].create({"name": "Failing"}).id)
    page = text(admin.get(f"/web/action/{action}/form/{task}"))
    response = admin.post(f"/web/action/{action}/form/{task}",
                          form_values(name="Failing edit", __call="action_fail",
                                      __write_date=write_date(page)))
    assert response.status_code == 422
    assert "This task cannot be processed." in text(response)
    assert run(lambda env: env["test_web.task"].browse(task).name) == "Failing"


def test_hook_buttons_appear_and_can_be_pressed(admin, action, run):
    task = run(lambda env: env["test_web.task"].create({"name": "Hooked",
                                                        "state": "done"}).id)
    page = text(admin.get(f"/web/action/{action}/form/{task}"))
    assert 'value="action_reopen"' in page and "Reopen (hook)" in page
    admin.post(f"/web/action/{action}/form/{task}",
               form_values(name="Hooked", __call="action_reopen",
                           __write_date=write_date(page)))
    assert run(lambda env: env["test_web.task"].browse(task).state) == "open"


def test_smart_button_result_opens_a_filtered_list(admin, action, run):
    task = run(lambda env: env["test_web.task"].create(
        {"name": "Smart", "line_ids": [(0, 0, {"name": "L1"}), (0, 0, {"name": "L2"})]}).id)
    page = text(admin.get(f"/web/action/{action}/form/{task}"))
    assert '<span class="stat-value">2</span>' in page
    response = admin.post(f"/web/action/{action}/form/{task}",
                          form_values(name="Smart", __call="action_view_lines",
                                      __write_date=write_date(page)))
    location = response.headers["Location"]
    assert location.startswith("/web/model/test_web.task.line/list?dom=")
    lines = text(admin.get(location))
    assert "L1" in lines and "L2" in lines and ">Lines</span>" in lines


def test_inline_lines_are_edited_with_the_form(admin, action, run):
    task = run(lambda env: env["test_web.task"].create(
        {"name": "Lines", "line_ids": [(0, 0, {"name": "Old", "price": 1})]}))
    line = run(lambda env: env["test_web.task"].search([("name", "=", "Lines")]).line_ids.id)
    task_id = run(lambda env: env["test_web.task"].search([("name", "=", "Lines")]).id)
    page = text(admin.get(f"/web/action/{action}/form/{task_id}"))
    assert f'name="line_ids.{line}.price"' in page and 'name="line_ids.new0.name"' in page
    admin.post(f"/web/action/{action}/form/{task_id}", form_values(**{
        "name": "Lines", f"line_ids.{line}.name": "Old", f"line_ids.{line}.price": "2",
        f"line_ids.{line}.quantity": "3", "line_ids.new0.name": "New line",
        "line_ids.new0.quantity": "1", "line_ids.new0.price": "5",
        "__write_date": write_date(page)}))
    lines = run(lambda env: env["test_web.task"].browse(task_id).line_ids.read(
        ["name", "subtotal"]))
    assert [(x["name"], x["subtotal"]) for x in lines] == [("Old", 6.0), ("New line", 5.0)]
    assert task


def test_archive_unarchive_duplicate_delete_from_the_action_menu(admin, action, run):
    task = run(lambda env: env["test_web.task"].create({"name": "Menu"}).id)
    base = f"/web/action/{action}/form/{task}"
    confirm = text(admin.get(f"{base}/confirm?op=archive"))
    assert "Are you sure you want to archive 1 record?" in confirm
    admin.post(f"{base}/op", {"op": "archive", "confirmed": "1"})
    assert run(lambda env: env["test_web.task"].browse(task).active) is False
    page = text(admin.get(base))
    assert 'value="unarchive"' in page and ">Archived<" in page
    admin.post(f"{base}/op", {"op": "unarchive"})
    assert run(lambda env: env["test_web.task"].browse(task).active) is True
    response = admin.post(f"{base}/op", {"op": "duplicate"})
    copy_id = int(re.search(r"/form/(\d+)", response.headers["Location"]).group(1))
    assert copy_id != task
    admin.post(f"{base}/op", {"op": "delete"})   # not confirmed: nothing happens
    assert run(lambda env: env["test_web.task"].browse(task).exists().ids) == [task]
    admin.post(f"{base}/op", {"op": "delete", "confirmed": "1"})
    assert run(lambda env: env["test_web.task"].browse(task).exists().ids) == []


def test_record_navigation(admin, action, run):
    ids = run(lambda env: env["test_web.task"].search([], order="id").ids)
    page = text(admin.get(f"/web/action/{action}/form/{ids[1]}?sd=0&o=id+asc&from=list"))
    assert f"2 / {len(ids)}" in page
    assert f'/form/{ids[0]}?sd=0&amp;o=id+asc&amp;from=list" aria-label="Previous record"' in page


def test_onchange_recomputes_while_typing(admin, action, run):
    response = admin.post(f"/web/action/{action}/onchange", form_values(
        name="Live", planned_hours="4", hourly_rate="25", partner_name="Big Corp",
        __changed="planned_hours"))
    data = response.get_json()
    assert data["values"]["amount"]["input"] == "100.00"
    assert "planned_hours" not in data["values"]
    data = admin.post(f"/web/action/{action}/onchange", form_values(
        name="Live", partner_name="Big Corp", __changed="partner_name")).get_json()
    assert data["values"]["email"]["input"] == "big.corp@example.com"
    assert data["modifiers"]["planned_hours"]["required"] is False


def test_user_form_has_one_selection_per_application(admin, run, users):
    action = run(lambda env: env.ref("base.action_res_users").id)
    greta = users["greta"]
    page = text(admin.get(f"/web/action/{action}/form/{greta}"))
    assert '<label for="category_' in page and ">Administration</label>" in page
    admin_cat = run(lambda env: env.ref("base.module_category_administration").id)
    settings = run(lambda env: env.ref("base.group_system").id)
    user_type = run(lambda env: env.ref("base.module_category_user_type").id)
    internal = run(lambda env: env.ref("base.group_user").id)
    response = admin.post(f"/web/action/{action}/form/{greta}", {
        "name": "Greta", "login": "greta", "email": "", "lang": "de_DE", "tz": "",
        "company_id": str(run(lambda env: env.ref("base.main_company").id)),
        f"category_{admin_cat}": str(settings), f"category_{user_type}": str(internal),
        "__write_date": write_date(page)})
    assert response.status_code == 303, text(response)[:3000]
    assert run(lambda env: env["res.users"].browse(greta).has_group("base.group_system"))


def test_without_scripts_a_failed_save_shows_recomputed_values(admin, action):
    response = admin.post(f"/web/action/{action}/form/new",
                          form_values(planned_hours="4", hourly_rate="25", partner_name="Ann"))
    page = text(response)
    assert response.status_code == 422
    assert 'name="amount" value="100.00"' in page
    assert 'name="email" value="ann@example.com"' in page


def test_a_record_the_user_may_not_read_gives_403_in_their_language(app, run, users):
    from tests.web.conftest import WebClient
    task = run(lambda env: env["test_web.task"].create({"name": "Secret"}).id)
    portal = WebClient(app)
    portal.login("paul", "paul-password-1")
    response = portal.get(f"/web/model/test_web.task/form/{task}")
    assert response.status_code == 403
    assert "Secret" not in text(response)


def test_form_queries_do_not_grow_with_its_lines(admin, action, run, app):
    from tests.web.test_view_pages import CountingConnection

    def queries(count):
        task = run(lambda env: env["test_web.task"].create({
            "name": f"Lines {count}", "line_ids": [(0, 0, {"name": f"l{i}", "price": i})
                                                   for i in range(count)],
            "tag_ids": [(6, 0, env["test_web.tag"].search([], limit=2).ids)]}).id)
        admin.get(f"/web/action/{action}/form/{task}")     # caches warm
        with CountingConnection(app.registries.registry) as counter:
            assert admin.get(f"/web/action/{action}/form/{task}").status_code == 200
        return counter.count
    assert queries(2) == queries(25)


def test_create_a_user_with_access_rights_and_password(admin, run, app):
    from tests.web.conftest import WebClient
    action = run(lambda env: env.ref("base.action_res_users").id)
    page = text(admin.get(f"/web/action/{action}/form/new"))
    assert 'type="password"' in page
    user_type = run(lambda env: env.ref("base.module_category_user_type").id)
    internal = run(lambda env: env.ref("base.group_user").id)
    company = run(lambda env: env.ref("base.main_company").id)
    response = admin.post(f"/web/action/{action}/form/new", {
        "name": "Nora", "login": "nora", "email": "", "lang": "en_US", "tz": "",
        "company_id": str(company), "company_ids": str(company),
        "password": "nora-password-1", f"category_{user_type}": str(internal)})
    assert response.status_code == 303, text(response)[:2000]
    nora = WebClient(app)
    nora.login("nora", "nora-password-1")
    assert "Tasks" in text(nora.get("/web"))


def test_action_button_opens_a_wizard_for_the_record(admin, action, run):
    task = run(lambda env: env["test_web.task"].create({"name": "Wizard me"}).id)
    page = text(admin.get(f"/web/action/{action}/form/{task}"))
    assert ">Close with reason</button>" in page
    wizard_action = run(lambda env: env.ref("test_web.action_close_wizard").id)
    response = admin.post(f"/web/action/{action}/form/{task}",
                          form_values(name="Wizard me", __write_date=write_date(page),
                                      __action="%(test_web.action_close_wizard)d"))
    location = response.headers["Location"]
    assert location.startswith(f"/web/action/{wizard_action}?active_id={task}")
    opened = admin.get(location)
    form_url = opened.headers["Location"]
    assert "/form/new?" in form_url and f"active_id={task}" in form_url
    wizard = text(admin.get(form_url))
    assert "Wizard me" in wizard and ">Close Task</button>" in wizard
    response = admin.post(form_url, {"reason": "Finished early", "__call": "action_close",
                                     "__write_date": ""})
    # back to the task, in the action and with the breadcrumbs it was opened from
    assert response.headers["Location"] == f"/web/action/{action}/form/{task}"
    done = run(lambda env: env["test_web.task"].browse(task).read(["state", "description"]))
    assert done[0]["state"] == "done" and done[0]["description"] == "Finished early"
