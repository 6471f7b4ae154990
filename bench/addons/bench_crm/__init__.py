"""Models shaped like the CRM workload of BENCH.md, for bench/orm_bench.py."""

from core.orm import fields, models
from core.registry.hookspecs import hookimpl


class Stage(models.Model):
    _name = "bench.stage"
    _description = "Benchmark stage"
    _order = "sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer()
    is_won = fields.Boolean()


class Tag(models.Model):
    _name = "bench.tag"
    _description = "Benchmark tag"

    name = fields.Char(required=True)


class Partner(models.Model):
    _name = "bench.partner"
    _description = "Benchmark customer"

    name = fields.Char(required=True, index=True)
    is_company = fields.Boolean(default=True)


class Lead(models.Model):
    _name = "bench.lead"
    _description = "Benchmark opportunity"
    _order = "date_deadline desc, id desc"
    _indexes = {"pipeline": "stage_id, date_deadline desc, id desc"}

    name = fields.Char(required=True, index=True)
    partner_id = fields.Many2one("bench.partner")
    user_id = fields.Many2one("res.users")
    stage_id = fields.Many2one("bench.stage", index=True)
    expected_revenue = fields.Monetary(currency_field=None)
    probability = fields.Float()
    date_deadline = fields.Date()
    priority = fields.Selection([("0", "Low"), ("1", "Medium"), ("2", "High"),
                                 ("3", "Very High")], default="0")
    tag_ids = fields.Many2many("bench.tag")
    active = fields.Boolean(default=True)

    def action_set_won(self):
        won = self.env["bench.stage"].search([("is_won", "=", True)], limit=1)
        self.write({"stage_id": won.id, "probability": 100})
        return True


@hookimpl
def erp_models():
    return [Stage, Tag, Partner, Lead]
