"""Uninstalling contacts (and crm with sale installed) on SQLite and PostgreSQL: what the
addons owned goes — contacts following documents, the chatter of the dropped models, the
glue's views — and everything else stays, with the data intact."""

from __future__ import annotations

from typing import Any

from core.orm.environment import Environment
from core.registry import modules


def run(registry: Any, function: Any) -> Any:
    with registry.transaction() as tx:
        return function(Environment(tx, 1, {}))


def test_contacts_leave_with_their_followers_and_chatter(databases: Any) -> None:
    registry = databases.fresh_registry(["contacts", "test_mail"])

    def seed(env: Any) -> int:
        customer = env["res.partner"].create({"name": "Azure", "email": "a@azure.example"})
        ticket = env["test_mail.ticket"].create({"name": "Printer jam"})
        ticket.message_subscribe(user_ids=[env.ref("base.user_admin").id],
                                 partner_ids=[customer.id])
        customer.message_post(body="On the customer")
        return ticket.id
    ticket_id = run(registry, seed)
    registry, plan = modules.uninstall(registry, ["contacts"])
    assert plan.addons == ["contacts"] and "mail_followers.partner_id" in plan.columns

    def after(env: Any) -> tuple[list, int, list]:
        ticket = env["test_mail.ticket"].browse(ticket_id)
        followers = env["mail.followers"].search([])
        return (ticket.message_follower_ids.mapped("user_id.login"),
                env["mail.message"].search_count([("model", "=", "res.partner")]),
                sorted(set(followers.mapped("res_model"))))
    assert run(registry, after) == (["admin"], 0, ["test_mail.ticket"])
    registry = modules.install(registry, ["contacts"])      # and back again
    assert run(registry, lambda env: env["mail.followers"].search_count([])) == 1


def test_crm_goes_while_sale_stays(databases: Any) -> None:
    registry = databases.fresh_registry(["crm", "sale"])

    def seed(env: Any) -> int:
        customer = env["res.partner"].create({"name": "Azure"})
        deal = env["crm.lead"].create({"name": "Deal", "type": "opportunity",
                                       "partner_id": customer.id})
        return env["sale.order"].create({"partner_id": customer.id,
                                         "opportunity_id": deal.id}).id
    order_id = run(registry, seed)
    registry, plan = modules.uninstall(registry, ["crm"])
    assert set(plan.addons) == {"crm", "sale_crm"}          # the glue goes with crm
    assert "sale_order.opportunity_id" in plan.columns
    assert run(registry, lambda env: env["sale.order"].browse(order_id).exists().partner_id
               .name) == "Azure"
    registry = modules.install(registry, ["crm"])
    assert run(registry, lambda env: "opportunity_id" in env["sale.order"]._fields)
