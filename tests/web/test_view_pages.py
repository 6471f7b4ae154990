"""The multi-record views through HTTP: home, list, kanban, graph, pivot, activity, search."""

import csv
import io
import re

import pytest

from core.testing import count_queries


@pytest.fixture
def action(run):
    return run(lambda env: env.ref("test_web.action_tasks").id)


def text(response):
    return response.get_data(as_text=True)


def test_home_shows_the_apps_of_the_user(admin, app, users):
    page = text(admin.get("/web"))
    assert ">Tasks</span>" in page and ">Settings</span>" in page
    from tests.web.conftest import WebClient
    portal = WebClient(app)
    portal.login("paul", "paul-password-1")
    page = text(portal.get("/web"))
    assert ">Tasks</span>" not in page and ">Settings</span>" not in page


def test_action_opens_its_first_view_with_default_filter(admin, action):
    response = admin.get(f"/web/action/{action}")
    assert response.headers["Location"] == f"/web/action/{action}/kanban"
    page = text(admin.get(f"/web/action/{action}/kanban"))
    assert 'class="facet-values">My Tasks<' in page
    assert 'role="region" aria-label="New"' in page
    assert 'role="region" aria-label="Cancelled"' in page  # folded stage, still a column


def test_kanban_columns_totals_progress_and_cards(admin, action):
    page = text(admin.get(f"/web/action/{action}/kanban?sd=0"))
    new = page.split('aria-label="New"', 1)[1].split("</section>", 1)[0]
    assert 'aria-label="Redesign website"' in new and 'aria-label="Send invoices"' in new
    assert "600.00" in new                                   # sum of the amounts
    assert 'class="progressbar"' in new and "pb-danger" in new   # overdue activity
    assert 'class="tag color-' in new and ">Urgent<" in new
    assert 'class="star is-on"' in new
    assert 'draggable="true"' in new
    assert 'Quick create in New' in new
    folded = page.split('aria-label="Cancelled"', 1)[1].split("</section>", 1)[0]
    assert "is-folded" in page.split('aria-label="Cancelled"', 1)[0].rsplit("<section", 1)[1]
    assert "kanban-card" not in folded


