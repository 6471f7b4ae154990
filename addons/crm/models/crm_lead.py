"""``crm.lead``: a lead or an opportunity — someone who may buy, and what they may buy.

The model is split by responsibility, each file extending ``crm.lead``:

* this file: the fields, and ``create``/``write``, which check the values first (nothing
  is written when one is wrong) and run the follow-ups of a change of status;
* :mod:`.crm_lead_contact`: contact data taken from the customer, and written back;
* :mod:`.crm_lead_team`: salesperson → sales team → first stage, the pipeline columns;
* :mod:`.crm_lead_status`: won / lost / open (an explicit stored status), the actions;
* :mod:`.crm_lead_probability`: automated probability (predictive lead scoring).
"""

from __future__ import annotations

from typing import Any

from core.exceptions import ValidationError
from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("crm")

PRIORITIES = [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")]
WON_STATUS = [("open", "Open"), ("won", "Won"), ("lost", "Lost")]
#: Fields whose change may change the status (the stage follows the team, which follows
#: the salesperson).
STATUS_INPUTS = frozenset({"active", "stage_id", "team_id", "user_id", "type"})


class Lead(models.Model):
    _name = "crm.lead"
    _description = "Lead/Opportunity"
    _inherit = ["mail.thread", "mail.activity.mixin", "utm.mixin"]
    _order = "priority desc, id desc"
    _rec_names_search = ["name", "partner_id.complete_name", "email_from", "contact_name",
                         "partner_name"]
    _indexes = {"pipeline": "stage_id, priority desc, id desc",
                "pipeline_deadline": "stage_id, date_deadline desc, id desc",
                "closed": "won_status, create_date"}
    _sql_constraints = [
        ("check_probability", "check(probability >= 0 and probability <= 100)",
         _("The probability of closing the deal should be between 0% and 100%!")),
        ("check_expected_revenue", "check(expected_revenue >= 0)",
         _("The expected revenue cannot be negative.")),
    ]

    name = fields.Char(string="Opportunity", required=True, index=True)
    type = fields.Selection([("lead", "Lead"), ("opportunity", "Opportunity")], required=True,
                            index=True, tracking=15, default=lambda self: self._default_type())
    active = fields.Boolean(default=True, tracking=True)
    user_id = fields.Many2one("res.users", string="Salesperson", index=True, tracking=True,
                              default=lambda self: self.env.user,
                              domain=[("share", "=", False)])
    team_id = fields.Many2one("crm.team", string="Sales Team", index=True, tracking=True,
                              compute="_compute_team_id", store=True, readonly=False,
                              ondelete="set null")
    company_id = fields.Many2one("res.company", string="Company", index=True,
                                 default=lambda self: self.env.company)
    stage_id = fields.Many2one("crm.stage", string="Stage", index=True, tracking=True,
                               compute="_compute_stage_id", store=True, readonly=False,
                               copy=False, ondelete="restrict",
                               group_expand="_read_group_stage_ids",
                               domain="['|', ('team_id', '=', False), ('team_id', '=', team_id)]")
    priority = fields.Selection(PRIORITIES, string="Priority", default="0", index=True)
    tag_ids = fields.Many2many("crm.tag", "crm_tag_rel", "lead_id", "tag_id", string="Tags")
    color = fields.Integer(string="Color Index", default=0)
    description = fields.Html(string="Notes")
    referred = fields.Char(string="Referred By")

    # -- money and probability ---------------------------------------------------------------
    company_currency = fields.Many2one("res.currency", string="Currency",
                                       compute="_compute_company_currency")
    expected_revenue = fields.Monetary(string="Expected Revenue", tracking=True,
                                       currency_field="company_currency")
    prorated_revenue = fields.Monetary(string="Prorated Revenue", store=True,
                                       currency_field="company_currency",
                                       compute="_compute_prorated_revenue")
    probability = fields.Float(string="Probability", aggregator="avg", copy=False,
                               compute="_compute_probability", store=True, readonly=False)
    automated_probability = fields.Float(string="Automated Probability", readonly=True,
                                         compute="_compute_automated_probability", store=True)
    is_automated_probability = fields.Boolean(string="Is automated probability?", default=True,
                                              copy=False)
    probability_explanation = fields.Html(string="Probability Factors",
                                          compute="_compute_probability_explanation")

    # -- status and dates -----------------------------------------------------------------------
    won_status = fields.Selection(WON_STATUS, string="Is Won", compute="_compute_won_status",
                                  store=True, index=True)
    lost_reason_id = fields.Many2one("crm.lost.reason", string="Lost Reason", index=True,
                                     ondelete="restrict", tracking=True, copy=False)
    date_deadline = fields.Date(string="Expected Closing",
                                help="Estimate of the date on which the opportunity will be won.")
    date_closed = fields.Datetime(string="Closed Date", readonly=True, copy=False, index=True)
    date_open = fields.Datetime(string="Assignment Date", compute="_compute_date_open",
                                store=True, readonly=True)
    date_last_stage_update = fields.Datetime(string="Last Stage Update", index=True,
                                             compute="_compute_date_last_stage_update",
                                             store=True, readonly=True)

    # -- customer and contact data (see crm_lead_contact) ------------------------------------
    partner_id = fields.Many2one("res.partner", string="Customer", index=True, tracking=10,
                                 help="Linked partner (optional). Usually created when "
                                      "converting the lead. You can find a partner by its "
                                      "Name, TIN, Email or Internal Reference.")
    partner_name = fields.Char(string="Company Name", tracking=20, index=True,
                               compute="_compute_partner_name", store=True, readonly=False,
                               help="The name of the future partner company that will be "
                                    "created while converting the lead into opportunity")
    contact_name = fields.Char(string="Contact Name", tracking=30,
                               compute="_compute_contact_name", store=True, readonly=False)
    function = fields.Char(string="Job Position", compute="_compute_function", store=True,
                           readonly=False)
    email_from = fields.Char(string="Email", tracking=40, index=True,
                             compute="_compute_email_from", store=True, readonly=False)
    email_normalized = fields.Char(string="Normalized Email", index=True,
                                   compute="_compute_email_normalized", store=True)
    email_state = fields.Selection([("correct", "Correct"), ("incorrect", "Incorrect")],
                                   string="Email Quality", compute="_compute_email_state",
                                   store=True)
    phone = fields.Char(string="Phone", tracking=50, compute="_compute_phone", store=True,
                        readonly=False)
    phone_state = fields.Selection([("correct", "Correct"), ("incorrect", "Incorrect")],
                                   string="Phone Quality", compute="_compute_phone_state",
                                   store=True)
    mobile = fields.Char(string="Mobile", compute="_compute_mobile", store=True,
                         readonly=False)
    website = fields.Char(string="Website", index=True, compute="_compute_website",
                          store=True, readonly=False, help="Website of the contact")
    lang_id = fields.Many2one("res.lang", string="Language", compute="_compute_lang_id",
                              store=True, readonly=False)
    street = fields.Char(string="Street", compute="_compute_street", store=True,
                         readonly=False)
    street2 = fields.Char(string="Street2", compute="_compute_street", store=True,
                          readonly=False)
    zip = fields.Char(string="Zip", compute="_compute_street", store=True, readonly=False)
    city = fields.Char(string="City", compute="_compute_street", store=True, readonly=False)
    state_id = fields.Many2one("res.country.state", string="State", compute="_compute_street",
                               store=True, readonly=False,
                               domain="[('country_id', '=?', country_id)]")
    country_id = fields.Many2one("res.country", string="Country", compute="_compute_street",
                                 store=True, readonly=False)
    ribbon_message = fields.Char(string="Ribbon message", compute="_compute_ribbon_message")

    # -- defaults and simple computes -------------------------------------------------------
    def _default_type(self) -> str:
        return "lead" if self.env.user_has_groups("crm.group_use_lead") else "opportunity"

    @api.depends("company_id")
    def _compute_company_currency(self) -> None:
        fallback = self.env.company.currency_id
        for lead in self:
            lead.company_currency = lead.company_id.currency_id or fallback

    @api.depends("expected_revenue", "probability")
    def _compute_prorated_revenue(self) -> None:
        for lead in self:
            lead.prorated_revenue = round((lead.expected_revenue or 0.0) *
                                          (lead.probability or 0.0) / 100.0, 2)

    @api.depends("user_id")
    def _compute_date_open(self) -> None:
        now = fields.Datetime.now()
        for lead in self:
            lead.date_open = now if lead.user_id else False

    @api.depends("stage_id")
    def _compute_date_last_stage_update(self) -> None:
        now = fields.Datetime.now()
        for lead in self:
            lead.date_last_stage_update = now

    # -- writing ---------------------------------------------------------------------------
    @api.model
    def create(self, vals_list: Any) -> Any:
        items = [vals_list] if isinstance(vals_list, dict) else list(vals_list)
        for vals in items:
            self._check_values(vals, self.browse())
        if not any("probability" in vals for vals in items):
            return self._create_leads(items)
        with self.env.transaction.savepoint():  # a refused probability leaves no trace
            return self._create_leads(items)

    def _create_leads(self, items: list[dict]) -> Any:
        leads = super().create([self._clean_values(vals, creating=True) for vals in items])
        leads._after_create(items)
        return leads

    def write(self, vals: dict) -> bool:
        if "probability" not in vals:
            return self._write_lead(vals)
        with self.env.transaction.savepoint():  # a refused probability leaves no trace
            return self._write_lead(vals)

    def _write_lead(self, vals: dict) -> bool:
        self._check_values(vals, self)
        vals = self._clean_values(vals)
        if vals.get("active") and "lost_reason_id" not in vals:
            vals = {**vals, "lost_reason_id": False}  # restored: no longer lost
        before = self._status_snapshot() if STATUS_INPUTS & set(vals) else None
        result = super().write(vals)
        if before is not None:
            self._after_status_change(before, vals)
        if "probability" in vals:
            self._check_closed_probability([vals["probability"]] * len(self))
        self._after_write(vals)
        return result

    def _check_values(self, vals: dict, leads: Any) -> None:
        """Refuse wrong values before anything is written (translated messages)."""
        probability = vals.get("probability")
        if probability not in (None, False) and not 0 <= float(probability) <= 100:
            raise ValidationError(_("The probability of closing the deal should be between "
                                    "0% and 100%!"))
        revenue = vals.get("expected_revenue")
        if revenue not in (None, False) and float(revenue) < 0:
            raise ValidationError(_("The expected revenue cannot be negative."))
        if vals.get("stage_id"):
            if "team_id" in vals:
                teams = {vals["team_id"] or False}
            elif leads:
                teams = {lead.team_id.id or False for lead in leads.sudo()}
            else:
                teams = set()  # created: the team is taken from the stage (_clean_values)
            self._check_stage_team(vals["stage_id"], teams)

    def _clean_values(self, vals: dict, creating: bool = False) -> dict:
        if creating and vals.get("stage_id") and "team_id" not in vals:
            stage = self.env["crm.stage"].sudo().browse(vals["stage_id"])
            if stage.team_id:
                vals = {**vals, "team_id": stage.team_id.id}
        if vals.get("website"):
            from addons.contacts.models.contact_tools import clean_website
            vals = {**vals, "website": clean_website(vals["website"])}
        return vals

    def _after_create(self, items: list[dict]) -> None:
        """Follow-ups of a creation: write-back to customers, manual probabilities, the
        dates and counts of opportunities created won or lost."""
        self._sync_partner_contact(items)
        manual = self.browse([lead.id for lead, vals in zip(self, items)
                              if "probability" in vals])
        manual._update_automated_flag()
        self._after_status_change({lead.id: None for lead in self}, {}, creating=True)
        self._check_closed_probability([vals.get("probability") if "probability" in vals
                                        else None for vals in items])

    def _after_write(self, vals: dict) -> None:
        self._sync_partner_contact([vals] * len(self))
        if "probability" in vals and "is_automated_probability" not in vals:
            self._update_automated_flag()

    def copy_data(self, default: dict | None = None) -> list[dict[str, Any]]:
        default = dict(default or {})
        default.setdefault("name", self.env._(_("%(name)s (copy)", name=self.name)))
        if self.user_id and not self.user_id.active:
            default["user_id"] = False
        return super().copy_data(default)


MODELS = [Lead]
