"""An integrator scripts the CRM over the external API with the client libraries they know.

The real ``crm`` addon is served by ``erp serve``; the scripts follow Odoo's documented
external API (xmlrpc.client), OdooRPC's model layer and odooly's client: create
opportunities with tags, search and group them, move them through the stages, mark them
won and lost (the Odoo 17 way, through the ``crm.lead.lost`` wizard), post to the chatter,
plan an activity, and meet the same access rules as in the browser.
"""

from __future__ import annotations

import xmlrpc.client
from collections.abc import Iterator
from typing import Any

import odooly
import odoorpc
import pytest

from core.orm.environment import Environment
from core.testing import ADMIN_PASSWORD, new_user

from .server import HOST, Server, serving

PASSWORD = "sales-password-1"


def seed(env: Environment) -> dict[str, Any]:
    """A salesperson (own documents), a colleague, a customer and three opportunities."""
    sam = new_user(env, "sam", name="Sam Seller", password=PASSWORD,
                   groups=("base.group_user", "sales_team.group_sale_salesman"))
    kim = new_user(env, "kim", name="Kim Colleague", password=PASSWORD,
                   groups=("base.group_user", "sales_team.group_sale_salesman"))
    team = env["crm.team"].create({"name": "RPC Team",
                                   "member_ids": [(6, 0, [sam.id, kim.id])]})
    customer = env["res.partner"].create({"name": "Azure Interior", "is_company": True,
                                          "email": "info@azure.example"})
    leads = env["crm.lead"]
    common = {"type": "opportunity", "team_id": team.id}
    mine = leads.create({"name": "Sam's deal", "user_id": sam.id, **common})
    theirs = leads.create({"name": "Kim's deal", "user_id": kim.id, **common})
    nobody = leads.create({"name": "Nobody's deal", "user_id": False, **common})
    return {"sam": sam.id, "kim": kim.id, "team": team.id, "customer": customer.id,
            "mine": mine.id, "theirs": theirs.id, "nobody": nobody.id,
            "stages": {s.name: s.id for s in env["crm.stage"].search([])},
            "reason": env.ref("crm.lost_reason_1").id}


@pytest.fixture(scope="module")
def server(databases: Any) -> Iterator[Server]:
    with serving(databases, ["crm"], seed) as served:
        yield served


