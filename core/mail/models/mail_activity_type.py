"""``mail.activity.type``: the kinds of next steps a user can plan (call, meeting, ...).

A type gives an activity its icon, a default summary and note, and a default delay: a
"Call" planned today is due in two days unless the user says otherwise. Types may be
restricted to one model (``res_model``) or offered everywhere; the shipped ones are Email,
Call, Meeting, To-Do and Upload Document (``data/mail_activity_type_data.xml``).
"""

from __future__ import annotations

import datetime as dt

from core.mail import dates
from core.orm import api, fields, models

DELAY_UNITS = [("days", "days"), ("weeks", "weeks"), ("months", "months")]


class ActivityType(models.Model):
    _name = "mail.activity.type"
    _description = "Activity Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    summary = fields.Char(string="Default Summary", translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    icon = fields.Char(help="Font awesome icon e.g. fa-tasks", default="fa-tasks")
    delay_count = fields.Integer(string="Schedule", default=0,
                                 help="Number of days/week/month before executing the "
                                      "action. It allows to plan the action deadline.")
    delay_unit = fields.Selection(DELAY_UNITS, string="Delay units", required=True,
                                  default="days", help="Unit of delay")
    delay_label = fields.Char(compute="_compute_delay_label", string="Delay")
    category = fields.Selection([("default", "None"), ("upload_file", "Upload Document")],
                                string="Action", default="default", required=True,
                                help="Actions may trigger specific behavior like opening "
                                     "calendar view or automatically mark as done when a "
                                     "document is uploaded")
    res_model = fields.Char(string="Model",
                            help="Specify a model if the activity should be specific to a "
                                 "model and not available when managing activities for "
                                 "other models.")
    default_user_id = fields.Many2one("res.users", string="Default User",
                                      ondelete="set null")
    default_note = fields.Html(string="Default Note", translate=True)
    decoration_type = fields.Selection([("warning", "Alert"), ("danger", "Error")],
                                       string="Decoration Type",
                                       help="Change the background color of the related "
                                            "activities of this type.")

    @api.depends("delay_count", "delay_unit")
    def _compute_delay_label(self) -> None:
        units = dict(self._fields["delay_unit"]._options(self))
        for activity_type in self:
            unit = self.env._(units.get(activity_type.delay_unit, activity_type.delay_unit))
            activity_type.delay_label = f"{activity_type.delay_count} {unit}"

    def _deadline_from(self, day: dt.date) -> dt.date:
        """The default deadline of an activity of this type planned on ``day``."""
        if not self:
            return day
        self.ensure_one()
        return dates.add_delay(day, self.delay_count or 0, self.delay_unit or "days")

    @api.model
    def _for_model(self, model_name: str) -> models.Model:
        """The active types usable on ``model_name`` (generic ones and its own)."""
        return self.search(["|", ("res_model", "=", False), ("res_model", "=", model_name)])


MODELS = [ActivityType]
