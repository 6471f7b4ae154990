"""Finding a many2one value by typing (the form's autocomplete), through HTTP."""

import json

from tests.web.test_form_pages import form_values, text


def lookup(client, action, field, typed, record_id="", **values):
    data = form_values(**values)
    data.update({"__field": field, "__q": typed, "__id": str(record_id)})
    return client.post(f"/web/action/{action}/m2o", data,
                       headers={"Accept": "application/json"})   # as the page script asks


def test_a_stage_beyond_the_first_choices_is_found_by_typing(admin, run):
    action = run(lambda env: env.ref("test_web.action_tasks").id)
    stage = run(lambda env: env["test_web.stage"].create(
        [{"name": f"Lane {n:03d}", "sequence": 100 + n} for n in range(120)])[-1].id)
    page = text(admin.get(f"/web/action/{action}/form/new"))
    assert f'<option value="{stage}"' not in page          # not among the first choices
    found = json.loads(text(lookup(admin, action, "stage_id", "lane 119")))
    assert found == {"results": [[stage, "Lane 119"]], "more": False}
    many = json.loads(text(lookup(admin, action, "stage_id", "Lane 1")))
    assert len(many["results"]) == 8 and many["more"] is True
    assert all(name.startswith("Lane 1") for _id, name in many["results"])


def test_only_many2one_fields_of_the_form_can_be_searched(admin, run):
    action = run(lambda env: env.ref("test_web.action_tasks").id)
    for field in ("name", "no_such_field", "amount"):
        response = lookup(admin, action, field, "x")
        assert response.status_code == 400
        assert "This field cannot be searched here." in text(response)


def test_users_without_access_get_nothing(app, users, run):
    from tests.web.conftest import WebClient
    action = run(lambda env: env.ref("test_web.action_tasks").id)
    portal = WebClient(app)
    portal.login("paul", "paul-password-1")
    response = lookup(portal, action, "stage_id", "Lane")
    assert response.status_code == 403
