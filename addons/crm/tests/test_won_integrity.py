"""Won is 100 %, lost is 0 % — whoever writes (issue 11, point 9).

A probability that contradicts the status the record ends up in is refused with a clear
error, nothing stored; without a probability the status sets it. The usual ways of winning,
losing and reopening keep working. Written as the salesperson Sam (own documents).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from addons.crm.tests.conftest import lead
from core.exceptions import ValidationError


def _mine(crm: SimpleNamespace, **values: object) -> object:
    return lead(crm, user_id=crm.sam.id, team_id=crm.europe.id, as_user=crm.sam, **values)


def test_winning_with_another_probability_is_refused(crm: SimpleNamespace) -> None:
    opportunity = _mine(crm, stage_id=crm.stages.qualified.id)
    with pytest.raises(ValidationError, match="won opportunity"):
        opportunity.write({"stage_id": crm.stages.won.id, "probability": 12})
    crm.env.invalidate_all()
    assert opportunity.stage_id == crm.stages.qualified and opportunity.won_status == "open"
    assert opportunity.probability != 12


def test_a_probability_on_a_won_record_is_refused_not_replaced(crm: SimpleNamespace) -> None:
    opportunity = _mine(crm)
    opportunity.action_set_won()
    with pytest.raises(ValidationError, match="100"):
        opportunity.write({"probability": 40})
    opportunity.write({"probability": 100})  # the consistent value is accepted
    assert (opportunity.probability, opportunity.won_status) == (100.0, "won")


def test_a_probability_on_a_lost_record_is_refused(crm: SimpleNamespace) -> None:
    opportunity = _mine(crm)
    opportunity.action_set_lost()
    lost = opportunity.with_context(active_test=False)
    with pytest.raises(ValidationError, match="lost opportunity"):
        lost.write({"probability": 55})
    with pytest.raises(ValidationError, match="lost opportunity"):
        _mine(crm).write({"active": False, "probability": 30})
    lost.write({"probability": 0})
    assert lost.probability == 0.0


def test_creating_closed_with_a_contradicting_probability_is_refused(
        crm: SimpleNamespace) -> None:
    with pytest.raises(ValidationError, match="won opportunity"):
        _mine(crm, stage_id=crm.stages.won.id, probability=12)
    with pytest.raises(ValidationError, match="lost opportunity"):
        _mine(crm, active=False, probability=25)
    won = _mine(crm, stage_id=crm.stages.won.id, probability=100)   # imported history
    lost = _mine(crm, active=False, probability=0)
    assert (won.probability, won.won_status) == (100.0, "won")
    assert (lost.probability, lost.won_status) == (0.0, "lost")


def test_the_status_still_sets_the_probability(crm: SimpleNamespace) -> None:
    manual = _mine(crm, stage_id=crm.stages.qualified.id, probability=35)
    assert not manual.is_automated_probability
    manual.write({"stage_id": crm.stages.won.id})  # drag into the Won column
    assert (manual.probability, manual.won_status) == (100.0, "won")
    manual.write({"stage_id": crm.stages.proposition.id, "probability": 45})  # reopened
    assert (manual.probability, manual.won_status) == (45.0, "open")
    manual.action_set_lost()
    assert manual.probability == 0.0
    manual.with_context(active_test=False).action_restore()
    manual.action_set_won()
    assert manual.probability == 100.0
    crm.env["crm.lead"].action_update_probabilities()   # the scoring rebuild
    assert manual.probability == 100.0 and manual.won_status == "won"
