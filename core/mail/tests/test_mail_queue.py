"""The outgoing mail queue (``mail.mail``): e-mail leaves only after the posting transaction
commits, each mail in a transaction of its own, and never twice.

These tests commit for real (a database of this module's own, on SQLite or PostgreSQL)
and talk SMTP to the local stand-in of ``tests/smtp_stub.py``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest

from core import cli
from core.exceptions import AccessError, ConcurrencyError
from core.mail import outbox
from core.orm.environment import Environment
from core.testing import new_user
from tests.smtp_stub import smtp_server

_names = itertools.count(1)


@pytest.fixture(scope="module")
def registry(databases: Any) -> Any:
    return databases.fresh_registry(["test_mail", "contacts"])


def run(registry: Any, function: Any, uid: int = 1) -> Any:
    """``function(env)`` in a committed transaction."""
    with registry.transaction() as tx:
        return function(Environment(tx, uid, {}))


def configure(registry: Any, port: int | None) -> None:
    def write(env: Any) -> None:
        params = env["ir.config_parameter"]
        params.set_param("mail.smtp.host", "127.0.0.1" if port else False)
        params.set_param("mail.smtp.port", str(port) if port else False)
        params.set_param("mail.default.from", "noreply@erp.example")
    run(registry, write)


@pytest.fixture
def smtp(registry: Any) -> Iterator[list]:
    with smtp_server() as (port, received):
        configure(registry, port)
        yield received
    configure(registry, None)


@pytest.fixture
def ticket(registry: Any) -> int:
    """A ticket a customer contact follows (gets "Send message" by e-mail)."""
    def make(env: Any) -> int:
        ticket = env["test_mail.ticket"].create({"name": f"Ticket {next(_names)}"})
        anna = env["res.partner"].create({"name": "Anna Berg",
                                          "email": "anna@azure.example"})
        ticket.message_subscribe(partner_ids=[anna.id])
        return ticket.id
    return run(registry, make)


def post(env: Any, ticket_id: int, body: str = "Your offer is ready.") -> Any:
    return env["test_mail.ticket"].browse(ticket_id).message_post(
        body=body, message_type="comment", subtype_xmlid="mail.mt_comment")


def mails_of(registry: Any, message_id: int) -> list[tuple[str, str | None]]:
    return run(registry, lambda env: [(m.state, m.failure_reason) for m in env[
        "mail.mail"].search([("mail_message_id", "=", message_id)])])


def messages_of(registry: Any, ticket_id: int) -> list[str]:
    return run(registry, lambda env: [m.body for m in env["test_mail.ticket"].browse(
        ticket_id).message_ids if m.message_type == "comment"])


def test_the_mail_is_queued_with_the_message_and_sent_after_commit(registry: Any,
                                                                   ticket: int,
                                                                   smtp: list) -> None:
    with registry.transaction() as tx:
        env = Environment(tx, 1, {})
        message = post(env, ticket)
        mail = env["mail.mail"].search([("mail_message_id", "=", message.id)])
        assert (mail.state, mail.email_to, mail.subject) == (
            "outgoing", "Anna Berg <anna@azure.example>", message.record_name)
        assert mail.message_id == message.message_id and mail.recipient_ids.email == \
            "anna@azure.example"
        assert smtp == []                       # nothing leaves before the commit
        message_id, header = message.id, message.message_id
    assert [r for _s, r, _m in smtp] == [["anna@azure.example"]]
    assert smtp[0][2]["Message-ID"] == header
    assert mails_of(registry, message_id) == []   # sent, and deleted (auto_delete)


def test_a_rolled_back_post_sends_nothing(registry: Any, ticket: int, smtp: list) -> None:
    with pytest.raises(RuntimeError), registry.transaction() as tx:
        post(Environment(tx, 1, {}), ticket, "Never kept")
        raise RuntimeError("the request failed after posting")
    assert smtp == []
    assert messages_of(registry, ticket) == []
    assert run(registry, lambda env: env["mail.mail"].search_count([("res_id", "=", ticket),
                                                                   ("model", "=",
                                                                    "test_mail.ticket")])) == 0


def test_a_request_retried_after_a_conflict_sends_once(registry: Any, ticket: int,
                                                       smtp: list) -> None:
    """The whole-request retry: the first attempt fails at commit, the second succeeds."""
    def conflict() -> None:
        raise ConcurrencyError("could not serialize access")

    for attempt in range(2):
        try:
            with registry.transaction() as tx:
                post(Environment(tx, 1, {}), ticket, "Sent once")
                if attempt == 0:
                    tx.precommit.append(conflict)
        except ConcurrencyError:
            assert smtp == []
    assert len(smtp) == 1 and len(messages_of(registry, ticket)) == 1


def test_a_mail_queued_by_a_process_that_died_is_sent_by_the_queue_job(
        registry: Any, ticket: int, smtp: list, capsys: pytest.CaptureFixture) -> None:
    with registry.transaction() as tx:
        message_id = post(Environment(tx, 1, {}), ticket).id
        tx.postcommit.clear()     # the process is killed right after the commit
    assert smtp == [] and mails_of(registry, message_id) == [("outgoing", False)]
    assert cli.main(["--db", registry.url, "call", "mail.mail", "process_email_queue",
                     "--user", "__system__"]) == 0
    assert capsys.readouterr().out.strip() == "1"
    assert [r for _s, r, _m in smtp] == [["anna@azure.example"]]
    assert mails_of(registry, message_id) == []
    assert outbox.deliver(registry, [1, 2, 3]) == 0     # nothing left to send


def test_a_mail_is_never_delivered_twice(registry: Any, ticket: int, smtp: list) -> None:
    def queue(env: Any) -> int:
        message = post(env, ticket)
        env.transaction.postcommit.clear()
        return env["mail.mail"].search([("mail_message_id", "=", message.id)]).id
    mail_id = run(registry, queue)
    run(registry, lambda env: env["mail.mail"].browse(mail_id).write({"auto_delete": False}))
    assert outbox.deliver(registry, [mail_id]) == 1
    assert outbox.deliver(registry, [mail_id]) == 0       # another worker, later
    assert len(smtp) == 1
    assert run(registry, lambda env: env["mail.mail"].browse(mail_id).state) == "sent"


def test_a_refused_mail_keeps_the_message_and_shows_why(registry: Any, ticket: int) -> None:
    with smtp_server() as (port, _received):
        closed = port
    configure(registry, closed)
    try:
        message_id = run(registry, lambda env: post(env, ticket, "Hello Anna").id)
    finally:
        configure(registry, None)
    [(state, reason)] = mails_of(registry, message_id)
    assert state == "exception" and "could not be sent through 127.0.0.1" in reason
    assert messages_of(registry, ticket) == ["Hello Anna"]
    shown = run(registry, lambda env: env["test_mail.ticket"].browse(ticket).chatter_read())
    assert shown["messages"][0]["delivery_failures"] == [
        {"to": "Anna Berg <anna@azure.example>", "reason": reason}]


def test_only_system_administrators_read_or_send_the_queue(registry: Any,
                                                           ticket: int) -> None:
    def check(env: Any) -> None:
        seller = new_user(env, f"seller{next(_names)}")
        mail = env["mail.mail"].create({"email_from": "a@x.example", "email_to": "b@x.example",
                                        "subject": "Secret", "body_html": "<p>secret</p>"})
        as_seller = env(user=seller.id)["mail.mail"]
        for attempt in (lambda: as_seller.search([]), lambda: as_seller.browse(mail.id).read(
                ["body_html"]), as_seller.process_email_queue,
                lambda: as_seller.browse(mail.id).send()):
            with pytest.raises(AccessError), env.transaction.savepoint():
                attempt()
        assert env(user=2)["mail.mail"].search([("id", "=", mail.id)]) == mail  # admin
        mail.unlink()
    run(registry, check)


def test_an_administrator_retries_a_failed_mail(registry: Any, ticket: int) -> None:
    with smtp_server() as (port, _received):
        closed = port
    configure(registry, closed)
    message_id = run(registry, lambda env: post(env, ticket, "Second try").id)
    assert mails_of(registry, message_id)[0][0] == "exception"
    with smtp_server() as (port, received):
        configure(registry, port)
        run(registry, lambda env: env["mail.mail"].search(
            [("mail_message_id", "=", message_id)]).mark_outgoing(), uid=2)
        assert [r for _s, r, _m in received] == [["anna@azure.example"]]
    configure(registry, None)
    assert mails_of(registry, message_id) == []
    shown = run(registry, lambda env: env["test_mail.ticket"].browse(ticket).chatter_read())
    assert shown["messages"][0]["delivery_failures"] == []


def test_two_processes_sending_the_queue_at_once_deliver_each_mail_once(
        registry: Any, ticket: int, smtp: list) -> None:
    """The post-commit step of one worker and the cron of another, at the same moment."""
    import threading

    def queue(env: Any) -> list[int]:
        messages = [post(env, ticket, f"Offer {n}") for n in range(6)]
        env.transaction.postcommit.clear()
        return env["mail.mail"].search([("mail_message_id", "in", [m.id for m in messages])]).ids
    mail_ids = run(registry, queue)
    counts: list[int] = []
    start = threading.Barrier(2)

    def sender(ids: list[int]) -> None:
        start.wait()
        counts.append(outbox.deliver(registry, ids))
    threads = [threading.Thread(target=sender, args=(ids,))
               for ids in (mail_ids, list(reversed(mail_ids)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sum(counts) == 6 and len(smtp) == 6
    assert sorted(m["Subject"] for _s, _r, m in smtp) == [smtp[0][2]["Subject"]] * 6
    assert run(registry, lambda env: env["mail.mail"].search_count(
        [("id", "in", mail_ids)])) == 0


def test_administrators_see_the_failed_mails_in_settings(registry: Any, databases: Any,
                                                         ticket: int) -> None:
    from core.testing import ADMIN_PASSWORD
    from core.web.app import create_app
    from tests.web.conftest import WebClient
    with smtp_server() as (port, _received):
        closed = port
    configure(registry, closed)
    try:
        message_id = run(registry, lambda env: post(env, ticket, "Refused").id)
    finally:
        configure(registry, None)

    def prepare(env: Any) -> tuple[int, int]:
        new_user(env, "clerk", password="clerk-password-1")
        env["res.users"].browse(2).write({"lang": "de_DE"})
        mail = env["mail.mail"].search([("mail_message_id", "=", message_id)])
        return env.ref("mail.action_view_mail_mail").id, mail.id
    action, mail_id = run(registry, prepare)
    app = create_app(registry.url, databases.catalog)
    admin = WebClient(app)
    admin.login("admin", ADMIN_PASSWORD)
    listing = admin.get(f"/web/action/{action}/list").get_data(as_text=True)
    assert "Zustellung fehlgeschlagen" in listing and "Anna Berg" in listing
    form = admin.get(f"/web/action/{action}/form/{mail_id}").get_data(as_text=True)
    assert "Erneut versuchen" in form and "127.0.0.1" in form
    clerk = WebClient(app)
    clerk.login("clerk", "clerk-password-1")
    assert clerk.get(f"/web/action/{action}/form/{mail_id}").status_code in (403, 404)
