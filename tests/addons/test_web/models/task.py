"""Tasks with stages, tags, lines and activities, shaped like a CRM pipeline."""

import datetime as dt

from core.exceptions import UserError, ValidationError
from core.orm import api, fields, models


class Stage(models.Model):
    _name = "test_web.stage"
    _description = "Task Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string="Folded in Kanban")
    is_done = fields.Boolean()


class Tag(models.Model):
    _name = "test_web.tag"
    _description = "Task Tag"
    _order = "name"

    name = fields.Char(required=True)
    color = fields.Integer()


class ActivityType(models.Model):
    _name = "test_web.activity.type"
    _description = "Activity Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)


class Activity(models.Model):
    _name = "test_web.activity"
    _description = "Activity"
    _order = "date_deadline, id"

    task_id = fields.Many2one("test_web.task", required=True, ondelete="cascade")
    activity_type_id = fields.Many2one("test_web.activity.type", required=True)
    summary = fields.Char()
    date_deadline = fields.Date(required=True)
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)


class Task(models.Model):
    _name = "test_web.task"
    _description = "Task"
    _order = "priority desc, sequence, id"

    name = fields.Char(string="Title", required=True)
    description = fields.Text()
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    stage_id = fields.Many2one("test_web.stage", string="Stage", ondelete="restrict",
                               group_expand="_read_group_stage_ids",
                               default=lambda self: self._default_stage())
    state = fields.Selection([("draft", "Draft"), ("open", "In Progress"), ("done", "Done")],
                             string="Status", default="draft", required=True)
    priority = fields.Selection([("0", "Normal"), ("1", "Good"), ("2", "Very Good"),
                                 ("3", "Excellent")], default="0")
    tag_ids = fields.Many2many("test_web.tag", string="Tags")
    user_id = fields.Many2one("res.users", string="Assigned to",
                              default=lambda self: self.env.user)
    partner_name = fields.Char(string="Customer")
    email = fields.Char()
    planned_hours = fields.Float(string="Planned Hours")
    hourly_rate = fields.Float(default=50.0)
    amount = fields.Float(string="Amount", compute="_compute_amount", store=True,
                          readonly=False)
    date_deadline = fields.Date(string="Deadline")
    color = fields.Integer()
    line_ids = fields.One2many("test_web.task.line", "task_id", string="Lines", copy=True)
    line_count = fields.Integer(compute="_compute_line_count")
    activity_ids = fields.One2many("test_web.activity", "task_id", string="Activities")
    activity_state = fields.Selection([("overdue", "Overdue"), ("today", "Today"),
                                       ("planned", "Planned")], compute="_compute_activity_state",
                                      search="_search_activity_state")

    def _default_stage(self):
        return self.env["test_web.stage"].search([], limit=1)

    def _read_group_stage_ids(self, stages, domain):
        return self.env["test_web.stage"].search([])

    @api.depends("planned_hours", "hourly_rate")
    def _compute_amount(self):
        for task in self:
            task.amount = task.planned_hours * task.hourly_rate

    @api.depends("line_ids")
    def _compute_line_count(self):
        for task in self:
            task.line_count = len(task.line_ids)

    @api.depends("activity_ids.date_deadline")
    def _compute_activity_state(self):
        today = dt.date.today()
        for task in self:
            dates = [a.date_deadline for a in task.activity_ids if a.date_deadline]
            if not dates:
                task.activity_state = False
            elif min(dates) < today:
                task.activity_state = "overdue"
            elif min(dates) == today:
                task.activity_state = "today"
            else:
                task.activity_state = "planned"

    def _search_activity_state(self, operator, value):
        tasks = self.search([("activity_ids", "!=", False)])
        ids = [t.id for t in tasks if t.activity_state == value]
        return [("id", "in" if operator == "=" else "not in", ids)]

    @api.constrains("planned_hours")
    def _check_planned_hours(self):
        for task in self:
            if task.planned_hours < 0:
                raise ValidationError("Planned hours cannot be negative.")

    @api.onchange("partner_name")
    def _onchange_partner_name(self):
        if self.partner_name and not self.email:
            self.email = self.partner_name.lower().replace(" ", ".") + "@example.com"

    def action_start(self):
        self.write({"state": "open"})
        return True

    def action_done(self):
        done = self.env["test_web.stage"].search([("is_done", "=", True)], limit=1)
        self.write({"state": "done", **({"stage_id": done.id} if done else {})})
        return True

    def action_reopen(self):
        self.write({"state": "open"})
        return True

    def action_fail(self):
        raise UserError("This task cannot be processed.")

    def action_view_lines(self):
        return {"type": "ir.actions.act_window", "res_model": "test_web.task.line",
                "view_mode": "list,form", "domain": [("task_id", "in", self.ids)],
                "name": "Lines"}


class TaskLine(models.Model):
    _name = "test_web.task.line"
    _description = "Task Line"
    _order = "task_id, sequence, id"

    task_id = fields.Many2one("test_web.task", required=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    quantity = fields.Float(default=1.0)
    price = fields.Float()
    subtotal = fields.Float(compute="_compute_subtotal", store=True)

    @api.depends("quantity", "price")
    def _compute_subtotal(self):
        for line in self:
            line.subtotal = line.quantity * line.price


MODELS = [Stage, Tag, ActivityType, Activity, Task, TaskLine]


class CloseWizard(models.TransientModel):
    """A wizard opened by a button of type action (like CRM's "Mark Lost")."""

    _name = "test_web.close.wizard"
    _description = "Close Task"

    task_id = fields.Many2one("test_web.task", required=True,
                              default=lambda self: self.env.context.get("active_id"))
    reason = fields.Char(required=True)

    def action_close(self):
        self.task_id.write({"state": "done", "description": self.reason})
        return True


MODELS.append(CloseWizard)
