"""Shipped data, views, menus and German words; demo data; the addon conventions."""

from __future__ import annotations

from typing import Any

from core.conformance import AddonConformance


class TestConformance(AddonConformance):
    addon = "crm"


def test_views_are_valid_and_complete(make_env: Any) -> None:
    env = make_env(["crm"])
    views = env["ir.ui.view"]
    for view_type in ("kanban", "list", "form", "search", "graph", "pivot", "activity"):
        arch = views.get_view("crm.lead", view_type)["arch"]
        assert arch.startswith(f"<{view_type}")
    form = views.get_view("crm.lead", "form")["arch"]
    for needle in ('name="action_set_won_rainbowman"', 'name="action_restore"', "<chatter",
                   'title="Won"', 'title="Lost"', 'string="Internal Notes"',
                   'string="Extra Information"', 'widget="statusbar"'):
        assert needle in form
    kanban = views.get_view("crm.lead", "kanban")["arch"]
    assert 'sum_field="expected_revenue"' in kanban and 'field="activity_state"' in kanban
    search = views.get_view("crm.lead", "search")["arch"]
    for name in ("assigned_to_me", "unassigned", "open_opportunities", "won", "lost",
                 "inactive", "overdue_opp", "activities_overdue", "activities_today",
                 "activities_upcoming_all", "salesperson", "saleschannel", "stage", "city",
                 "country", "lostreason", "campaign", "medium", "source", "month",
                 "date_deadline"):
        assert f'name="{name}"' in search, name
    for model in ("crm.stage", "crm.lost.reason", "crm.tag", "crm.team", "crm.lead.lost",
                  "crm.config.settings"):
        assert views.get_view(model, "form")["arch"].startswith("<form")


def test_german_names_of_menus_and_shipped_records(make_env: Any) -> None:
    env = make_env(["crm"], context={"lang": "de_DE"})
    assert env.ref("crm.crm_menu_root").name == "Kundenverwaltung"
    assert [env.ref(f"crm.{x}").name for x in ("crm_menu_sales", "crm_menu_report",
                                                "crm_menu_config")] == [
        "Verkauf", "Berichtswesen", "Konfiguration"]
    stages = env["crm.stage"].search([]).mapped("name")
    assert stages == ["Neu", "Qualifiziert", "Angebot", "Gewonnen"]
    assert env.ref("crm.lost_reason_1").name == "Zu teuer"
    assert env.ref("crm.crm_lead_action_my_activities").name == "Meine Aktivitäten"
    labels = env["crm.lead"].fields_get(["expected_revenue", "tag_ids", "user_id"])
    assert [labels[n]["string"] for n in ("expected_revenue", "tag_ids", "user_id")] == [
        "Erwarteter Umsatz", "Stichwörter", "Verkäufer"]


def test_demo_data_is_a_living_pipeline(make_env: Any) -> None:
    env = make_env(["crm"], demo=True)
    leads = env["crm.lead"].with_context(active_test=False)
    assert leads.search_count([]) >= 80
    statuses = {g["won_status"]: g["won_status_count"]
                for g in leads.read_group([], ["won_status"], ["won_status"])}
    assert statuses["won"] >= 10 and statuses["lost"] >= 5 and statuses["open"] >= 50
    assert env["res.partner"].search_count([]) >= 40
    assert env["crm.team"].search_count([]) >= 3
    open_leads = env["crm.lead"].search([])
    states = set(open_leads.mapped("activity_state"))
    assert {"overdue", "today", "planned"} <= states
    marc = env.ref("crm.user_sales_marc")
    assert env["crm.lead"].with_user(marc).search_count([]) < leads.search_count([])
