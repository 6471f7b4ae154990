"""An integrator scripts the CRM over the external API with the client libraries they know.

The real ``crm`` addon is served by ``erp serve``; the scripts follow Odoo's documented
external API (xmlrpc.client), OdooRPC's model layer and odooly's client: create
opportunities with tags, search and group them, move them through the stages, mark them
won and lost (the Odoo 17 ways: ``action_set_lost(lost_reason_id=...)`` or the
``crm.lead.lost`` wizard), restore them, post to the chatter, plan activities, and meet
the same access rules as in the browser.
"""

from __future__ import annotations

import xmlrpc.client
from collections.abc import Iterator
from typing import Any

import odoolib
import odooly
import odoorpc
import pytest

from core.orm.environment import Environment
from core.testing import ADMIN_PASSWORD, DatabaseFactory, new_user

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
            "reason": env.ref("crm.lost_reason_1").id,
            "reason_name": env.ref("crm.lost_reason_1").name}


@pytest.fixture(scope="module")
def server(databases: DatabaseFactory) -> Iterator[Server]:
    """A database with ``crm`` (and what it depends on) instead of the ORM test models."""
    with serving(databases, ["crm"], seed) as served:
        yield served


class Api:
    """Odoo's documented way: ``common.authenticate`` then ``object.execute_kw``."""

    def __init__(self, server: Server, login: str = "admin", password: str = ADMIN_PASSWORD):
        self.db, self.password = server.db, password
        common = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/common")
        self.uid = common.authenticate(self.db, login, password, {})
        self.proxy = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object")

    def __call__(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        return self.proxy.execute_kw(self.db, self.uid, self.password, model, method,
                                     list(args), kwargs)

    def one(self, model: str, record_id: int, fields: list[str]) -> dict[str, Any]:
        [record] = self(model, "read", [record_id], fields)
        return record

    def opportunity(self, server: Server, name: str, **values: Any) -> int:
        return self("crm.lead", "create", {"name": name, "type": "opportunity",
                                           "team_id": server.ids["team"], **values})

    def last_message(self, lead_id: int) -> dict[str, Any]:
        [message] = self("mail.message", "search_read",
                         [("model", "=", "crm.lead"), ("res_id", "=", lead_id)],
                         fields=["subtype_id", "tracking_value_ids", "body", "message_type"],
                         order="id desc", limit=1)
        return message

    def tracked(self, message: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
        rows = self("mail.tracking.value", "read", message["tracking_value_ids"],
                    ["field_name", "old_value_char", "new_value_char"])
        return {row["field_name"]: (row["old_value_char"], row["new_value_char"])
                for row in rows}


@pytest.fixture(scope="module")
def admin(server: Server) -> Api:
    return Api(server)


def test_authenticate_and_access_rights(server: Server, admin: Api) -> None:
    assert admin.uid == 2
    sam = Api(server, "sam", PASSWORD)
    assert sam.uid == server.ids["sam"]
    assert sam("crm.lead", "check_access_rights", "create", raise_exception=False) is True
    assert sam("crm.lead", "check_access_rights", "unlink", raise_exception=False) is False
    assert sam("crm.stage", "check_access_rights", "write", raise_exception=False) is False
    with pytest.raises(xmlrpc.client.Fault) as info:             # raised by authenticate
        Api(server, "sam", "wrong-password")
    assert info.value.faultCode == 3
    with pytest.raises(xmlrpc.client.Fault) as info:             # a later call, bad password
        sam.proxy.execute_kw(server.db, sam.uid, "wrong-password", "crm.lead", "search", [[]])
    assert (info.value.faultCode, info.value.faultString) == (3, "Access Denied")


def test_create_search_and_group_opportunities(server: Server, admin: Api) -> None:
    ids = server.ids
    tags = [admin("crm.tag", "create", {"name": name}) for name in ("Hot", "Furniture")]
    lead_id = admin.opportunity(server, "Office furniture", partner_id=ids["customer"],
                                expected_revenue=12000, probability=35, user_id=ids["sam"],
                                tag_ids=[(6, 0, tags[:1]), (4, tags[1])])
    assert isinstance(lead_id, int)
    record = admin.one("crm.lead", lead_id, ["partner_id", "email_from", "stage_id",
                                             "tag_ids", "probability", "user_id",
                                             "prorated_revenue"])
    assert record["partner_id"] == [ids["customer"], "Azure Interior"]
    assert record["email_from"] == "info@azure.example"      # taken from the customer
    assert record["stage_id"] == [ids["stages"]["New"], "New"]
    assert sorted(record["tag_ids"]) == sorted(tags) and record["probability"] == 35.0
    assert record["user_id"] == [ids["sam"], "Sam Seller"]
    assert record["prorated_revenue"] == 4200.0
    admin("crm.lead", "write", [lead_id], {"tag_ids": [(3, tags[0])]})
    assert admin.one("crm.lead", lead_id, ["tag_ids"])["tag_ids"] == [tags[1]]
    assert admin("crm.tag", "search_count", [("id", "in", tags)]) == 2    # (3) only unlinks

    fields = ["name", "expected_revenue", "probability", "stage_id", "partner_id"]
    found = admin("crm.lead", "search_read",
                  [("stage_id.name", "=", "New"), ("probability", ">=", 30)],
                  fields=fields, order="expected_revenue desc, id", limit=5)
    assert found[0] == {"id": lead_id, "name": "Office furniture", "expected_revenue": 12000.0,
                        "probability": 35.0, "stage_id": [ids["stages"]["New"], "New"],
                        "partner_id": [ids["customer"], "Azure Interior"]}
    assert all(row["stage_id"][1] == "New" and row["probability"] >= 30 for row in found)
    assert [r["expected_revenue"] for r in found] == sorted(
        (r["expected_revenue"] for r in found), reverse=True)
    assert admin("crm.lead", "search_read", [("probability", ">=", 36), ("id", "=", lead_id)],
                 fields=["name"]) == []

    groups = admin("crm.lead", "read_group", [("type", "=", "opportunity")],
                   ["expected_revenue:sum"], ["stage_id"], lazy=True)
    new = next(g for g in groups if g["stage_id"] and g["stage_id"][1] == "New")
    assert set(new) >= {"stage_id", "stage_id_count", "expected_revenue", "__domain"}
    assert new["stage_id"] == [ids["stages"]["New"], "New"]
    members = admin("crm.lead", "search_read", new["__domain"], fields=["expected_revenue"])
    assert new["stage_id_count"] == len(members) >= 4         # seeded three + this one
    assert new["expected_revenue"] == sum(r["expected_revenue"] for r in members) >= 12000

    described = admin("crm.lead", "fields_get", ["stage_id", "probability", "tag_ids"],
                      attributes=["type", "relation", "string", "required"])
    assert described["stage_id"] == {"type": "many2one", "relation": "crm.stage",
                                     "string": "Stage", "required": False}
    assert described["probability"] == {"type": "float", "string": "Probability",
                                        "required": False}
    assert described["tag_ids"]["type"] == "many2many"
    assert described["tag_ids"]["relation"] == "crm.tag"

    assert admin("res.partner", "name_search", "azure")[0] == [ids["customer"],
                                                                "Azure Interior"]
    assert admin("res.partner", "name_search", name="azure interior", operator="=ilike",
                 limit=1) == [[ids["customer"], "Azure Interior"]]
    assert admin("res.partner", "name_search", "Nobody like this") == []


def test_stage_change_is_tracked_in_the_chatter(server: Server, admin: Api) -> None:
    lead_id = server.ids["mine"]
    admin("crm.lead", "write", [lead_id], {"stage_id": server.ids["stages"]["Qualified"]})
    message = admin.last_message(lead_id)
    assert message["subtype_id"][1] == "Stage Changed"
    assert admin.tracked(message)["stage_id"] == ("New", "Qualified")
    message_id = admin("crm.lead", "message_post", [lead_id], body="Called the buyer",
                       message_type="comment", subtype_xmlid="mail.mt_note")
    assert isinstance(message_id, int)            # an id, as Odoo's @api.returns gives
    note = admin.one("mail.message", message_id, ["body", "model", "res_id", "message_type"])
    assert "Called the buyer" in note["body"] and note["res_id"] == lead_id
    assert (note["model"], note["message_type"]) == ("crm.lead", "comment")
    sent = admin("crm.lead", "message_post", [lead_id], body="Your offer",
                 message_type="comment", subtype_xmlid="mail.mt_comment",
                 partner_ids=[server.ids["customer"]])      # no mail server: kept, not sent
    assert admin.one("mail.message", sent, ["partner_ids"])["partner_ids"] == [
        server.ids["customer"]]


def test_won(server: Server, admin: Api) -> None:
    won = admin.opportunity(server, "Will win", expected_revenue=100)
    admin("crm.lead", "action_set_won", [won])
    record = admin.one("crm.lead", won, ["stage_id", "probability", "won_status",
                                         "date_closed", "active"])
    assert record["stage_id"] == [server.ids["stages"]["Won"], "Won"]
    assert (record["probability"], record["won_status"], record["active"]) == (100, "won", True)
    assert record["date_closed"]
    message = admin.last_message(won)
    assert message["subtype_id"][1] == "Opportunity Won"
    assert admin.tracked(message)["stage_id"][1] == "Won"
    assert admin("crm.lead", "search_count", [("won_status", "=", "won"),
                                              ("id", "=", won)]) == 1


def test_lost_with_a_reason_then_restored(server: Server, admin: Api) -> None:
    ids = server.ids
    lost = admin.opportunity(server, "Will lose", expected_revenue=500)
    admin("crm.lead", "action_set_lost", [lost], lost_reason_id=ids["reason"])
    assert admin("crm.lead", "search", [("id", "=", lost)]) == []          # archived
    assert admin("crm.lead", "search", [("id", "=", lost), ("active", "=", False)]) == [lost]
    record = admin.one("crm.lead", lost, ["active", "probability", "won_status",
                                          "lost_reason_id", "date_closed"])
    assert (record["active"], record["probability"], record["won_status"]) == (False, 0, "lost")
    assert record["lost_reason_id"] == [ids["reason"], ids["reason_name"]]
    assert record["date_closed"]
    assert admin.last_message(lost)["subtype_id"][1] == "Opportunity Lost"
    with pytest.raises(xmlrpc.client.Fault) as info:
        admin("crm.lead", "action_set_lost", [lost])
    assert "Will lose is already lost." in info.value.faultString
    assert admin("crm.lead", "toggle_active", [lost]) is True
    record = admin.one("crm.lead", lost, ["active", "won_status", "lost_reason_id",
                                          "probability", "date_closed"])
    assert record["active"] is True and record["won_status"] == "open"
    assert record["lost_reason_id"] is False and record["date_closed"] is False
    assert 0 < record["probability"] < 100
    assert admin.last_message(lost)["subtype_id"][1] == "Opportunity Restored"


def test_lost_through_the_wizard_then_unarchived(server: Server, admin: Api) -> None:
    ids = server.ids
    lost = admin.opportunity(server, "Lost in the wizard")
    context = {"active_model": "crm.lead", "active_ids": [lost], "active_id": lost}
    wizard = admin("crm.lead.lost", "create", {"lost_reason_id": ids["reason"],
                                               "lost_feedback": "<p>Too late</p>"},
                   context=context)
    admin("crm.lead.lost", "action_lost_reason_apply", [wizard], context=context)
    record = admin.one("crm.lead", lost, ["active", "probability", "won_status",
                                          "lost_reason_id"])
    assert (record["active"], record["probability"], record["won_status"]) == (False, 0, "lost")
    assert record["lost_reason_id"][0] == ids["reason"]
    bodies = admin("mail.message", "search_read",
                   [("model", "=", "crm.lead"), ("res_id", "=", lost)], fields=["body"])
    assert any("Too late" in row["body"] for row in bodies)       # the feedback is kept
    admin("crm.lead", "action_unarchive", [lost])
    record = admin.one("crm.lead", lost, ["active", "won_status", "lost_reason_id"])
    assert (record["active"], record["won_status"], record["lost_reason_id"]) == (
        True, "open", False)


def test_activities_planned_over_rpc(server: Server, admin: Api) -> None:
    ids = server.ids
    lead_id = admin.opportunity(server, "Needs a call", user_id=ids["sam"])
    admin("crm.lead", "activity_schedule", [lead_id], "mail.mail_activity_data_call",
          summary="Call about the offer", user_id=ids["sam"])
    record = admin.one("crm.lead", lead_id, ["activity_ids", "activity_summary",
                                             "activity_user_id", "activity_state",
                                             "activity_type_id"])
    assert record["activity_summary"] == "Call about the offer"
    assert record["activity_user_id"] == [ids["sam"], "Sam Seller"]
    assert record["activity_type_id"][1] == "Call"
    assert record["activity_state"] == "planned"                   # a call is due in 2 days

    [model_id] = admin("ir.model", "search", [("model", "=", "crm.lead")])
    [todo] = admin("mail.activity.type", "search", [("name", "=", "To-Do")])
    activity = admin("mail.activity", "create", {
        "res_model_id": model_id, "res_id": lead_id, "activity_type_id": todo,
        "summary": "Send the catalogue", "date_deadline": "2020-01-31",
        "user_id": ids["sam"]})
    row = admin.one("mail.activity", activity, ["res_model", "res_id", "res_name", "state",
                                                "res_model_id"])
    model_name = admin.one("ir.model", model_id, ["name"])["name"]
    assert row == {"id": activity, "res_model": "crm.lead", "res_id": lead_id,
                   "res_name": "Needs a call", "state": "overdue",
                   "res_model_id": [model_id, model_name]}
    assert len(admin("mail.activity", "search", [("res_model_id", "=", model_id),
                                                 ("res_id", "=", lead_id)])) == 2
    assert admin.one("crm.lead", lead_id, ["activity_state"])["activity_state"] == "overdue"
    assert admin("crm.lead", "search", [("activity_ids.summary", "=", "Send the catalogue")]) \
        == [lead_id]


def test_odoorpc_records_and_buttons(server: Server) -> None:
    odoo = odoorpc.ODOO(HOST, port=server.port)
    odoo.login(server.db, "admin", ADMIN_PASSWORD)
    Lead = odoo.env["crm.lead"]
    lead = Lead.browse(Lead.create({"name": "Through OdooRPC", "type": "opportunity",
                                    "partner_id": server.ids["customer"]}))
    assert lead.partner_id.id == server.ids["customer"]
    assert lead.partner_id.name == "Azure Interior" and lead.stage_id.name == "New"
    assert lead.partner_id.email == "info@azure.example"
    lead.write({"expected_revenue": 2500, "stage_id": server.ids["stages"]["Qualified"]})
    lead = Lead.browse(lead.id)                           # fresh values
    assert lead.expected_revenue == 2500.0 and lead.stage_id.name == "Qualified"
    lead.priority = "2"                                   # attribute write: one RPC write
    assert Lead.read([lead.id], ["priority"])[0]["priority"] == "2"
    lead.action_set_won()
    lead = Lead.browse(lead.id)
    assert lead.stage_id.name == "Won" and lead.probability == 100
    assert lead.won_status == "won"
    mine = Lead.browse(Lead.search([("user_id", "=", server.ids["sam"])]))
    assert "Sam's deal" in [record.name for record in mine]
    assert {record.user_id.name for record in mine} == {"Sam Seller"}
    odoo.logout()


@pytest.mark.parametrize("mode", ["web", "jsonrpc"])
def test_odooly_many2many_and_many2one(server: Server, mode: str) -> None:
    url = server.url + ("/jsonrpc" if mode == "jsonrpc" else "")
    client = odooly.Client(url, server.db, "admin", ADMIN_PASSWORD)
    tag = client.env["crm.tag"].create({"name": f"From odooly {mode}"})
    lead = client.env["crm.lead"].create({
        "name": f"Through odooly {mode}", "type": "opportunity",
        "partner_id": server.ids["customer"], "tag_ids": [(4, tag.id)]})
    found = client.env["crm.lead"].search([("tag_ids.name", "=", f"From odooly {mode}")])
    assert found.ids == [lead.id]
    assert found[0].stage_id.name == "New" and found[0].tag_ids.ids == [tag.id]
    row = client.env["crm.lead"].browse(lead.id).read("stage_id partner_id")
    assert row["partner_id"].id == server.ids["customer"]      # odooly: records for m2o
    assert row["stage_id"].name == "New"
    assert lead.partner_id.name == "Azure Interior"


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
def test_odoo_client_lib_models(server: Server, protocol: str) -> None:
    conn = odoolib.get_connection(hostname=HOST, port=server.port, database=server.db,
                                  login="sam", password=PASSWORD, protocol=protocol)
    Lead = conn.get_model("crm.lead")
    [hot] = conn.get_model("crm.tag").search([("name", "=", "Hot")]) or [
        conn.get_model("crm.tag").create({"name": "Hot"})]
    lead_id = Lead.create({"name": f"Client lib {protocol}", "type": "opportunity",
                           "partner_id": server.ids["customer"], "tag_ids": [(6, 0, [hot])]})
    assert Lead.search([("name", "=", f"Client lib {protocol}")]) == [lead_id]
    [row] = Lead.read([lead_id], ["user_id", "partner_id", "stage_id", "tag_ids"])
    assert row["user_id"] == [server.ids["sam"], "Sam Seller"]      # the creator's own
    assert row["partner_id"] == [server.ids["customer"], "Azure Interior"]
    assert row["stage_id"][1] == "New" and row["tag_ids"] == [hot]
    rows = Lead.search_read([("user_id", "=", server.ids["sam"])], ["name"], order="name")
    assert [r["name"] for r in rows] == sorted(r["name"] for r in rows)


def test_salesperson_sees_own_and_unassigned_only(server: Server, admin: Api) -> None:
    ids = server.ids
    sam = Api(server, "sam", PASSWORD)
    names = {row["name"] for row in sam("crm.lead", "search_read",
                                        [("team_id", "=", ids["team"])], fields=["name"])}
    assert {"Sam's deal", "Nobody's deal"} <= names and "Kim's deal" not in names
    assert sam("crm.lead", "search_count", [("user_id", "=", ids["kim"])]) == 0
    groups = sam("crm.lead", "read_group", [("id", "=", ids["theirs"])],
                 ["expected_revenue:sum"], ["stage_id"])           # empty stages expanded
    assert groups and all(g["stage_id_count"] == 0 for g in groups)
    assert not any(g["expected_revenue"] for g in groups)     # no totals of hidden deals
    with pytest.raises(xmlrpc.client.Fault) as refused:
        sam("crm.lead", "read", [ids["theirs"]], ["name"])
    assert refused.value.faultCode == 4                          # AccessError
    assert refused.value.faultString.startswith(
        "Due to security restrictions, you are not allowed to read 'Lead/Opportunity' "
        "(crm.lead) records")
    assert "Kim's deal" not in refused.value.faultString         # nothing hidden leaks
    with pytest.raises(xmlrpc.client.Fault) as denied:
        sam("crm.lead", "unlink", [ids["mine"]])
    assert denied.value.faultCode == 4
    message = denied.value.faultString
    assert message.startswith(
        "You are not allowed to delete 'Lead/Opportunity' (crm.lead) records.")
    assert "Administrator" in message and "Traceback" not in message
    assert sam("crm.lead", "search_count", [("id", "=", ids["mine"])]) == 1
    assert admin.one("crm.lead", ids["mine"], ["active"])["active"] is True


def test_bad_write_changes_nothing(server: Server, admin: Api) -> None:
    lead_id = server.ids["nobody"]
    fields = ["probability", "expected_revenue", "name"]
    before = admin.one("crm.lead", lead_id, fields)
    with pytest.raises(xmlrpc.client.Fault) as info:
        admin("crm.lead", "write", [lead_id], {"expected_revenue": 999, "probability": 150,
                                               "name": "Changed?"})
    assert info.value.faultCode == 2                             # a ValidationError
    assert info.value.faultString == (
        "The probability of closing the deal should be between 0% and 100%!")
    assert admin.one("crm.lead", lead_id, fields) == before
