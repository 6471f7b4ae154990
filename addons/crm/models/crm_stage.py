"""``crm.stage``: the columns of the pipeline (New, Qualified, Proposition, Won).

A stage shared by all teams has no ``team_id``; a team may have stages of its own. A stage
flagged ``is_won`` is where won opportunities go. ``default_probability`` is the success
rate shown for an opportunity in that stage until predictive lead scoring has enough
closed opportunities to compute one (a fresh database shows 10 / 30 / 70 % rather than 0).
Flagging or unflagging a stage as won turns its opportunities won or open at once.
"""

from __future__ import annotations

from core.exceptions import ValidationError
from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("crm")


class Stage(models.Model):
    _name = "crm.stage"
    _description = "CRM Stages"
    _order = "sequence, name, id"
    _rec_name = "name"

    name = fields.Char(string="Stage Name", required=True, translate=True)
    sequence = fields.Integer(default=1, help="Used to order stages. Lower is better.")
    is_won = fields.Boolean(string="Is Won Stage?")
    requirements = fields.Text(string="Requirements",
                               help="Enter here the internal requirements for this stage (ex: "
                                    "Offer sent to customer). It will appear as a tooltip over "
                                    "the stage's name.")
    team_id = fields.Many2one("crm.team", string="Sales Team", ondelete="set null",
                              help="Specific team that uses this stage. Other teams will not "
                                   "be able to see or use this stage.")
    fold = fields.Boolean(string="Folded in Pipeline",
                          help="This stage is folded in the kanban view when there are no "
                               "records in that stage to display.")
    default_probability = fields.Float(
        string="Default Probability", default=10.0,
        help="Success rate of an opportunity in this stage as long as predictive lead "
             "scoring has no won and lost opportunities to learn from.")
    color = fields.Integer(string="Color")

    @api.constrains("default_probability")
    def _check_default_probability(self) -> None:
        for stage in self:
            if not 0 <= stage.default_probability <= 100:
                raise ValidationError(_("The default probability of a stage must be between "
                                        "0 and 100 %."))

    def write(self, vals: dict) -> bool:
        if "is_won" not in vals:
            return super().write(vals)
        self.check_access("write")
        leads = self.env["crm.lead"].sudo().with_context(active_test=False).search(
            [("stage_id", "in", self.ids)])
        before = leads._status_snapshot()
        result = super().write(vals)
        leads._after_status_change(before)
        return result


MODELS = [Stage]
