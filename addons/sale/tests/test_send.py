"""Send: the quotation in the chatter, and by e-mail where a mail server is configured.

The e-mail is queued (``mail.mail``) and delivered after the transaction commits; a test's
transaction never commits, so :func:`deliver_queue` sends the queue as that step does."""

from __future__ import annotations

from typing import Any

import pytest

from addons.sale.tests.conftest import make_order
from core.exceptions import UserError
from tests.smtp_stub import smtp_server


def deliver_queue(env: Any) -> Any:
    """Send the queued mails now (after commit in production); returns them."""
    queued = env["mail.mail"].sudo().search([("state", "=", "outgoing")])
    auto_delete = queued.filtered("auto_delete")
    auto_delete.write({"auto_delete": False})   # keep them to look at their state
    queued.send()
    return queued


def sent_message(order: Any) -> Any:
    return order.message_ids.filtered(lambda m: m.message_type == "comment")[0]


def test_send_without_mail_server_records_the_quotation(env: Any, customer: Any,
                                                        desk: Any) -> None:
    order = make_order(env, customer, (desk, 2))
    order.action_quotation_send()
    assert order.state == "sent"
    message = sent_message(order)
    assert f"{order.name} was sent to the customer" in message.body
    assert f'href="/sale/order/{order.id}/print"' in message.body
    assert "Office Desk" in message.body and "1,071.00" in message.body


def test_send_mails_the_quotation_through_the_configured_server(env: Any, customer: Any,
                                                                 desk: Any) -> None:
    order = make_order(env, customer, (desk, 1))
    params = env["ir.config_parameter"]
    with smtp_server() as (port, received):
        params.set_param("mail.smtp.host", "127.0.0.1")
        params.set_param("mail.smtp.port", str(port))
        params.set_param("mail.default.from", "sales@example.com")
        order.action_quotation_send()
        assert received == []            # queued: sent once the transaction commits
        mails = deliver_queue(env)
    assert len(received) == 1 and mails.state == "sent"
    assert mails.mail_message_id == sent_message(order)
    assert mails.recipient_ids == customer
    sender, recipients, mail = received[0]
    assert sender == "sales@example.com" and recipients == ["info@azure.example"]
    assert order.name in mail["Subject"]
    html = next(part for part in mail.walk() if part.get_content_type() == "text/html")
    text = html.get_payload(decode=True).decode()
    assert "Office Desk" in text and "<style>" in text
    assert "was e-mailed to info@azure.example" in sent_message(order).body


def test_an_unreachable_mail_server_marks_the_mail_failed(env: Any, customer: Any,
                                                           desk: Any) -> None:
    """The queue: "Send" succeeds; the e-mail the server refused is ``exception`` with the
    reason, on the sent message."""
    order = make_order(env, customer, (desk, 1))
    params = env["ir.config_parameter"]
    with smtp_server() as (port, _received):
        unused = port
    params.set_param("mail.smtp.host", "127.0.0.1")
    params.set_param("mail.smtp.port", str(unused))
    params.set_param("mail.default.from", "sales@example.com")
    order.action_quotation_send()
    assert order.state == "sent"
    mail = deliver_queue(env)
    assert mail.state == "exception" and "could not be sent" in mail.failure_reason
    shown = {m["id"]: m for m in order.chatter_read()["messages"]}
    assert shown[sent_message(order).id]["delivery_failures"] == [
        {"to": mail.email_to, "reason": mail.failure_reason}]


def test_cancelled_quotations_are_not_sent(env: Any, customer: Any, desk: Any) -> None:
    order = make_order(env, customer, (desk, 1))
    order.action_cancel()
    with pytest.raises(UserError, match="cancelled"):
        order.action_quotation_send()
