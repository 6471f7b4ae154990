"""Menus and actions as records, loaded from the addons' XML data (views: ir_ui_view.py).

The web client asks these models what a user may see: :meth:`Menu.visible_tree` gives the
menus whose action the user may use (cached per registry, groups and language), and
window/server actions describe themselves for the client. Favourites (saved searches) are
``ir.filters`` (ir_ui_filters.py).
"""

from __future__ import annotations

from typing import Any

from core.base.models import ir_ui_filters, ir_ui_view
from core.exceptions import AccessError, UserError
from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("base")


def user_in_groups(env: Any, groups: Any) -> bool:
    """Whether the current user belongs to one of ``groups`` (any user when empty)."""
    if env.su or not groups:
        return True
    return bool(set(groups.sudo().ids) & set(env.user.sudo().groups_id.ids))


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

    # -- what a user sees ---------------------------------------------------------------
    @api.model
    def visible_tree(self) -> list[dict[str, Any]]:
        """The menu tree of the current user: ``[{"id", "name", "action", "web_icon",
        "children": [...]}, ...]``, top-level menus being the apps."""
        env = self.env
        key = ("ir.ui.menu.tree", env.lang, env.user_groups_xmlids() if not env.su else "*",
               env.uid if env.su else 0)
        if env.transaction.memo.get("ir.ui.view.dirty"):
            return self._build_tree()
        return env.registry.cached(key, self._build_tree)

    def _build_tree(self) -> list[dict[str, Any]]:
        menus = self.sudo().with_context(lang=self.env.lang).search([])
        nodes: dict[int, dict[str, Any]] = {}
        for menu in menus:
            if not user_in_groups(self.env, menu.groups_id):
                continue
            action = menu.action_record()
            if menu.action and not (action and action._usable_by_user(self.env)):
                continue
            nodes[menu.id] = {"id": menu.id, "name": menu.name, "web_icon": menu.web_icon,
                              "action": f"{action._name},{action.id}" if action else None,
                              "parent": menu.parent_id.id or None, "children": []}
        roots = []
        for node in nodes.values():  # menus come ordered by sequence
            parent = node["parent"]
            if parent is None:
                roots.append(node)
            elif parent in nodes:
                nodes[parent]["children"].append(node)
        return [root for root in roots if _prune(root)]

    @api.model
    def first_action(self, menu: dict[str, Any]) -> str | None:
        """The action a click on ``menu`` (a node of :meth:`visible_tree`) opens."""
        if menu["action"]:
            return menu["action"]
        for child in menu["children"]:
            found = self.first_action(child)
            if found:
                return found
        return None


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

    def _usable_by_user(self, env: Any) -> bool:
        action = self.with_env(env).sudo()
        if action.res_model not in env.registry or not user_in_groups(env, action.groups_id):
            return False
        return env[action.res_model].check_access_rights("read", raise_exception=False)

    @api.model
    def _for_user(self, action_id: int) -> Any:
        """The action ``action_id`` if the current user may open it (AccessError if not)."""
        action = self.sudo().with_context(lang=self.env.lang).browse(action_id).exists()
        if not action:
            raise UserError(_("This action does not exist any more."))
        if not action._usable_by_user(self.env):
            raise AccessError(_("You are not allowed to open this action."))
        return action

    def view_types(self) -> list[str]:
        """The view types of the action, in order (``tree`` spelt ``list``)."""
        modes = [m.strip() for m in (self.view_mode or "").split(",") if m.strip()]
        return ["list" if m == "tree" else m for m in modes] or ["list", "form"]


class UrlAction(models.Model):
    """An action that opens a page of this site (the Apps page, for instance)."""

    _name = "ir.actions.act_url"
    _description = "Action URL"
    _order = "name, id"

    name = fields.Char(string="Action Name", required=True, translate=True)
    type = fields.Char(default="ir.actions.act_url", readonly=True)
    url = fields.Char(required=True, help="A path of this site, such as /web/apps")
    target = fields.Selection([("self", "This Window"), ("new", "New Window")], default="self")
    groups_id = fields.Many2many("res.groups", "ir_act_url_group_rel", "act_id", "gid",
                                 string="Groups")

    def _usable_by_user(self, env: Any) -> bool:
        return user_in_groups(env, self.with_env(env).sudo().groups_id)

    @api.sudo_safe("gives only a path of this site (or /web), which the menus show anyway")
    def local_url(self) -> str:
        """The action's URL when it is a path of this site, else the home page."""
        url = self.sudo().url or ""
        return url if url.startswith("/") and not url.startswith("//") else "/web"


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

    def _usable_by_user(self, env: Any) -> bool:
        action = self.with_env(env).sudo()
        if action.model_name not in env.registry or not user_in_groups(env, action.groups_id):
            return False
        return env[action.model_name].check_access_rights("read", raise_exception=False)

    @api.sudo_safe("the action is read as superuser to check its groups "
                   "(_usable_by_user); its method then runs as the caller")
    def run_on(self, records: Any) -> Any:
        """Call the action's method on ``records`` (as their user); its result is returned."""
        self.ensure_one()
        action = self.sudo()
        if records._name != action.model_name:
            raise UserError(_("This action does not apply to these records."))
        if not action._usable_by_user(records.env):
            raise AccessError(_("You are not allowed to run this action."))
        method = getattr(type(records), action.method, None)
        if method is None or not callable(method) or api.is_private(action.method, method):
            raise UserError(_("The action calls %(method)s, which is not a public method.",
                              method=repr(action.method)))
        return getattr(records, action.method)()


def _prune(node: dict[str, Any]) -> bool:
    """Drop submenus leading nowhere; True if ``node`` itself should stay."""
    node["children"] = [child for child in node["children"] if _prune(child)]
    return bool(node["action"] or node["children"])


MODELS = [*ir_ui_view.MODELS, Menu, WindowAction, UrlAction, ServerAction,
          *ir_ui_filters.MODELS]
