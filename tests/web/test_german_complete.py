"""German complete (issue 14 point 9). Counts read as the language says: one record is singular, in English
and German alike ("1 record" / "1 Datensatz"), through the catalogs' plural entries."""

import html
import re

import pytest

from tests.web.conftest import WebClient


@pytest.fixture
def action(run):
    return run(lambda env: env.ref("test_web.action_tasks").id)


def text(response):
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def greta(app, users):
    client = WebClient(app)
    client.login("greta", "greta-password-1")
    return client


def _tasks(run, names):
    return run(lambda env: env["test_web.task"].create([{"name": n} for n in names]).ids)


@pytest.mark.parametrize("who", ["admin", "greta"])
def test_confirmations_use_singular_and_plural(request, run, action, who):
    client = request.getfixturevalue(who)
    one, two, three = _tasks(run, ["Plural A", "Plural B", "Plural C"])
    single = text(client.get(f"/web/action/{action}/form/{one}/confirm?op=archive"))
    several = text(client.post(f"/web/action/{action}/records",
                               [("op", "delete"), ("ids", str(two)), ("ids", str(three))]))
    if who == "admin":
        assert "Are you sure you want to archive 1 record?" in single
        assert "Are you sure you want to delete 2 records? This cannot be undone." in several
    else:
        assert "Möchten Sie 1 Datensatz wirklich archivieren?" in single
        assert "Möchten Sie 2 Datensätze wirklich löschen?" in several
    assert "(s)" not in single + several and "/Datensätze" not in single


@pytest.mark.parametrize(("who", "login", "one", "many"), [
    ("admin", "admin", "1 record", "records"), ("greta", "greta", "1 Datensatz", "Datensätze")])
def test_kanban_column_counts_are_singular_for_one(request, run, action, who, login, one, many):
    client = request.getfixturevalue(who)

    def setup(env):
        user = env["res.users"].search([("login", "=", login)])
        stage = env["test_web.stage"].create({"name": f"Single {login}", "sequence": 0})
        env["test_web.task"].create({"name": "Alone", "stage_id": stage.id, "user_id": user.id})
    run(setup)
    page = text(client.get(f"/web/action/{action}/kanban"))
    column = re.search(rf'aria-label="Single {login}".*?class="count" aria-label="([^"]*)"',
                       page, re.S)
    assert column and column.group(1) == one, column and column.group(1)
    labels = re.findall(r'class="count" aria-label="([^"]*)"', page)
    for label in labels:
        count = int(label.split()[0])
        assert label == (one if count == 1 else f"{count} {many}"), label


@pytest.mark.parametrize(("who", "expected"), [
    ("admin", "Stage &gt; Assigned to"), ("greta", "Stufe &gt; Zugewiesen an")])
def test_nested_group_by_facet_reads_as_a_path(request, action, who, expected):
    """Odoo shows nested group-bys as one facet "Stage > Salesperson", not joined by "or"."""
    page = request.getfixturevalue(who).get(
        f"/web/action/{action}/list?g=stage_id&g=user_id").get_data(as_text=True)
    values = re.findall(r'class="facet facet-groupby">.*?class="facet-values">([^<]*)<', page,
                        re.S)
    assert values == [expected], values
