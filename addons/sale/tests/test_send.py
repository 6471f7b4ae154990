"""Send: the quotation in the chatter, and by e-mail where a mail server is configured."""

from __future__ import annotations

from typing import Any

import pytest

from addons.sale.tests.conftest import make_order
from core.exceptions import UserError
from tests.smtp_stub import smtp_server


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
    assert len(received) == 1
    sender, recipients, mail = received[0]
    assert sender == "sales@example.com" and recipients == ["info@azure.example"]
    assert order.name in mail["Subject"]
    html = next(part for part in mail.walk() if part.get_content_type() == "text/html")
    text = html.get_payload(decode=True).decode()
    assert "Office Desk" in text and "<style>" in text
    assert "was e-mailed to info@azure.example" in sent_message(order).body


def test_an_unreachable_mail_server_is_a_clear_error(env: Any, customer: Any, desk: Any
                                                     ) -> None:
    order = make_order(env, customer, (desk, 1))
    params = env["ir.config_parameter"]
    with smtp_server() as (port, _received):
        unused = port
    params.set_param("mail.smtp.host", "127.0.0.1")
    params.set_param("mail.smtp.port", str(unused))
    params.set_param("mail.default.from", "sales@example.com")
    with pytest.raises(UserError, match="could not be sent"):
        order.action_quotation_send()


def test_cancelled_quotations_are_not_sent(env: Any, customer: Any, desk: Any) -> None:
    order = make_order(env, customer, (desk, 1))
    order.action_cancel()
    with pytest.raises(UserError, match="cancelled"):
        order.action_quotation_send()
