"""Won, lost and restored (CRM_SPEC §3.3, §14.2): an explicit status and its follow-ups."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from addons.crm.tests.conftest import lead
from core.exceptions import UserError


def _lose(crm: SimpleNamespace, leads: Any, reason: Any = None, note: str = "",
          user: Any = None) -> Any:
    wizard = crm.env["crm.lead.lost"].with_user(user or crm.env.uid).with_context(
        active_model="crm.lead", active_ids=leads.ids).create(
        {"lost_reason_id": reason.id if reason else False, "lost_feedback": note})
    return wizard.action_lost_reason_apply()


def test_mark_won(crm: SimpleNamespace) -> None:
    opportunity = lead(crm, user_id=crm.sam.id, expected_revenue=5000)
    assert opportunity.with_user(crm.sam).action_set_won_rainbowman()["effect"]["message"] == \
        "Go, go, go! Congrats for your first deal."
    assert (opportunity.stage_id, opportunity.probability, opportunity.won_status) == (
        crm.stages.won, 100.0, "won")
    assert opportunity.date_closed and opportunity.active
    message = opportunity.message_ids[0]
    assert message.subtype_id == crm.env.ref("crm.mt_lead_won")
    assert [(t.field_name, t.old_value_char, t.new_value_char)
            for t in message.tracking_value_ids] == [("stage_id", "New", "Won")]


def test_congratulations_only_for_records(crm: SimpleNamespace) -> None:
    deal = {"user_id": crm.sam.id, "team_id": crm.europe.id}
    first = lead(crm, expected_revenue=1000, **deal)
    assert first.action_set_won_rainbowman()["effect"]["message"] == \
        "Go, go, go! Congrats for your first deal."
    bigger = lead(crm, expected_revenue=2000, **deal)
    assert bigger.action_set_won_rainbowman()["effect"]["message"] == \
        "Boom! Team record for the past 30 days."
    assert lead(crm, expected_revenue=500, **deal).action_set_won_rainbowman() is True
    colleague = lead(crm, expected_revenue=3000, user_id=crm.alice.id, team_id=crm.europe.id)
    assert colleague.action_set_won_rainbowman()["effect"]["message"] == \
        "Go, go, go! Congrats for your first deal."   # her first, although not the team's


def test_dragging_into_the_won_column_is_mark_won(crm: SimpleNamespace) -> None:
    opportunity = lead(crm, user_id=crm.sam.id)
    opportunity.with_user(crm.sam).write({"stage_id": crm.stages.won.id})
    assert (opportunity.probability, opportunity.won_status) == (100.0, "won")
    assert opportunity.date_closed
    opportunity.write({"stage_id": crm.stages.proposition.id})  # reopened
    assert opportunity.won_status == "open" and not opportunity.date_closed
    assert opportunity.probability == 70.0 and opportunity.is_automated_probability


def test_nearest_won_stage(crm: SimpleNamespace) -> None:
    stages = crm.env["crm.stage"]
    early = stages.create({"name": "Won early", "sequence": 2, "is_won": True})
    opportunity = lead(crm, stage_id=crm.stages.new.id)
    late = lead(crm, stage_id=crm.stages.proposition.id)
    (opportunity | late).action_set_won()
    assert opportunity.stage_id == early  # the first won stage after New
    assert late.stage_id == crm.stages.won


def test_no_won_stage(crm: SimpleNamespace) -> None:
    crm.stages.won.is_won = False
    with pytest.raises(UserError, match="There is no won stage"):
        lead(crm).action_set_won()


def test_mark_lost_with_reason_and_closing_note(crm: SimpleNamespace) -> None:
    opportunity = lead(crm, user_id=crm.sam.id, stage_id=crm.stages.qualified.id)
    reason = crm.env.ref("crm.lost_reason_1")
    _lose(crm, opportunity, reason, "<p>They chose a cheaper offer</p>", user=crm.sam)
    assert not opportunity.active and opportunity.won_status == "lost"
    assert (opportunity.probability, opportunity.lost_reason_id) == (0.0, reason)
    assert opportunity.date_closed
    leads = crm.env["crm.lead"]
    assert opportunity not in leads.search([])  # gone from the pipeline
    lost = leads.search([("active", "=", False), ("won_status", "=", "lost")])
    assert opportunity in lost  # the "Lost" filter
    message = opportunity.with_context(active_test=False).message_ids[0]
    assert message.subtype_id == crm.env.ref("crm.mt_lead_lost")
    assert "They chose a cheaper offer" in message.body and "Closing Note" in message.body
    assert {t.field_name for t in message.tracking_value_ids} == {"active", "lost_reason_id"}


def test_lost_reason_is_optional_unless_required(crm: SimpleNamespace) -> None:
    first, second = lead(crm), lead(crm)
    _lose(crm, first)
    assert first.won_status == "lost" and not first.lost_reason_id
    crm.env["ir.config_parameter"].set_param("crm.lost_reason_required", "1")
    with pytest.raises(UserError, match="lost reason"):
        _lose(crm, second)
    with pytest.raises(UserError, match="lost reason"):
        second.action_set_lost()
    assert second.active and second.won_status == "open"
    _lose(crm, second, crm.env.ref("crm.lost_reason_2"))
    assert second.won_status == "lost"


def test_marking_lost_twice_is_refused(crm: SimpleNamespace) -> None:
    opportunity = lead(crm)
    opportunity.action_set_lost(lost_reason_id=crm.env.ref("crm.lost_reason_1").id)
    with pytest.raises(UserError, match="already lost"):
        opportunity.with_context(active_test=False).action_set_lost(
            lost_reason_id=crm.env.ref("crm.lost_reason_3").id)
    assert opportunity.lost_reason_id == crm.env.ref("crm.lost_reason_1")


def test_restore_brings_it_back_automatic(crm: SimpleNamespace) -> None:
    opportunity = lead(crm, stage_id=crm.stages.qualified.id, probability=55)
    assert not opportunity.is_automated_probability
    opportunity.action_set_lost(lost_reason_id=crm.env.ref("crm.lost_reason_1").id)
    opportunity.with_context(active_test=False).action_restore()
    assert opportunity.active and opportunity.won_status == "open"
    assert not opportunity.lost_reason_id and not opportunity.date_closed
    assert opportunity.probability == 30.0 and opportunity.is_automated_probability
    message = opportunity.message_ids[0]
    assert message.subtype_id == crm.env.ref("crm.mt_lead_restored")


def test_archive_is_lost_and_unarchive_restores(crm: SimpleNamespace) -> None:
    opportunity = lead(crm)
    opportunity.action_archive()
    assert opportunity.won_status == "lost" and opportunity.probability == 0.0
    opportunity.with_context(active_test=False).toggle_active()
    assert opportunity.won_status == "open"


def test_marking_won_a_lost_opportunity(crm: SimpleNamespace) -> None:
    opportunity = lead(crm)
    opportunity.action_set_lost()
    opportunity.with_context(active_test=False).action_set_won()
    assert opportunity.active and opportunity.won_status == "won"
    assert opportunity.probability == 100.0 and not opportunity.lost_reason_id


def test_a_stage_becoming_won_wins_its_opportunities(crm: SimpleNamespace) -> None:
    opportunity = lead(crm, stage_id=crm.stages.proposition.id)
    crm.stages.proposition.is_won = True
    assert opportunity.won_status == "won" and opportunity.probability == 100.0
    assert opportunity.date_closed
    crm.stages.proposition.is_won = False
    assert opportunity.won_status == "open" and not opportunity.date_closed


def test_created_closed(crm: SimpleNamespace) -> None:
    won = lead(crm, stage_id=crm.stages.won.id)
    lost = lead(crm, active=False)
    assert (won.won_status, won.probability) == ("won", 100.0) and won.date_closed
    assert (lost.won_status, lost.probability) == ("lost", 0.0) and lost.date_closed


def test_imported_history_keeps_its_closed_date(crm: SimpleNamespace) -> None:
    old = lead(crm, stage_id=crm.stages.won.id, date_closed="2020-03-04 10:00:00")
    assert str(old.date_closed) == "2020-03-04 10:00:00" and old.won_status == "won"


def test_a_team_change_that_leaves_a_team_won_stage_reopens(crm: SimpleNamespace) -> None:
    won_here = crm.env["crm.stage"].create({"name": "Signed", "sequence": 50, "is_won": True,
                                            "team_id": crm.america.id})
    opportunity = lead(crm, team_id=crm.america.id, user_id=False, stage_id=won_here.id)
    assert opportunity.won_status == "won"
    opportunity.team_id = crm.europe  # the team's own stage cannot stay
    assert opportunity.stage_id == crm.stages.new and opportunity.won_status == "open"
    assert not opportunity.date_closed
