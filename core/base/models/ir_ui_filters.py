"""``ir.filters``: searches a user saved as favourites (Odoo's model of the same name).

A favourite keeps what the search bar showed: the web client's own search state (the query
string of filters, group-bys and text facets) and, for Odoo clients, the equivalent domain
and context. Favourites belong to a user, or to everybody when ``user_id`` is empty; one of
them per model and action may be the default, applied when the action opens.
"""

from __future__ import annotations

from typing import Any

from core.exceptions import AccessError
from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("base")


class Filters(models.Model):
    _name = "ir.filters"
    _description = "Filters"
    _order = "model_id, name, id desc"

    name = fields.Char(string="Filter Name", required=True, translate=True)
    user_id = fields.Many2one("res.users", string="User", ondelete="cascade",
                              help="The user this filter is private to; shared when empty")
    domain = fields.Text(default="[]", required=True)
    context = fields.Text(default="{}", required=True)
    sort = fields.Char(default="[]", required=True)
    model_id = fields.Char(string="Model", required=True)
    action_id = fields.Integer(string="Action",
                               help="The window action this filter belongs to (any if empty)")
    search_state = fields.Char(help="The search bar of the web client, as a query string")
    is_default = fields.Boolean(string="Default Filter")
    active = fields.Boolean(default=True)

    @api.model
    @api.sudo_safe("searches only the caller's own and the shared favourites")
    def get_filters(self, model: str, action_id: int | None = None) -> list[dict[str, Any]]:
        """The favourites the current user sees for ``model`` (and ``action_id``)."""
        domain = [("model_id", "=", model), ("user_id", "in", [self.env.uid, False])]
        if action_id:
            domain += ["|", ("action_id", "=", action_id), ("action_id", "=", False)]
        return self.sudo().search_read(domain, ["name", "is_default", "domain", "context",
                                                "sort", "user_id", "search_state",
                                                "action_id"])

    @api.model
    @api.sudo_safe("writes only the caller's own favourites; shared ones only for "
                   "administrators (checked first)")
    def create_or_replace(self, vals: dict[str, Any]) -> int:
        """Save a favourite of the current user (same name: replaced); returns its id."""
        values = {k: v for k, v in vals.items() if k in self._fields and k != "id"}
        values["user_id"] = self.env.uid if values.get("user_id", self.env.uid) else False
        values["action_id"] = values.get("action_id") or 0
        if not values["user_id"] and not self.env.is_admin():
            raise AccessError(_("Only administrators can share favourites with everybody."))
        mine = self.sudo().search([("model_id", "=", values.get("model_id")),
                                   ("action_id", "=", values["action_id"]),
                                   ("user_id", "=", values["user_id"])])
        if values.get("is_default"):
            mine.filtered("is_default").write({"is_default": False})
        same = mine.filtered(lambda f: f.name.lower() == (values.get("name") or "").lower())
        if same:
            same[:1].write(values)
            return same[:1].id
        return self.sudo().create(values).id

    @api.model
    @api.sudo_safe("deletes only a favourite of the caller (shared ones: administrators), "
                   "checked before the unlink")
    def unlink_mine(self, filter_id: int) -> bool:
        """Delete a favourite of the current user (administrators: shared ones too)."""
        record = self.sudo().browse(filter_id).exists()
        if not record:
            return False
        if record.user_id.id != self.env.uid and not (not record.user_id
                                                      and self.env.is_admin()):
            raise AccessError(_("You can only delete your own favourites."))
        return record.unlink()


MODELS = [Filters]
