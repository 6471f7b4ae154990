"""CRM settings: leads on or off, predictive lead scoring, lost reason required.

A transient form over system parameters and one group, for Sales administrators
(Configuration › Settings). Saving writes the parameters; the scoring statistics are
rebuilt when their fields or start date change; "Update Probabilities" rebuilds them on
demand and rescores every open opportunity.

    crm.pls_fields            "state_id,country_id,phone_state,email_state,source_id"
    crm.pls_start_date        "2024-05-01" (default: install date − 8 days)
    crm.lost_reason_required  "1" / "0"
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from addons.crm.models.crm_lead_probability import (
    DEFAULT_PLS_FIELDS,
    PLS_FIELDS_PARAM,
    PLS_START_PARAM,
)
from core.orm import fields, models

LOST_REASON_PARAM = "crm.lost_reason_required"


def set_default_parameters(env: Any) -> None:
    """Installation: the scored fields and the start date of the statistics."""
    params = env["ir.config_parameter"].sudo()
    if not params.get_param(PLS_FIELDS_PARAM):
        params.set_param(PLS_FIELDS_PARAM, DEFAULT_PLS_FIELDS)
    if not params.get_param(PLS_START_PARAM):
        start = fields.Date.today() - dt.timedelta(days=8)
        params.set_param(PLS_START_PARAM, start.isoformat())


class ConfigSettings(models.TransientModel):
    _name = "crm.config.settings"
    _description = "CRM Settings"

    group_use_lead = fields.Boolean(string="Leads",
                                    default=lambda self: self._default_group_use_lead(),
                                    help="Add a qualification step before the creation of an "
                                         "opportunity")
    predictive_lead_scoring_field_ids = fields.Many2many(
        "crm.lead.scoring.frequency.field", "crm_config_settings_pls_field_rel", "settings_id",
        "field_id", string="Lead Scoring Frequency Fields",
        default=lambda self: self._default_pls_fields(),
        help="The success rate is computed based on the stage, but you can add more fields "
             "in the statistical analysis.")
    predictive_lead_scoring_start_date = fields.Date(
        string="Lead Scoring Starting Date", help="Consider leads created as of this date",
        default=lambda self: self.env["crm.lead"]._pls_start_date().date())
    lost_reason_required = fields.Boolean(
        string="Lost Reason Required", help="Opportunities can only be marked lost with a reason",
        default=lambda self: self.env["crm.lead"]._lost_reason_required())

    def _default_group_use_lead(self) -> bool:
        return self.env.ref("crm.group_use_lead") in self.env.ref("base.group_user").sudo(
            ).implied_ids

    def _default_pls_fields(self) -> Any:
        return self.env["crm.lead.scoring.frequency.field"].sudo().search(
            [("field_name", "in", self.env["crm.lead"]._pls_fields())])

    def execute(self) -> dict[str, Any]:
        """Save: parameters, the leads group, and a rebuild when the scoring changed."""
        self.ensure_one()
        self.check_access("write")
        params = self.env["ir.config_parameter"].sudo()
        leads = self.env["crm.lead"]
        old = (leads._pls_fields(), leads._pls_start_date())
        names = self.predictive_lead_scoring_field_ids.mapped("field_name")
        params.set_param(PLS_FIELDS_PARAM, ",".join(names) or "stage_id")  # the stage only
        start = self.predictive_lead_scoring_start_date
        params.set_param(PLS_START_PARAM, start.isoformat() if start else False)
        params.set_param(LOST_REASON_PARAM, "1" if self.lost_reason_required else "0")
        self._set_use_lead(self.group_use_lead)
        if (leads._pls_fields(), leads._pls_start_date()) != old:
            leads.sudo()._pls_rebuild()
        return {"type": "ir.actions.client", "tag": "reload"}

    def set_values(self) -> dict[str, Any]:
        return self.execute()

    def action_update_probabilities(self) -> bool:
        """Save the settings, rebuild the statistics and rescore open opportunities."""
        self.check_access("write")
        self.execute()
        self.env["crm.lead"].sudo()._pls_rebuild()
        return True

    def _set_use_lead(self, enabled: bool) -> None:
        group = self.env.ref("crm.group_use_lead").sudo()
        internal = self.env.ref("base.group_user").sudo()
        if enabled and group not in internal.implied_ids:
            internal.write({"implied_ids": [(4, group.id)]})
        elif not enabled and group in internal.implied_ids:
            internal.write({"implied_ids": [(3, group.id)]})
            group.write({"users": [(5, 0, 0)]})


MODELS = [ConfigSettings]
