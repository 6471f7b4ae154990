"""Links made by someone else: they may not lead off the site, preset what the user does
not see, crash a page, or run a button the record does not show."""

import json
from urllib.parse import quote

import pytest
from lxml import html as lxml_html

from core.web.paths import is_local_path
from tests.web.test_breadcrumbs import crumbs
from tests.web.test_form_pages import form_values, text, write_date


@pytest.mark.parametrize("target, local", [
    ("/web", True), ("/web/action/3/list?bc=x", True), ("//evil.example", False),
    ("/\t/evil.example", False), ("/\n/evil.example", False), ("/\\evil.example", False),
    ("https://evil.example", False), ("web", False), ("", False), (None, False),
])
def test_local_paths(target, local):
    assert is_local_path(target) is local


def test_a_trail_or_a_login_redirect_cannot_leave_the_site(admin, anonymous, run):
    action = run(lambda env: env.ref("test_web.action_tasks").id)
    evil = quote(json.dumps([[["Back", "/\t/evil.example/phish"]]]))
    page = admin.get(f"/web/action/{action}/list?bc={evil}")
    hrefs = lxml_html.fromstring(text(page)).xpath("//a/@href | //form/@action")
    assert hrefs and all(is_local_path(h) or h.startswith(("#", "?")) for h in hrefs)
    assert crumbs(page) == [("Tasks", None)]
    anonymous.get("/web/login")
    response = anonymous.post("/web/login", {"login": "admin", "password": "nope",
                                             "redirect": "/\t/evil.example"})
    assert "evil.example" not in response.headers.get("Location", "")


def test_link_defaults_only_fill_fields_the_user_edits_on_the_form(admin, run):
    action = run(lambda env: env.ref("test_web.action_tasks").id)
    preset = quote(json.dumps({"default_partner_name": "Initech", "default_active": False,
                               "default_sequence": 99}))
    url = f"/web/action/{action}/form/new?ctx={preset}"
    page = text(admin.get(url))
    assert 'value="Initech"' in page                       # a field of the form: filled in
    response = admin.post(url, form_values(name="Preset by a link", partner_name="Initech",
                                           __write_date=write_date(page)))
    assert response.status_code == 303
    task = run(lambda env: env["test_web.task"].with_context(active_test=False).search(
        [("name", "=", "Preset by a link")]).read(["active", "sequence", "partner_name"]))
    assert task[0]["active"] is True and task[0]["sequence"] == 10     # hidden: untouched
    assert task[0]["partner_name"] == "Initech"


@pytest.mark.parametrize("query", [
    "note=hi&note_sig=%C3%A9", "dom=%5B%5B%22name%22%5D%5D", "dom=%5B%22%7C%22%5D",
    "dom=" + quote('[["nope","=",1]]'), "dom=" + quote('[["name","badop","x"]]'),
    "dom=%5B1%5D", "dom=" + quote('[["name","=",[[1]]]]'),
])
def test_malformed_parameters_get_a_clear_answer(admin, query):
    response = admin.get(f"/web/model/test_web.task/list?{query}")
    assert response.status_code in (200, 400), response.status_code
    if "dom=" in query:
        assert response.status_code == 400
        assert "The link contains an invalid filter." in text(response)


def test_a_row_button_the_record_does_not_show_is_refused(admin, run):
    action = run(lambda env: env.ref("test_web.action_tasks").id)
    draft, done = run(lambda env: tuple(env["test_web.task"].create(
        [{"name": "Row draft"}, {"name": "Row done", "state": "done"}]).ids))
    for task, expected in ((draft, 303), (done, 400)):
        response = admin.post(f"/web/action/{action}/form/{task}/call",
                              {"method": "action_start", "back": "/web"})
        assert response.status_code == expected
    states = run(lambda env: env["test_web.task"].browse([draft, done]).mapped("state"))
    assert states == ["open", "done"]
