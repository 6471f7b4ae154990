"""Views, menus and actions as records, loaded from the addons' XML data.

The view engine (:mod:`core.views`) merges and validates the ``arch`` of these records;
the web client turns menus and window actions into pages. Only the data live here.
"""

from __future__ import annotations

from typing import Any

from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("base")

VIEW_TYPES = [
    ("list", "List"), ("form", "Form"), ("kanban", "Kanban"), ("search", "Search"),
    ("graph", "Graph"), ("pivot", "Pivot"), ("activity", "Activity"),
]


class View(models.Model):
    _name = "ir.ui.view"
    _description = "View"
    _order = "priority, name, id"

    name = fields.Char(string="View Name", required=True)
    model = fields.Char(index=True)
    key = fields.Char()
    priority = fields.Integer(string="Sequence", default=16, required=True)
    type = fields.Selection(VIEW_TYPES, string="View Type")
    arch = fields.Text(string="View Architecture")
    inherit_id = fields.Many2one("ir.ui.view", string="Inherited View", ondelete="restrict",
                                 index=True)
    inherit_children_ids = fields.One2many("ir.ui.view", "inherit_id",
                                           string="Views which inherit from this one")
    mode = fields.Selection([("primary", "Base view"), ("extension", "Extension View")],
                            default="primary", required=True)
    active = fields.Boolean(default=True)
    groups_id = fields.Many2many("res.groups", "ir_ui_view_group_rel", "view_id", "group_id",
                                 string="Groups")

    def create(self, vals_list: Any) -> Any:
        vals_list = [vals_list] if isinstance(vals_list, dict) else vals_list
        for vals in vals_list:
            if vals.get("inherit_id") and "mode" not in vals:
                vals["mode"] = "extension"
        return super().create(vals_list)


class Menu(models.Model):
    _name = "ir.ui.menu"
    _description = "Menu"
    _order = "sequence, id"
    _parent_name = "parent_id"

    name = fields.Char(string="Menu", required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    parent_id = fields.Many2one("ir.ui.menu", string="Parent Menu", index=True,
                                ondelete="cascade")
    child_id = fields.One2many("ir.ui.menu", "parent_id", string="Child IDs")
    action = fields.Char(help="The action this menu opens, as 'model,id'")
    groups_id = fields.Many2many("res.groups", "ir_ui_menu_group_rel", "menu_id", "gid",
                                 string="Groups")
    web_icon = fields.Char(string="Web Icon File")
    complete_name = fields.Char(compute="_compute_complete_name", string="Full Path")

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self) -> None:
        for menu in self:
            parent = menu.parent_id
            menu.complete_name = f"{parent.complete_name}/{menu.name}" if parent else menu.name

    def action_record(self) -> Any:
        """The action record behind ``action``, or an empty recordset."""
        self.ensure_one()
        if not self.action:
            return None
        model, _sep, rid = self.action.partition(",")
        if model not in self.env.registry or not rid.isdigit():
            return None
        return self.env[model].browse(int(rid)).exists()


class WindowAction(models.Model):
    _name = "ir.actions.act_window"
    _description = "Action Window"
    _order = "name, id"

    name = fields.Char(string="Action Name", required=True, translate=True)
    type = fields.Char(default="ir.actions.act_window", readonly=True)
    res_model = fields.Char(string="Destination Model", required=True)
    view_mode = fields.Char(required=True, default="list,form")
    view_id = fields.Many2one("ir.ui.view", string="View Ref.", ondelete="set null")
    search_view_id = fields.Many2one("ir.ui.view", string="Search View Ref.",
                                     ondelete="set null")
    domain = fields.Char(string="Domain Value")
    context = fields.Char(string="Context Value", default="{}", required=True)
    target = fields.Selection([("current", "Current Window"), ("new", "New Window"),
                               ("fullscreen", "Full Screen"), ("main", "Main action")],
                              default="current")
    limit = fields.Integer(default=80)
    help = fields.Html(string="Action Description", translate=True)
    res_id = fields.Integer(string="Record ID")
    groups_id = fields.Many2many("res.groups", "ir_act_window_group_rel", "act_id", "gid",
                                 string="Groups")


class ServerAction(models.Model):
    """An action that calls one public method of a model on the selected records."""

    _name = "ir.actions.server"
    _description = "Server Action"
    _order = "sequence, name"

    name = fields.Char(string="Action Name", required=True, translate=True)
    type = fields.Char(default="ir.actions.server", readonly=True)
    sequence = fields.Integer(default=5)
    model_name = fields.Char(string="Model", required=True)
    method = fields.Char(required=True, help="Public method called on the selected records")
    binding_model = fields.Char(help="Offer the action in this model's Action menu")
    groups_id = fields.Many2many("res.groups", "ir_act_server_group_rel", "act_id", "gid",
                                 string="Groups")


MODELS = [View, Menu, WindowAction, ServerAction]
