"""Breadcrumbs across actions: a smart button's list still leads back to the record and the
list the user came from, and the way back keeps working as the user goes deeper."""

from urllib.parse import quote

from lxml import html as lxml_html

from tests.web.test_form_pages import form_values, text, write_date


def crumbs(response):
    """``[(title, href or None)]`` of the page's breadcrumb, as a user reads it."""
    tree = lxml_html.fromstring(text(response))
    return [(" ".join(li.text_content().split()), (li.xpath("./a/@href") or [None])[0])
            for li in tree.xpath('//nav[@class="breadcrumb"]/ol/li')]


def open_lines(admin, run):
    action = run(lambda env: env.ref("test_web.action_tasks").id)
    task = run(lambda env: env["test_web.task"].create(
        {"name": "Smart", "line_ids": [(0, 0, {"name": "L1"}), (0, 0, {"name": "L2"})]}).id)
    form_url = f"/web/action/{action}/form/{task}?from=list"
    page = text(admin.get(form_url))
    response = admin.post(form_url, form_values(name="Smart", __call="action_view_lines",
                                                __write_date=write_date(page)))
    return action, task, admin.get(response.headers["Location"])


def test_a_smart_button_list_leads_back_to_the_record_and_its_list(admin, run):
    action, task, lines = open_lines(admin, run)
    trail = crumbs(lines)
    assert [title for title, _href in trail] == ["Tasks", "Smart", "Lines"]
    assert trail[0][1].startswith(f"/web/action/{action}/list")
    assert trail[1][1].startswith(f"/web/action/{action}/form/{task}")
    assert trail[2][1] is None
    back = admin.get(trail[1][1])
    assert back.status_code == 200
    assert crumbs(back) == [("Tasks", crumbs(back)[0][1]), ("Smart", None)]
    assert admin.get(crumbs(back)[0][1]).status_code == 200


def test_the_trail_grows_when_going_deeper(admin, run):
    _action, task, lines = open_lines(admin, run)
    line = run(lambda env: env["test_web.task.line"].search(
        [("task_id", "=", task), ("name", "=", "L1")]).id)
    row = lxml_html.fromstring(text(lines)).xpath(f'//tr[@data-id="{line}"]//a/@href')
    form = admin.get(row[0])
    trail = crumbs(form)
    assert [title for title, _href in trail] == ["Tasks", "Smart", "Lines", "L1"]
    assert crumbs(admin.get(trail[2][1]))[-1] == ("Lines", None)


def test_a_crafted_trail_cannot_lead_elsewhere(admin, run):
    action = run(lambda env: env.ref("test_web.action_tasks").id)
    evil = quote('[[["Bank","https://evil.example/"],["Home","//evil.example"],'
                 '["Ok","/web"],"junk",[1,2]],"junk",[["Only evil","/\\\\evil.example"]]]')
    trail = crumbs(admin.get(f"/web/action/{action}/list?bc={evil}"))
    assert trail == [("Ok", "/web"), ("Tasks", None)]
    assert admin.get(f"/web/action/{action}/list?bc=%5Bnot-json").status_code == 200


def test_a_page_reached_with_a_trail_keeps_its_default_filters(admin, run):
    action = run(lambda env: env.ref("test_web.action_tasks").id)
    trail = quote('[[["Home","/web"]]]')
    page = lxml_html.fromstring(text(admin.get(f"/web/action/{action}/list?bc={trail}")))
    facets = [" ".join(li.text_content().split()) for li in page.xpath('//ul[@class="facets"]/li')]
    assert any("My Tasks" in facet for facet in facets)
