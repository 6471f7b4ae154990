"""An onchange leaves nothing behind: two in-memory records of one origin stay apart."""

from typing import Any


def test_successive_onchanges_of_one_record_do_not_share_values(orm: Any) -> None:
    lead = orm["test.lead"].create({"name": "real", "revenue": 200, "probability": 10})
    first = lead.onchange({"probability": 50}, ["probability"], ["prorated"])
    assert first["value"]["prorated"] == 100
    second = lead.onchange({"revenue": 300}, ["revenue"], ["prorated", "probability"])
    assert second["value"]["prorated"] == 30  # the stored probability, not the first form's
    assert lead.prorated == 20  # nothing written
