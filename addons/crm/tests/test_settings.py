"""CRM settings: leads on/off, predictive lead scoring fields and start date, lost reason."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from addons.crm.tests.conftest import lead


def test_defaults_reflect_the_parameters(crm: SimpleNamespace) -> None:
    settings = crm.env["crm.config.settings"].with_user(crm.max)
    values = settings.default_get(list(settings._fields))
    chosen = crm.env["crm.lead.scoring.frequency.field"].browse(
        values["predictive_lead_scoring_field_ids"][0][2]).mapped("field_name")
    assert sorted(chosen) == ["country_id", "email_state", "phone_state", "source_id",
                              "state_id"]
    expected = dt.date.today() - dt.timedelta(days=8)
    start = values["predictive_lead_scoring_start_date"]
    assert str(start)[:10] <= expected.isoformat()
    assert values["group_use_lead"] is False and values["lost_reason_required"] is False


def test_saving_changes_parameters_group_and_statistics(crm: SimpleNamespace) -> None:
    params = crm.env["ir.config_parameter"]
    params.set_param("crm.pls_start_date", "2000-01-01")
    lead(crm, user_id=crm.sam.id, lang_id=crm.env.ref("base.lang_de").id).action_set_won()
    lead(crm, user_id=crm.sam.id).action_set_lost()
    fields = crm.env["crm.lead.scoring.frequency.field"]
    settings = crm.env["crm.config.settings"].with_user(crm.max).create({
        "group_use_lead": True, "lost_reason_required": True,
        "predictive_lead_scoring_start_date": "2001-01-01",
        "predictive_lead_scoring_field_ids": [(6, 0, fields.search(
            [("field_name", "in", ["lang_id", "tag_ids"])]).ids)]})
    settings.execute()
    assert params.get_param("crm.pls_fields") in ("lang_id,tag_ids", "tag_ids,lang_id")
    assert params.get_param("crm.lost_reason_required") == "1"
    assert crm.env["crm.lead"]._lost_reason_required()
    assert crm.env.ref("crm.group_use_lead") in crm.env.ref("base.group_user").implied_ids
    assert crm.env.ref("crm.group_use_lead") in crm.sam.groups_id
    variables = set(crm.env["crm.lead.scoring.frequency"].search([]).mapped("variable"))
    assert variables == {"stage_id", "lang_id"}  # rebuilt with the new fields
    assert crm.env["crm.lead"].with_user(crm.sam).default_get(["type"])["type"] == "lead"
    settings.write({"group_use_lead": False})
    settings.execute()
    assert crm.env.ref("crm.group_use_lead") not in crm.env.ref("base.group_user").implied_ids
    assert not crm.env.ref("crm.group_use_lead").users


def test_update_probabilities_rescores_open_opportunities(crm: SimpleNamespace) -> None:
    crm.env["ir.config_parameter"].set_param("crm.pls_start_date", "2000-01-01")
    waiting = lead(crm, user_id=crm.sam.id, stage_id=crm.stages.qualified.id)
    assert waiting.probability == 30.0
    lead(crm, user_id=crm.sam.id).action_set_won()
    lead(crm, user_id=crm.sam.id).action_set_lost()
    settings = crm.env["crm.config.settings"].with_user(crm.max).create({})
    settings.action_update_probabilities()
    assert waiting.probability != 30.0 and waiting.is_automated_probability