def test_kanban_move_writes_the_group_by_field(admin, action, run):
    task = run(lambda env: env["test_web.task"].create({"name": "Movable"}).id)
    stage = run(lambda env: env.ref("test_web.stage_progress").id)
    response = admin.post(f"/web/action/{action}/move",
                          {"id": task, "field": "stage_id", "value": stage},
                          headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.get_json()["ok"]
    assert run(lambda env: env["test_web.task"].browse(task).stage_id.id) == stage
    response = admin.post(f"/web/action/{action}/move",
                          {"id": task, "field": "name", "value": "x"})
    assert response.status_code == 400


def test_quick_create_in_a_column(admin, action, run):
    stage = run(lambda env: env.ref("test_web.stage_done").id)
    response = admin.post(f"/web/action/{action}/quick_create",
                          {"name": "Quickly", "field": "stage_id", "value": stage,
                           "back": f"/web/action/{action}/kanban"})
    assert response.status_code == 303
    found = run(lambda env: env["test_web.task"].search([("name", "=", "Quickly")]).stage_id.id)
    assert found == stage


def test_list_columns_sums_decorations_and_sorting(admin, action):
    page = text(admin.get(f"/web/action/{action}/list?sd=0&o=name+asc"))
    assert '<th scope="col" class="col-char" aria-sort="ascending">' in page
    assert "Redesign website" in page and "Quarterly report" in page
    assert re.search(r'<tr class="o-row text-success"[^>]*>', page)   # done task
    assert 'class="visually-hidden">Select Redesign website</label>' in page
    assert "<tfoot>" in page
    names = re.findall(r'class="row-link">([^<]+)<', page)
    assert names == sorted(names)


def test_list_grouped_folded_groups_open_on_request(admin, action):
    page = text(admin.get(f"/web/action/{action}/list?sd=0&g=stage_id"))
    assert 'aria-expanded="false"' in page and "class=\"group-row\"" in page
    assert 'class="row-link"' not in page
    stage_new = re.search(r'href="([^"]+x=(\d+))"[^>]*class="group-toggle">▸ New', page)
    opened = text(admin.get(stage_new.group(1).replace("&amp;", "&")))
    assert 'aria-expanded="true"' in opened and "Redesign website" in opened


def test_list_pagination(admin, run):
    run(lambda env: env["test_web.tag"].create([{"name": f"Page tag {i:03d}"} for i in range(85)]))
    action = run(lambda env: env.ref("test_web.action_tags").id)
    page = text(admin.get(f"/web/action/{action}/list?s=name:Page+tag"))
    assert "1-80 / 85" in page
    assert 'aria-label="Next page"' in page
    second = text(admin.get(f"/web/action/{action}/list?s=name:Page+tag&p=2"))
    assert "81-85 / 85" in second and "Page tag 084" in second


def test_search_filters_groupbys_and_facets(admin, action):
    page = text(admin.get(f"/web/action/{action}/list?f=unassigned"))
    assert "Prepare meeting" in page and "Redesign website" not in page
    assert 'aria-label="Remove facet Filter: Unassigned"' in page
    response = admin.get(f"/web/action/{action}/list?f=unassigned&q=globex&qf=name")
    assert response.status_code == 303
    assert "s=name%3Aglobex" in response.headers["Location"]
    page = text(admin.get(f"/web/action/{action}/list?sd=0&s=name:invoice"))
    assert "Send invoices" in page and "Redesign website" not in page
    removed = re.search(r'<a class="facet-remove" href="([^"]+)"', page).group(1)
    assert "sd=0" in removed and "s=" not in removed


def test_date_filters_use_today(admin, action, run):
    run(lambda env: env["test_web.task"].create({"name": "Late one",
                                                 "date_deadline": "2001-01-01"}))
    page = text(admin.get(f"/web/action/{action}/list?sd=0&f=overdue"))
    assert "Late one" in page and "Quarterly report" not in page
    assert re.search(r'<span class="text-danger" title="Jan 1, 2001">\d+ days ago</span>', page)


def test_favourites_are_saved_per_user_and_applied(admin, action, run):
    state = "f=unassigned"
    response = admin.post("/web/client/favorite", {
        "name": "Nobody's", "model": "test_web.task", "action_id": action, "state": state,
        "back": f"/web/action/{action}/list"})
    assert response.status_code == 303
    page = text(admin.get(f"/web/action/{action}/list?sd=0"))
    link = re.search(r'<a href="([^"]+)" class="menu-check">Nobody&#39;s</a>', page)
    assert link, "favourite listed"
    applied = text(admin.get(link.group(1).replace("&amp;", "&")))
    assert "Prepare meeting" in applied and "Redesign website" not in applied
    owner = run(lambda env: env["ir.filters"].search([("name", "=", "Nobody's")]).user_id.login)
    assert owner == "admin"


def test_graph_is_an_svg_with_legend_and_data(admin, action):
    page = text(admin.get(f"/web/action/{action}/graph?sd=0"))
    assert '<svg class="chart chart-bar"' in page and 'role="img"' in page
    assert 'class="legend"' in page
    assert "<rect" in page and 'class="bar series-0"' in page
    pie = text(admin.get(f"/web/action/{action}/graph?sd=0&gt=pie&gm=__count"))
    assert "chart-pie" in pie and "slice" in pie
    line = text(admin.get(f"/web/action/{action}/graph?sd=0&gt=line&g=user_id"))
    assert "<polyline" in line


def test_pivot_totals_expand_collapse_and_csv(admin, action):
    url = f"/web/action/{action}/pivot?sd=0"
    page = text(admin.get(url))
    assert 'class="pivot"' in page and ">Total<" in page
    assert "is-total" in page
    collapsed = text(admin.get(url + "&px=r:"))
    assert collapsed.count('class="pivot-row') == 1
    expanded = text(admin.get(url + "&pr=stage_id&pr=user_id"))
    assert expanded.count('class="pivot-row depth-2') >= 2
    csv_response = admin.get(url + "&export=csv")
    assert csv_response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(csv_response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[1][0] == "Total" and any("New" in r[0] for r in rows)


def test_activity_grid_colours_deadlines(admin, action):
    page = text(admin.get(f"/web/action/{action}/activity?sd=0"))
    assert 'class="o-list activity-grid"' in page
    assert "activity-cell activity-overdue" in page
    assert "activity-cell activity-planned" in page


def test_mass_actions_archive_export_and_delete_with_confirmation(admin, action, run):
    ids = run(lambda env: env["test_web.task"].create([{"name": "Mass A"},
                                                       {"name": "Mass B"}]).ids)
    data = [("op", "archive"), ("back", f"/web/action/{action}/list")] + [
        ("ids", str(i)) for i in ids]
    confirm = admin.post(f"/web/action/{action}/records", data)
    assert confirm.status_code == 200 and "Are you sure you want to archive 2" in text(confirm)
    assert run(lambda env: env["test_web.task"].browse(ids).mapped("active")) == [True, True]
    done = admin.post(f"/web/action/{action}/records", data + [("confirmed", "1")])
    assert done.status_code == 303
    assert run(lambda env: env["test_web.task"].browse(ids).mapped("active")) == [False, False]
    exported = admin.post(f"/web/action/{action}/records",
                          [("op", "export")] + [("ids", str(i)) for i in ids])
    assert exported.mimetype == "text/csv" and "Mass A" in exported.get_data(as_text=True)
    admin.post(f"/web/action/{action}/records",
               [("op", "delete"), ("confirmed", "1")] + [("ids", str(i)) for i in ids])
    assert run(lambda env: env["test_web.task"].with_context(active_test=False).browse(
        ids).exists().ids) == []


def test_server_action_from_the_action_menu(admin, action, run):
    task = run(lambda env: env["test_web.task"].create({"name": "Serve me"}).id)
    server = run(lambda env: env.ref("test_web.server_action_done").id)
    page = text(admin.get(f"/web/action/{action}/list?sd=0"))
    assert f'value="server:{server}"' in page and ">Mark as done<" in page
    admin.post(f"/web/action/{action}/records", [("op", f"server:{server}"), ("ids", task)])
    assert run(lambda env: env["test_web.task"].browse(task).state) == "done"


def test_inline_cell_edit(admin, action, run):
    task = run(lambda env: env["test_web.task"].create({"name": "Cell"}).id)
    response = admin.post(f"/web/action/{action}/write_cell",
                          {"id": task, "field": "planned_hours", "value": "3.5"})
    assert response.get_json() == {"display": "3.50", "raw": "3.50"}
    bad = admin.post(f"/web/action/{action}/write_cell",
                     {"id": task, "field": "planned_hours", "value": "lots"})
    assert bad.status_code == 422 and bad.get_json()["error"] == "Not a valid number."
    assert admin.post(f"/web/action/{action}/write_cell",
                      {"id": task, "field": "description", "value": "x"}).status_code == 400


@pytest.mark.parametrize("view", ["list", "kanban", "activity"])
def test_read_queries_do_not_grow_with_the_records(admin, action, run, view, app):
    def queries_for(count):
        run(lambda env: env["test_web.task"].create([
            {"name": f"Bulk {view} {count} {i}",
             "tag_ids": [(6, 0, env["test_web.tag"].search([], limit=2).ids)],
             "activity_ids": [(0, 0, {"activity_type_id": env.ref(
                 "test_web.activity_type_call").id, "date_deadline": "2030-01-01"})]}
            for i in range(count)]))
        url = f"/web/action/{action}/{view}?sd=0&s=name:Bulk+{view}"
        admin.get(url)                                     # caches warm
        with CountingConnection(app.registries.registry) as counter:
            admin.get(url)
        return counter.count
    assert queries_for(3) == queries_for(30)


class CountingConnection:
    """Counts the SQL statements of every transaction of the registry while active."""

    def __init__(self, registry):
        self.registry = registry
        self.count = 0

    def __enter__(self):
        from sqlalchemy import event
        self._listener = lambda *args, **kwargs: setattr(self, "count", self.count + 1)
        event.listen(self.registry.engine, "before_cursor_execute", self._listener)
        return self

    def __exit__(self, *exc):
        from sqlalchemy import event
        event.remove(self.registry.engine, "before_cursor_execute", self._listener)


def test_count_queries_helper_still_counts(make_env):
    env = make_env(["test_web"])
    counter = count_queries(env)
    env["test_web.task"].search([])
    assert counter() >= 1


def test_optional_columns_can_be_shown(admin, run):
    run(lambda env: env["ir.ui.view"].create({
        "name": "optional", "model": "test_web.tag", "priority": 1,
        "arch": '<list><field name="name"/><field name="color" optional="hide"/></list>'}))
    action = run(lambda env: env.ref("test_web.action_tags").id)
    page = text(admin.get(f"/web/action/{action}/list"))
    assert 'data-field="color"' not in page and 'aria-label="Optional columns"' in page
    shown = text(admin.get(f"/web/action/{action}/list?oc=color"))
    assert 'data-field="color"' in shown


def test_favourites_can_be_deleted_by_their_owner(admin, action, run):
    admin.post("/web/client/favorite", {"name": "Short-lived", "model": "test_web.task",
                                        "action_id": action, "state": "f=my_tasks"})
    fav = run(lambda env: env["ir.filters"].search([("name", "=", "Short-lived")]).id)
    page = text(admin.get(f"/web/action/{action}/list"))
    assert 'aria-label="Delete favourite Short-lived"' in page
    admin.post("/web/client/favorite/delete", {"id": fav})
    assert run(lambda env: env["ir.filters"].browse(fav).exists().ids) == []


def test_views_in_german(app, action, users):
    from tests.web.conftest import WebClient
    greta = WebClient(app)
    greta.login("greta", "greta-password-1")
    page = text(greta.get(f"/web/action/{action}/list?sd=0"))
    assert '<html lang="de">' in page
    for word in ("Aufgaben", ">Neu<", "Gruppieren nach", "Favoriten", "Titel",
                 'aria-label="Liste"', 'aria-label="Kanban"', "Alle exportieren"):
        assert word in page, word
    kanban = text(greta.get(f"/web/action/{action}/kanban?sd=0"))
    assert 'role="region" aria-label="Neu"' in kanban
    form = text(greta.get(f"/web/action/{action}/form/new"))
    assert ">Speichern</button>" in form and ">Verwerfen</a>" in form


def test_addons_add_field_widgets_with_templates(admin, action):
    page = text(admin.get(f"/web/action/{action}/list?sd=0"))
    assert '<span class="test-badge">[Acme Corp]</span>' in page


def test_quick_create_only_sets_the_grouping_field(admin, action, run):
    response = admin.post(f"/web/action/{action}/quick_create",
                          {"name": "Sneaky", "field": "state", "value": "done"})
    assert response.status_code == 400
    assert run(lambda env: env["test_web.task"].search_count([("name", "=", "Sneaky")])) == 0


def test_clicking_a_progress_bar_colour_filters_the_column(admin, action):
    page = text(admin.get(f"/web/action/{action}/kanban?sd=0"))
    link = re.search(r'<a href="([^"]*kp=1%3Aoverdue[^"]*)" aria-label="Overdue: 1"', page)
    assert link, "overdue segment of the New column is a link"
    filtered = text(admin.get(link.group(1).replace("&amp;", "&")))
    new = filtered.split('aria-label="New"', 1)[1].split("</section>", 1)[0]
    assert 'aria-label="Redesign website"' in new and 'aria-label="Send invoices"' not in new


def test_kanban_column_loads_more_cards_on_request(admin, action, run):
    stage = run(lambda env: env.ref("test_web.stage_done").id)
    ids = run(lambda env: env["test_web.task"].create(
        [{"name": f"Bulk {i}", "stage_id": stage} for i in range(85)]).ids)
    try:
        page = text(admin.get(f"/web/action/{action}/kanban?sd=0"))
        done = page.split('aria-label="Done"', 1)[1].split("</section>", 1)[0]
        assert done.count('<article') == 80
        link = re.search(r'class="kanban-more"><a href="([^"]+)"', done).group(1).replace(
            "&amp;", "&")
        more = text(admin.get(link)).split('aria-label="Done"', 1)[1].split("</section>", 1)[0]
        assert more.count('<article') > 85 and "kanban-more" not in more
    finally:
        run(lambda env: env["test_web.task"].browse(ids).unlink())


def test_kanban_columns_are_added_renamed_and_folded_from_the_board(admin, action, run):
    page = text(admin.get(f"/web/action/{action}/kanban?sd=0"))
    assert 'aria-label="Add a column"' in page and "Column menu of New" in page
    back = f"/web/action/{action}/kanban?sd=0"
    response = admin.post(f"/web/action/{action}/column",
                          {"op": "create", "field": "stage_id", "name": "Review", "back": back})
    assert response.status_code == 303
    stage = run(lambda env: env["test_web.stage"].search([("name", "=", "Review")]))
    assert stage
    try:
        assert 'aria-label="Review"' in text(admin.get(back))
        admin.post(f"/web/action/{action}/column", {"op": "rename", "field": "stage_id",
                                                   "id": stage.id, "name": "QA", "back": back})
        admin.post(f"/web/action/{action}/column", {"op": "fold", "field": "stage_id",
                                                   "id": stage.id, "back": back})
        renamed = run(lambda env: env["test_web.stage"].browse(stage.id).read(["name", "fold"]))
        assert renamed[0]["name"] == "QA" and renamed[0]["fold"] is True
        response = admin.post(f"/web/action/{action}/column",
                              {"op": "rename", "field": "name", "id": stage.id, "name": "x"})
        assert response.status_code == 400
    finally:
        run(lambda env: env["test_web.stage"].browse(stage.id).unlink())
