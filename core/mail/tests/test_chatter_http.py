"""The chatter in the browser: rendered under a form, every action a plain form post."""

from __future__ import annotations

from typing import Any

import pytest

from core.orm.environment import Environment
from core.testing import new_user
from core.web.app import create_app
from tests.web.conftest import WebClient


@pytest.fixture(scope="module")
def mail_web(databases: Any) -> Any:
    registry = databases.fresh_registry(["test_mail"])
    with registry.transaction() as tx:
        env = Environment(tx, 1, {})
        user = new_user(env, "chatty", tz="Europe/Berlin", lang="de_DE", password="chatty-pw-1")
        ticket = env["test_mail.ticket"].create({"name": "Printer jam", "user_id": user.id})
        ids = (user.id, ticket.id)
    return registry, create_app(registry.url, databases.catalog), ids


def _read(registry: Any, function: Any) -> Any:
    with registry.transaction() as tx:
        return function(Environment(tx, 1, {}))


def test_chatter_renders_and_acts(mail_web: Any) -> None:
    registry, app, (uid, ticket_id) = mail_web
    client = WebClient(app)
    client.login("chatty", "chatty-pw-1")
    url = f"/web/model/test_mail.ticket/form/{ticket_id}"
    page = client.get(url).get_data(as_text=True)
    assert 'id="chatter"' in page and "Nachricht senden" in page  # German user
    assert "Notiz hinterlassen" in page and "Aktivität planen" in page
    base = f"/mail/chatter/test_mail.ticket/{ticket_id}"
    response = client.post(f"{base}/post", {"body": "Hello <team>", "kind": "message",
                                            "back": url})
    assert response.status_code == 303 and response.location.endswith(f"{url}#chatter")
    client.post(f"{base}/post", {"body": "Internal", "kind": "note", "back": url})
    client.post(f"{base}/activity", {"activity_type_id": "", "summary": "Call back",
                                     "date_deadline": "2030-01-02", "back": url})
    page = client.get(url).get_data(as_text=True)
    assert "Hello &amp;lt;team&amp;gt;" in page or "Hello &lt;team&gt;" in page
    assert "Call back" in page and "Interne Notiz" in page
    activity_id = _read(registry, lambda env: env["mail.activity"].search(
        [("res_id", "=", ticket_id)]).id)
    client.post(f"/mail/activity/{activity_id}/done", {"feedback": "Reached", "back": url})
    page = client.get(url).get_data(as_text=True)
    assert "Reached" in page and "Call back" in page  # now a message, no longer planned
    assert _read(registry, lambda env: env["mail.activity"].search_count(
        [("res_id", "=", ticket_id)])) == 0
    client.post(f"{base}/unfollow", {"back": url})
    assert _read(registry, lambda env: env["test_mail.ticket"].browse(ticket_id)
                 .message_follower_ids.mapped("user_id").ids) == []


def test_chatter_posts_need_the_csrf_token_and_access(mail_web: Any) -> None:
    registry, app, (_uid, ticket_id) = mail_web
    client = WebClient(app)
    client.login("chatty", "chatty-pw-1")
    base = f"/mail/chatter/test_mail.ticket/{ticket_id}"
    refused = client.post(f"{base}/post", {"body": "x", "kind": "note"}, token=False)
    assert refused.status_code in (400, 403)
    missing = client.post("/mail/chatter/test_mail.ticket/999999/post",
                          {"body": "x", "kind": "note"})
    assert missing.status_code == 404
    json_reply = client.post(f"{base}/post", {"body": "via script", "kind": "note"},
                             headers={"Accept": "application/json"})
    assert json_reply.json["messages"][0]["body"] == "via script"


def test_the_chatter_brings_its_stylesheet(mail_web: Any) -> None:
    import re
    _registry, app, (_uid, ticket_id) = mail_web
    client = WebClient(app)
    client.login("chatty", "chatty-pw-1")
    page = client.get(f"/web/model/test_mail.ticket/form/{ticket_id}").get_data(as_text=True)
    link = re.search(r'<link[^>]+href="(/web/addon/mail/static/chatter\.css[^"]*)"', page)
    assert link, "the mail addon's stylesheet is linked from every page"
    sheet = client.get(link.group(1))
    assert sheet.status_code == 200 and sheet.content_type.startswith("text/css")
    assert b".chatter-suggested" in sheet.data
