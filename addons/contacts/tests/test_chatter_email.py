""""Send message" reaches partner followers by e-mail through the configured SMTP server
(a real SMTP conversation with the local stand-in of ``tests/smtp_stub.py``).

The e-mails are queued (``mail.mail``) and delivered after the posting transaction
commits; a test's transaction never commits, so :func:`send` delivers the queue itself,
as the post-commit step does (``core/mail/tests/test_mail_queue.py`` tests that step)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from core.exceptions import UserError
from core.testing import new_user
from tests.smtp_stub import smtp_server

PARTNER_MANAGER = ("base.group_user", "base.group_partner_manager")


@pytest.fixture
def env(make_env: Any) -> Any:
    return make_env(["contacts"])


@pytest.fixture
def sara(env: Any) -> Any:
    """The author: may change contacts, has an e-mail address."""
    return new_user(env, "sara", groups=PARTNER_MANAGER, name="Sara Seller",
                    email="sara@erp.example")


@pytest.fixture
def doc(env: Any, sara: Any) -> Any:
    """A document with a chatter (a company) that a customer contact follows."""
    company = env["res.partner"].create({"name": "Azure Interior", "is_company": True})
    anna = env["res.partner"].create({"name": "Anna Berg", "email": "anna@azure.example"})
    company.message_subscribe(partner_ids=[anna.id])
    return company.with_user(sara)


def configure(env: Any, port: int | None) -> None:
    params = env["ir.config_parameter"]
    params.set_param("mail.smtp.host", "127.0.0.1" if port else False)
    params.set_param("mail.smtp.port", str(port) if port else False)


@pytest.fixture
def smtp(env: Any) -> Iterator[list]:
    with smtp_server() as (port, received):
        configure(env, port)
        yield received


def send(doc: Any, body: str = "Your offer is ready.\nBest, Sara", **kw: Any) -> Any:
    message = doc.message_post(body=body, message_type="comment",
                               subtype_xmlid="mail.mt_comment", **kw)
    deliver_queue(doc.env)
    return message


def deliver_queue(env: Any) -> None:
    """Send the queued mails now (after commit in production)."""
    queued = env["mail.mail"].sudo().search([("state", "=", "outgoing")])
    if queued:
        queued.send()


def parts(mail: Any) -> dict[str, str]:
    return {part.get_content_type(): part.get_payload(decode=True).decode().replace("\r\n", "\n")
            for part in mail.walk() if not part.is_multipart()}


def test_the_customer_receives_the_message(doc: Any, smtp: list) -> None:
    message = send(doc)
    assert len(smtp) == 1
    sender, recipients, mail = smtp[0]
    assert sender == "sara@erp.example" and recipients == ["anna@azure.example"]
    assert mail["From"] == "Sara Seller <sara@erp.example>"
    assert mail["To"] == "Anna Berg <anna@azure.example>"
    assert mail["Subject"] == "Azure Interior"
    body = parts(mail)
    assert "Your offer is ready.<br>Best, Sara" in body["text/html"]
    assert body["text/plain"].strip() == "Your offer is ready.\nBest, Sara"
    assert message.sudo().message_id == mail["Message-ID"]


def test_the_subject_and_html_are_kept_and_sanitized(doc: Any, smtp: list) -> None:
    send(doc, body='<p>Hi <b>Anna</b><script>alert(1)</script></p>', body_is_html=True,
         subject="Offer S00042")
    mail = smtp[0][2]
    assert mail["Subject"] == "Offer S00042"
    html = parts(mail)["text/html"]
    assert "<b>Anna</b>" in html and "<script>" not in html


def test_log_notes_and_tracking_send_nothing(doc: Any, smtp: list) -> None:
    doc.message_post(body="internal", message_type="comment", subtype_xmlid="mail.mt_note")
    doc.write({"phone": "+49 30 1"})
    doc._message_log(body="logged")
    assert smtp == []


def test_the_author_gets_nothing(env: Any, doc: Any, sara: Any, smtp: list) -> None:
    own = env["res.partner"].create({"name": "Sara (contact)", "email": "SARA@erp.example"})
    doc.sudo().message_subscribe(partner_ids=[own.id])
    send(doc)
    assert [r for _s, r, _m in smtp] == [["anna@azure.example"]]


def test_partners_without_email_are_skipped(env: Any, doc: Any, smtp: list) -> None:
    mute = env["res.partner"].create({"name": "No Mail"})
    doc.sudo().message_subscribe(partner_ids=[mute.id])
    send(doc)
    assert len(smtp) == 1


def test_without_a_mail_server_nothing_is_sent(env: Any, doc: Any) -> None:
    with smtp_server() as (_port, received):
        configure(env, None)
        message = send(doc)
    assert received == [] and not message.sudo().message_id
    assert "Your offer is ready." in doc.message_ids[0].body


def test_a_failing_mail_server_keeps_the_message_and_marks_the_mail(env: Any, doc: Any
                                                                    ) -> None:
    """The queue: the post succeeds; the refused e-mail is ``exception`` with the server's
    answer, shown on the message in the chatter (Odoo's red envelope)."""
    with smtp_server() as (port, _received):
        closed = port
    configure(env, closed)
    message = send(doc)
    mail = env["mail.mail"].search([("mail_message_id", "=", message.id)])
    assert mail.state == "exception"
    assert "could not be sent through 127.0.0.1" in mail.failure_reason
    assert "Your offer is ready." in doc.message_ids[0].body
    shown = doc.chatter_read()["messages"][0]
    assert shown["delivery_failures"] == [{"to": "Anna Berg <anna@azure.example>",
                                           "reason": mail.failure_reason}]


def test_internal_followers_keep_their_in_app_notification(env: Any, doc: Any,
                                                           smtp: list) -> None:
    colleague = new_user(env, "colleague", email="colleague@erp.example")
    doc.sudo().message_subscribe(user_ids=[colleague.id])
    message = send(doc)
    assert colleague in message.sudo().recipient_ids
    assert [r for _s, r, _m in smtp] == [["anna@azure.example"]]  # users: in the app only


def test_the_sender_falls_back_to_the_default_address(env: Any, doc: Any, sara: Any,
                                                      smtp: list) -> None:
    sara.email = False
    env["ir.config_parameter"].set_param("mail.default.from", "noreply@erp.example")
    send(doc)
    assert smtp[0][2]["From"] == "Sara Seller <noreply@erp.example>"


def test_a_message_to_named_contacts_reaches_them_without_following(env: Any, doc: Any,
                                                                   smtp: list) -> None:
    """Odoo's ``message_post(partner_ids=...)``: the contacts get this one message."""
    boris = env["res.partner"].create({"name": "Boris Buyer", "email": "boris@azure.example"})
    message = send(doc, "Please sign the offer.", partner_ids=[boris.id])
    assert sorted(r[0] for _s, r, _m in smtp) == ["anna@azure.example", "boris@azure.example"]
    assert message.partner_ids == boris
    assert boris not in doc.sudo()._follower_partners()          # not subscribed
    smtp.clear()
    doc.message_post(body="Internal only", partner_ids=[boris.id])   # a log note
    assert smtp == []
    with pytest.raises(UserError, match="does not exist any more"):
        send(doc, "x", partner_ids=[boris.id + 1000])
