"""``mail.activity``: a planned next step on a document, due on a date, for a user.

An activity belongs to a document (``res_model`` + ``res_id``) and to the user who has to
do it. Its state — overdue, today, planned — is computed in that user's time zone
(:mod:`core.mail.dates`). Finishing it ("Mark Done") writes a message with its type,
summary, note and the user's feedback into the document's chatter and deletes it;
cancelling deletes it without a trace. Access is the document's: planning needs the right
to write the document, and the assignee must be able to read it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from markupsafe import Markup

from core.exceptions import UserError
from core.i18n import Domain
from core.mail import access, activity_sql, dates
from core.mail.html import is_empty_html, plain_to_html
from core.orm import api, fields, models

_ = Domain("mail")

STATES = [("overdue", "Overdue"), ("today", "Today"), ("planned", "Planned")]


class Activity(models.Model):
    _name = "mail.activity"
    _description = "Activity"
    _order = "date_deadline, id"
    _rec_name = "summary"
    _indexes = {"document": "res_model, res_id, date_deadline"}

    res_model = fields.Char(string="Related Document Model", required=True, index=True)
    res_model_id = fields.Many2one("ir.model", string="Document Model",
                                   compute="_compute_res_model_id",
                                   inverse="_inverse_res_model_id",
                                   search="_search_res_model_id")
    res_id = fields.Integer(string="Related Document ID", required=True)
    res_name = fields.Char(string="Document Name", compute="_compute_res_name", store=True,
                           help="Display name of the related document.", readonly=True)
    activity_type_id = fields.Many2one("mail.activity.type", string="Activity Type",
                                       ondelete="restrict", index=True,
                                       default=lambda self: self._default_activity_type())
    activity_category = fields.Selection(related="activity_type_id.category", readonly=True)
    icon = fields.Char(related="activity_type_id.icon", readonly=True)
    summary = fields.Char()
    note = fields.Html()
    date_deadline = fields.Date(string="Due Date", required=True, index=True,
                                default=lambda self: self._default_date_deadline())
    automated = fields.Boolean(string="Automated activity", readonly=True,
                               help="Indicates this activity has been created automatically "
                                    "and not by any user.")
    user_id = fields.Many2one("res.users", string="Assigned to", required=True, index=True,
                              default=lambda self: self.env.user, ondelete="cascade")
    state = fields.Selection(STATES, string="State", compute="_compute_state",
                             search="_search_state")

    # -- defaults --------------------------------------------------------------------------
    def _default_activity_type(self) -> Any:
        model = self.env.context.get("default_res_model")
        types = self.env["mail.activity.type"]
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        if todo is not None and todo.active and (not todo.res_model or todo.res_model == model):
            return todo
        return types._for_model(model)[:1] if model else types.search([], limit=1)

    def _default_date_deadline(self) -> dt.date:
        activity_type = self.env["mail.activity.type"].browse(
            self.env.context.get("default_activity_type_id") or ()) or \
            self._default_activity_type()
        return activity_type._deadline_from(self._user_today())

    def _user_today(self) -> dt.date:
        return dates.today_in(self.env.user.tz)

    # -- computes ---------------------------------------------------------------------------
    @api.depends("res_model", "res_id")
    def _compute_res_name(self) -> None:
        by_model = access.group_by_model(zip(self.mapped("res_model"), self.mapped("res_id")))
        names: dict[tuple[str, int], str] = {}
        for model, ids in by_model.items():
            if model in self.env.registry:
                documents = self.env[model].sudo().with_context(active_test=False).browse(ids)
                names.update({(model, doc.id): doc.display_name for doc in documents.exists()})
        for activity in self:
            activity.res_name = names.get((activity.res_model, activity.res_id), False)

    @api.depends("res_model")
    def _compute_res_model_id(self) -> None:
        names = set(self.mapped("res_model"))
        models_ = self.env["ir.model"].sudo().search([("model", "in", list(names))])
        by_name = {model.model: model.id for model in models_}
        for activity in self:
            activity.res_model_id = by_name.get(activity.res_model, False)

    def _inverse_res_model_id(self) -> None:
        """(Values given as ``res_model_id`` are turned into ``res_model`` by create and
        write, before the access checks.)"""

    def _search_res_model_id(self, operator: str, value: Any) -> list:
        return [("res_model", "in", self.env["ir.model"].sudo().search(
            [("id", operator, value)]).mapped("model"))]

    def _with_res_model(self, vals: dict) -> dict:
        """Odoo's ``res_model_id`` (an ``ir.model`` id) as the ``res_model`` it stands for."""
        if "res_model_id" not in vals:
            return vals
        vals = dict(vals)
        model = self.env["ir.model"].sudo().browse(vals.pop("res_model_id") or ()).exists()
        vals.setdefault("res_model", model.model or False)
        return vals

    @api.depends("date_deadline", "user_id.tz")
    def _compute_state(self) -> None:
        now = dates.utcnow()
        tz_of = {user.id: user.tz for user in self.mapped("user_id")}
        for activity in self:
            if not activity.date_deadline:
                activity.state = False
                continue
            today = dates.today_in(tz_of.get(activity.user_id.id), now)
            activity.state = dates.state_for(activity.date_deadline, today)

    def _search_state(self, operator: str, value: Any) -> list:
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(_("Unsupported search on the activity state: %(op)s", op=operator))
        wanted = [value] if isinstance(value, str) or not value else list(value)
        table = self._table_obj
        state = activity_sql.state_expr(self.env, table)
        clause = state.in_([v for v in wanted if v]) if any(wanted) else sa.false()
        ids = self.env.transaction.execute(sa.select(table.c.id).where(clause)).scalars().all()
        return [("id", "in" if operator in ("=", "in") else "not in", ids)]

    # -- access: the document's ------------------------------------------------------------
    def _search(self, domain: Any, offset: int = 0, limit: int | None = None,
                order: str | None = None) -> Any:
        query = super()._search(domain, offset, limit, order)
        if not self.env.su:
            query.where.append(access.readable_clause(self.env, query, query.table,
                                                      "res_model", "res_id"))
        return query

    def read(self, fields: Any = None, load: str | None = "_classic_read") -> list[dict]:
        self._check_documents("read")
        return super().read(fields, load)

    def _check_documents(self, operation: str) -> None:
        """Read: the document must be readable. Change: writable, or readable by the
        assignee for their own activities."""
        if self.env.su or not self.ids:
            return
        records = self.sudo()
        pairs = list(zip(records.mapped("res_model"), records.mapped("res_id")))
        if operation == "read":
            access.check_documents(self.env, pairs, "read")
            return
        own = [(m, r) for (m, r), act in zip(pairs, records) if act.user_id.id == self.env.uid]
        access.check_documents(self.env, own, "read")
        access.check_documents(self.env, [p for p in pairs if p not in own], "write")

    def _check_assignees(self) -> None:
        """Every assignee must be able to read the document of their activity."""
        for activity in self.sudo():
            document = self.env[activity.res_model].with_user(activity.user_id).browse(
                activity.res_id)
            if not document.has_access("read"):
                raise UserError(_(
                    "Assigned user %(user)s has no access to the document and is not able to "
                    "handle this activity.", user=activity.user_id.name))

    # -- CRUD -------------------------------------------------------------------------------
    @api.model
    def create(self, vals_list: Any) -> Any:
        items = [self._with_res_model(vals)
                 for vals in ([vals_list] if isinstance(vals_list, dict) else vals_list)]
        self._check_new_documents(items)
        activities = super().create([self._with_type_deadline(v) for v in items])
        activities._check_assignees()
        activities._subscribe_assignees()
        return activities

    def _with_type_deadline(self, vals: dict) -> dict:
        """An activity given a type but no due date is due after the type's delay."""
        if vals.get("date_deadline") or not vals.get("activity_type_id"):
            return vals
        activity_type = self.env["mail.activity.type"].browse(vals["activity_type_id"])
        return {**vals, "date_deadline": activity_type._deadline_from(self._user_today())}

    def _check_new_documents(self, items: list[dict]) -> None:
        context = self.env.context
        pairs = [(v.get("res_model", context.get("default_res_model")),
                  v.get("res_id", context.get("default_res_id"))) for v in items]
        for model, _res_id in pairs:
            if model and model not in self.env.registry:
                raise UserError(_("The document model %(model)s does not exist.", model=model))
        access.check_documents(self.env, pairs, "write")

    def write(self, vals: dict) -> bool:
        vals = self._with_res_model(vals)
        self._check_documents("write")
        result = super().write(vals)
        if {"user_id", "res_model", "res_id"} & set(vals):
            self._check_documents("write")
            self._check_assignees()
            self._subscribe_assignees()
        return result

    def unlink(self) -> bool:
        """Cancel: the activity disappears without a message."""
        self._check_documents("write")
        return super().unlink()

    def _subscribe_assignees(self) -> None:
        pairs: dict[str, list[tuple[int, int]]] = {}
        for activity in self.sudo():
            pairs.setdefault(activity.res_model, []).append((activity.res_id,
                                                             activity.user_id.id))
        for model, items in pairs.items():
            documents = self.env[model]
            if hasattr(documents, "_message_subscribe_pairs"):
                documents.sudo()._message_subscribe_pairs(items)

    # -- actions ----------------------------------------------------------------------------
    def action_done(self, feedback: str | bool = False) -> list[int]:
        """Mark done: post the activity (with ``feedback``) on its document, then delete it.

        Returns the ids of the messages posted.
        """
        return self.action_feedback(feedback=feedback)

    def action_feedback(self, feedback: str | bool = False) -> list[int]:
        self._check_documents("write")
        message_ids = []
        for activity in self.sudo():
            document = self.env[activity.res_model].sudo().browse(activity.res_id).exists()
            if not document:
                continue
            message = document.with_user(self.env.user).sudo()._message_log(
                body=activity._done_body(feedback),
                subtype_xmlid="mail.mt_activities",
                mail_activity_type_id=activity.activity_type_id.id,
                author_id=self.env.uid,
            )
            message_ids.append(message.id)
        self.sudo().unlink()
        return message_ids

    def _done_body(self, feedback: Any) -> Markup:
        """The chatter text of a finished activity: type, summary, note, feedback."""
        self.ensure_one()
        lang = self.env.user.lang or self.env.lang
        type_name = self.activity_type_id.with_context(lang=lang).name or ""
        title = type_name + (f": {self.summary}" if self.summary else "")
        parts = [Markup('<div class="o_mail_activity_done"><p><b>%s</b> %s</p>') % (
            _("Done").translate(lang), title)]
        if self.note and not is_empty_html(self.note):
            parts.append(Markup('<div class="o_mail_note">%s</div>') % Markup(self.note))
        if feedback:
            parts.append(Markup("<p><b>%s</b> %s</p>") % (
                _("Feedback:").translate(lang), plain_to_html(feedback)))
        if self.user_id.id != self.env.uid:
            parts.append(Markup("<p>%s</p>") % _(
                "Original assignee: %(user)s", user=self.user_id.name).translate(lang))
        return Markup("").join(parts) + Markup("</div>")

    def action_close_dialog(self) -> dict[str, str]:
        """The "Schedule" button of the dialog: the record is saved, the dialog closes."""
        return {"type": "ir.actions.act_window_close"}

    def action_snooze(self, days: int = 7) -> bool:
        """Push the deadline ``days`` later, counted from today when already overdue."""
        self.check_access("write")
        for activity in self:
            today = dates.today_in(activity.sudo().user_id.tz)
            activity.date_deadline = max(activity.date_deadline, today) + dt.timedelta(days=days)
        return True

    @api.onchange("activity_type_id")
    def _onchange_activity_type_id(self) -> None:
        activity_type = self.activity_type_id
        if not activity_type:
            return
        if activity_type.summary:
            self.summary = activity_type.summary
        self.date_deadline = activity_type._deadline_from(self._user_today())
        if activity_type.default_user_id:
            self.user_id = activity_type.default_user_id
        if activity_type.default_note and is_empty_html(self.note):
            self.note = activity_type.default_note


MODELS = [Activity]