class Api:
    """Odoo's documented way: ``common.authenticate`` then ``object.execute_kw``."""

    def __init__(self, server: Server, login: str = "admin", password: str = ADMIN_PASSWORD):
        self.db, self.password = server.db, password
        common = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/common")
        self.uid = common.authenticate(self.db, login, password, {})
        self.proxy = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object",
                                               allow_none=True)

    def __call__(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        return self.proxy.execute_kw(self.db, self.uid, self.password, model, method,
                                     list(args), kwargs)


@pytest.fixture(scope="module")
def admin(server: Server) -> Api:
    return Api(server)


def test_create_search_and_group_opportunities(server: Server, admin: Api) -> None:
    ids = server.ids
    assert admin("crm.lead", "check_access_rights", "create", raise_exception=False) is True
    tags = [admin("crm.tag", "create", {"name": name}) for name in ("Hot", "Furniture")]
    lead_id = admin("crm.lead", "create", {
        "name": "Office furniture", "type": "opportunity", "partner_id": ids["customer"],
        "expected_revenue": 12000, "team_id": ids["team"], "user_id": ids["sam"],
        "tag_ids": [(6, 0, tags)]})
    assert isinstance(lead_id, int)
    [record] = admin("crm.lead", "read", [lead_id],
                     ["partner_id", "email_from", "stage_id", "tag_ids", "probability"])
    assert record["partner_id"] == [ids["customer"], "Azure Interior"]
    assert record["email_from"] == "info@azure.example"      # taken from the customer
    assert record["stage_id"][1] == "New" and sorted(record["tag_ids"]) == sorted(tags)
    found = admin("crm.lead", "search_read",
                  [("stage_id.name", "=", "New"), ("expected_revenue", ">=", 10000)],
                  fields=["name", "expected_revenue"], order="expected_revenue desc", limit=5)
    assert found[0] == {"id": lead_id, "name": "Office furniture", "expected_revenue": 12000.0}
    groups = admin("crm.lead", "read_group", [("type", "=", "opportunity")],
                   ["expected_revenue:sum"], ["stage_id"], lazy=True)
    new = next(g for g in groups if g["stage_id"] and g["stage_id"][1] == "New")
    assert set(new) >= {"stage_id", "stage_id_count", "expected_revenue", "__domain"}
    assert new["expected_revenue"] >= 12000 and new["stage_id_count"] >= 4
    described = admin("crm.lead", "fields_get", ["stage_id", "probability"],
                      attributes=["type", "relation", "string"])
    assert described["stage_id"] == {"type": "many2one", "relation": "crm.stage",
                                     "string": "Stage"}
    assert admin("res.partner", "name_search", "azure")[0] == [ids["customer"],
                                                                "Azure Interior"]


def test_stage_change_is_tracked_in_the_chatter(server: Server, admin: Api) -> None:
    lead_id = server.ids["mine"]
    admin("crm.lead", "write", [lead_id], {"stage_id": server.ids["stages"]["Qualified"]})
    messages = admin("mail.message", "search_read",
                     [("model", "=", "crm.lead"), ("res_id", "=", lead_id)],
                     fields=["tracking_value_ids", "message_type"], order="id desc", limit=1)
    values = admin("mail.tracking.value", "read", messages[0]["tracking_value_ids"],
                   ["field_name", "old_value_char", "new_value_char"])
    assert {"field_name": "stage_id", "old_value_char": "New",
            "new_value_char": "Qualified"} in [{k: v for k, v in row.items() if k != "id"}
                                               for row in values]
    message_id = admin("crm.lead", "message_post", [lead_id], body="Called the buyer",
                       message_type="comment", subtype_xmlid="mail.mt_note")
    assert isinstance(message_id, int)            # an id, as Odoo's @api.returns gives
    [note] = admin("mail.message", "read", [message_id], ["body", "model", "res_id"])
    assert "Called the buyer" in note["body"] and note["res_id"] == lead_id
    sent = admin("crm.lead", "message_post", [lead_id], body="Your offer",
                 message_type="comment", subtype_xmlid="mail.mt_comment",
                 partner_ids=[server.ids["customer"]])      # no mail server: kept, not sent
    assert admin("mail.message", "read", [sent], ["partner_ids"])[0]["partner_ids"] == [
        server.ids["customer"]]


def test_won_lost_and_restore(server: Server, admin: Api) -> None:
    ids = server.ids
    won = admin("crm.lead", "create", {"name": "Will win", "type": "opportunity",
                                       "team_id": ids["team"], "expected_revenue": 100})
    admin("crm.lead", "action_set_won", [won])
    [record] = admin("crm.lead", "read", [won], ["stage_id", "probability", "won_status",
                                                 "date_closed"])
    assert record["stage_id"][1] == "Won" and record["probability"] == 100
    assert record["won_status"] == "won" and record["date_closed"]
    lost = admin("crm.lead", "create", {"name": "Will lose", "type": "opportunity",
                                        "team_id": ids["team"]})
    context = {"active_model": "crm.lead", "active_ids": [lost], "active_id": lost}
    wizard = admin("crm.lead.lost", "create", {"lost_reason_id": ids["reason"],
                                               "lost_feedback": "<p>Too late</p>"},
                   context=context)
    admin("crm.lead.lost", "action_lost_reason_apply", [wizard], context=context)
    assert admin("crm.lead", "search", [("id", "=", lost)]) == []          # archived
    [record] = admin("crm.lead", "read", [lost], ["active", "probability", "won_status",
                                                  "lost_reason_id"])
    assert (record["active"], record["probability"], record["won_status"]) == (False, 0, "lost")
    assert record["lost_reason_id"][0] == ids["reason"]
    with pytest.raises(xmlrpc.client.Fault, match="already lost"):
        admin("crm.lead", "action_set_lost", [lost])
    admin("crm.lead", "action_unarchive", [lost])
    [record] = admin("crm.lead", "read", [lost], ["active", "won_status", "lost_reason_id",
                                                  "probability"])
    assert record["active"] is True and record["won_status"] == "open"
    assert record["lost_reason_id"] is False and record["probability"] > 0


def test_an_activity_planned_over_rpc(server: Server, admin: Api) -> None:
    lead_id = server.ids["nobody"]
    admin("crm.lead", "activity_schedule", [lead_id], "mail.mail_activity_data_call",
          summary="Call about the offer", user_id=server.ids["sam"])
    [record] = admin("crm.lead", "read", [lead_id], ["activity_ids", "activity_summary",
                                                     "activity_user_id", "activity_state"])
    assert record["activity_summary"] == "Call about the offer"
    assert record["activity_user_id"][0] == server.ids["sam"]
    assert record["activity_state"] in ("today", "planned")


def test_odoorpc_records_and_buttons(server: Server) -> None:
    odoo = odoorpc.ODOO(HOST, port=server.port)
    odoo.login(server.db, "admin", ADMIN_PASSWORD)
    Lead = odoo.env["crm.lead"]
    lead = Lead.browse(Lead.create({"name": "Through OdooRPC", "type": "opportunity",
                                    "partner_id": server.ids["customer"]}))
    assert lead.partner_id.name == "Azure Interior" and lead.stage_id.name == "New"
    lead.write({"expected_revenue": 2500})
    lead.action_set_won()
    lead = Lead.browse(lead.id)
    assert lead.stage_id.name == "Won" and lead.probability == 100
    odoo.logout()


def test_odooly_many2many_and_many2one(server: Server) -> None:
    client = odooly.Client(server.url + "/jsonrpc", server.db, "admin", ADMIN_PASSWORD)
    tag = client.env["crm.tag"].create({"name": "From odooly"})
    lead = client.env["crm.lead"].create({
        "name": "Through odooly", "type": "opportunity", "tag_ids": [(4, tag.id)]})
    found = client.env["crm.lead"].search([("tag_ids.name", "=", "From odooly")])
    assert found.ids == [lead.id]
    assert found[0].stage_id.name == "New"


def test_salesperson_sees_own_and_unassigned_only(server: Server) -> None:
    ids = server.ids
    sam = Api(server, "sam", PASSWORD)
    visible = set(sam("crm.lead", "search", [("team_id", "=", ids["team"])]))
    assert {ids["mine"], ids["nobody"]} <= visible and ids["theirs"] not in visible
    with pytest.raises(xmlrpc.client.Fault) as refused:
        sam("crm.lead", "read", [ids["theirs"]], ["name"])
    assert "Kim's deal" not in refused.value.faultString         # nothing hidden leaks
    with pytest.raises(xmlrpc.client.Fault) as denied:
        sam("crm.lead", "unlink", [ids["mine"]])
    assert "not allowed to delete" in denied.value.faultString
    assert sam("crm.lead", "search_count", [("id", "=", ids["mine"])]) == 1


def test_bad_write_changes_nothing(server: Server, admin: Api) -> None:
    lead_id = server.ids["nobody"]
    before = admin("crm.lead", "read", [lead_id], ["probability", "expected_revenue"])
    with pytest.raises(xmlrpc.client.Fault) as info:
        admin("crm.lead", "write", [lead_id], {"expected_revenue": 999, "probability": 150})
    assert "between 0% and 100%" in info.value.faultString
    assert admin("crm.lead", "read", [lead_id], ["probability", "expected_revenue"]) == before
