"""``mail.followers``: who follows a document and hears of its discussions.

A follower is a user subscribed to one document (the contacts addon adds partners:
``partner_id``, see :mod:`addons.contacts.models.mail_followers`). The creator of a record and the user it is assigned to are subscribed
automatically (:mod:`core.mail.models.mail_thread`); "send message" notifies the
followers, "log note" does not. Seeing and changing followers needs the right to read,
respectively write, the document — the one a follower is moved to as well.
"""

from __future__ import annotations

from typing import Any

from core.i18n import Domain
from core.mail import access
from core.orm import api, fields, models
from core.tools.context import clean_context

_ = Domain("mail")


class Followers(models.Model):
    _name = "mail.followers"
    _description = "Document Followers"
    _rec_name = "user_id"
    _order = "id"
    _sql_constraints = [
        ("mail_followers_res_user_res_model_id_uniq", "unique(res_model, res_id, user_id)",
         "Error, a user cannot follow twice the same object."),
    ]
    _indexes = {"document": "res_model, res_id"}

    res_model = fields.Char(string="Related Document Model Name", required=True)
    res_id = fields.Integer(string="Related Document ID", required=True)
    user_id = fields.Many2one("res.users", string="Related User", required=True, index=True,
                              ondelete="cascade")
    name = fields.Char(related="user_id.name", string="Name")

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

    @api.model
    def create(self, vals_list: Any) -> Any:
        items = [vals_list] if isinstance(vals_list, dict) else list(vals_list)
        access.check_documents(self.env, ((v.get("res_model"), v.get("res_id"))
                                          for v in items), "write")
        # the document's defaults (default_partner_id of a form) are not the follower's
        return super(Followers, self.with_context(clean_context(self.env.context))).create(
            vals_list)

    def write(self, vals: dict) -> bool:
        self._check_documents("write")
        if not self.env.su and ("res_model" in vals or "res_id" in vals):
            records = self.sudo()
            access.check_documents(self.env, [(vals.get("res_model", follower.res_model),
                                               vals.get("res_id", follower.res_id))
                                              for follower in records], "write")
        return super().write(vals)

    @api.sudo_safe("reads only which followers are the caller, to choose the check: "
                   "read access for one's own, write access on the documents for others")
    def unlink(self) -> bool:
        own = self.filtered(lambda f: f.sudo().user_id.id == self.env.uid)
        (self - own)._check_documents("write")
        own._check_documents("read")  # anyone may stop following what they can read
        return super().unlink()

    def _check_documents(self, operation: str) -> None:
        if self.env.su or not self.ids:
            return
        records = self.sudo()
        access.check_documents(self.env, zip(records.mapped("res_model"),
                                             records.mapped("res_id")), operation)


MODELS = [Followers]
