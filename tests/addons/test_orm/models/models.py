"""Models for the ORM tests: a small CRM-like shape."""

from core.exceptions import ValidationError
from core.orm import api, fields, models


class Category(models.Model):
    _name = "test.category"
    _description = "Test Category"
    _order = "sequence, name"
    _parent_name = "parent_id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    parent_id = fields.Many2one("test.category", ondelete="cascade")
    child_ids = fields.One2many("test.category", "parent_id")
    active = fields.Boolean(default=True)
    fold = fields.Boolean()


class Tag(models.Model):
    _name = "test.tag"
    _description = "Test Tag"
    _order = "name"
    _sql_constraints = [("name_uniq", "unique(name)", "Tag name already exists!")]

    name = fields.Char(required=True)
    color = fields.Integer()


class Partner(models.Model):
    _name = "test.partner"
    _description = "Test Partner"
    _order = "name, id"

    name = fields.Char(required=True)
    email = fields.Char()
    country_id = fields.Many2one("res.country")
    parent_id = fields.Many2one("test.partner", string="Parent Company")
    child_ids = fields.One2many("test.partner", "parent_id", string="Contacts")
    active = fields.Boolean(default=True)
    lead_ids = fields.One2many("test.lead", "partner_id")
    lead_count = fields.Integer(compute="_compute_lead_count", store=True)
    total_revenue = fields.Float(compute="_compute_lead_count", store=True)

    @api.depends("lead_ids.revenue")
    def _compute_lead_count(self):
        for partner in self:
            partner.lead_count = len(partner.lead_ids)
            partner.total_revenue = sum(partner.lead_ids.mapped("revenue"))


class Lead(models.Model):
    _name = "test.lead"
    _description = "Test Lead"
    _order = "priority desc, id desc"
    _sql_constraints = [
        ("check_probability", "check(probability >= 0 and probability <= 100)",
         "The probability must be between 0 and 100."),
    ]

    name = fields.Char(required=True, index=True)
    description = fields.Text()
    notes = fields.Html()
    active = fields.Boolean(default=True)
    priority = fields.Selection([("0", "Low"), ("1", "Medium"), ("2", "High")], default="0")
    state = fields.Selection([("open", "Open"), ("won", "Won"), ("lost", "Lost")],
                             default="open", required=True)
    revenue = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.ref("base.EUR"))
    probability = fields.Float(digits=(16, 2))
    prorated = fields.Monetary(compute="_compute_prorated", store=True,
                               currency_field="currency_id")
    count = fields.Integer()
    date_deadline = fields.Date()
    date_closed = fields.Datetime()
    attachment = fields.Binary()
    partner_id = fields.Many2one("test.partner", ondelete="set null")
    partner_name = fields.Char(related="partner_id.name", string="Partner Name")
    partner_email = fields.Char(related="partner_id.email", readonly=False)
    country_id = fields.Many2one(related="partner_id.country_id", store=True)
    category_id = fields.Many2one("test.category", ondelete="restrict")
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    tag_ids = fields.Many2many("test.tag", string="Tags")
    line_ids = fields.One2many("test.line", "lead_id", copy=True)
    line_total = fields.Float(compute="_compute_line_total", store=True)
    display_label = fields.Char(compute="_compute_display_label")
    category_label = fields.Char(compute="_compute_category_label", store=True, readonly=False)

    @api.depends("revenue", "probability")
    def _compute_prorated(self):
        for lead in self:
            lead.prorated = round(lead.revenue * lead.probability / 100, 2)

    @api.depends("line_ids.amount")
    def _compute_line_total(self):
        for lead in self:
            lead.line_total = sum(lead.line_ids.mapped("amount"))

    @api.depends("name", "partner_id.name")
    def _compute_display_label(self):
        for lead in self:
            lead.display_label = f"{lead.name} ({lead.partner_id.name or '-'})"

    @api.depends("category_id.name")
    def _compute_category_label(self):
        for lead in self:
            lead.category_label = lead.category_id.name or False

    @api.constrains("revenue")
    def _check_revenue(self):
        for lead in self:
            if lead.revenue < 0:
                raise ValidationError("The revenue cannot be negative.")

    def action_set_won(self):
        self.write({"state": "won", "probability": 100})
        return True

    def _private_method(self):
        return "secret"


class Line(models.Model):
    _name = "test.line"
    _description = "Test Lead Line"
    _order = "sequence, id"

    lead_id = fields.Many2one("test.lead", required=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    name = fields.Char()
    amount = fields.Float()
    lead_name = fields.Char(related="lead_id.name", store=True)


MODELS = [Category, Tag, Partner, Lead, Line]
