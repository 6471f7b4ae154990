"""Bad input (issue §Bad input): a clear translated message, and nothing changed."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from addons.crm.tests.conftest import lead
from core.exceptions import AccessError, UserError, ValidationError


def _snapshot(record: Any) -> dict[str, Any]:
    record.env.invalidate_all()
    values = record.sudo().with_context(active_test=False).read(
        ["probability", "expected_revenue", "stage_id", "active", "lost_reason_id",
         "won_status"])[0]
    values["messages"] = len(record.sudo().with_context(active_test=False).message_ids)
    return values


@pytest.mark.parametrize("value", [-0.5, 100.01, 250])
def test_probability_outside_0_100(crm: SimpleNamespace, value: float) -> None:
    opportunity = lead(crm, probability=20)
    before = _snapshot(opportunity)
    with pytest.raises(ValidationError) as caught:
        opportunity.write({"probability": value, "stage_id": crm.stages.qualified.id})
    assert caught.value.translate("de_DE") == (
        "Die Wahrscheinlichkeit eines Abschlusses muss zwischen 0 % und 100 % liegen.")
    assert _snapshot(opportunity) == before
    with pytest.raises(ValidationError):
        lead(crm, probability=value)


def test_negative_revenue(crm: SimpleNamespace) -> None:
    opportunity = lead(crm, expected_revenue=100)
    before = _snapshot(opportunity)
    with pytest.raises(ValidationError) as caught:
        opportunity.write({"expected_revenue": -1})
    assert caught.value.translate("de_DE") == "Der erwartete Umsatz darf nicht negativ sein."
    assert _snapshot(opportunity) == before


def test_stage_of_another_team(crm: SimpleNamespace) -> None:
    american = crm.env["crm.stage"].create({"name": "US Review", "team_id": crm.america.id})
    opportunity = lead(crm, user_id=crm.sam.id)
    before = _snapshot(opportunity)
    with pytest.raises(ValidationError) as caught:
        opportunity.write({"stage_id": american.id})
    assert "gehört zum Verkaufsteam America" in caught.value.translate("de_DE")
    assert _snapshot(opportunity) == before


def test_marking_lost_an_already_lost_opportunity(crm: SimpleNamespace) -> None:
    opportunity = lead(crm)
    opportunity.action_set_lost(lost_reason_id=crm.env.ref("crm.lost_reason_1").id)
    before = _snapshot(opportunity)
    wizard = crm.env["crm.lead.lost"].create({
        "lead_ids": [(6, 0, opportunity.ids)],
        "lost_reason_id": crm.env.ref("crm.lost_reason_2").id})
    with pytest.raises(UserError) as caught:
        wizard.action_lost_reason_apply()
    assert caught.value.translate("de_DE") == "Deal ist bereits verloren."
    assert _snapshot(opportunity) == before


def test_moving_a_card_without_rights(crm: SimpleNamespace) -> None:
    opportunity = lead(crm, user_id=crm.alice.id)
    before = _snapshot(opportunity)
    with pytest.raises(AccessError) as caught:
        opportunity.with_user(crm.sam).write({"stage_id": crm.stages.won.id})
    assert caught.value.translate("de_DE") != caught.value.translate("en_US")
    assert _snapshot(opportunity) == before
