"""``ir.ui.view``: views as records, combined with their extensions and checked on write.

An addon ships views in its XML data; another addon changes them with extension views
(``inherit_id`` + xpath specs). This model resolves the chain for a model and view type and
refuses a broken view when it is created or changed — during ``erp install`` that aborts
the whole install, naming the addon, the file, the view's external id and the reason::

    info = env["ir.ui.view"].get_view("crm.lead", "form")
    info["arch"]          # the merged arch, as XML text
    env["ir.ui.view"].get_views("crm.lead", [[False, "kanban"], [False, "form"]])

The web client uses :meth:`View._view_bundle`, which adds per user and language: nodes with
``groups=`` the user lacks removed, strings translated in each view's own addon domain,
the typed tree (:func:`core.views.parse_view`) and the fields it reads — cached on the
registry until a view changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from core.base.models.ir_ui_view_arch import (
    default_arch,
    public_methods,
    strip_groups,
    translate_arch,
)
from core.exceptions import ValidationError
from core.i18n import Domain
from core.orm import api, fields, models
from core.views import ViewError, combine, fields_used, parse_arch, parse_view, validate_arch

_ = Domain("base")

VIEW_TYPES = [
    ("list", "List"), ("form", "Form"), ("kanban", "Kanban"), ("search", "Search"),
    ("graph", "Graph"), ("pivot", "Pivot"), ("activity", "Activity"),
]
#: Fields whose change alters what a view looks like (caches are dropped, the arch checked).
ARCH_FIELDS = frozenset({"arch", "inherit_id", "mode", "active", "model", "type", "groups_id",
                         "priority"})
ACTION_REF = re.compile(r"^%\((?P<xmlid>[\w.]+)\)d$")
_DIRTY = "ir.ui.view.dirty"


@dataclass(frozen=True)
class ViewBundle:
    """A view ready to render: merged arch, typed tree and the fields it needs."""

    id: int | None
    model: str
    type: str
    arch: etree._Element
    view: Any
    fields: frozenset[str]


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

    # -- writing ------------------------------------------------------------------------
    def create(self, vals_list: Any) -> Any:
        vals_list = [vals_list] if isinstance(vals_list, dict) else vals_list
        for vals in vals_list:
            if vals.get("inherit_id") and "mode" not in vals:
                vals["mode"] = "extension"
            parent = vals.get("inherit_id")
            if parent and not (vals.get("model") and vals.get("type")):
                base = self.browse(parent)
                vals["model"] = vals.get("model") or base.model
                vals["type"] = vals.get("type") or base.type
            if not vals.get("type") and vals.get("arch"):
                vals["type"] = _type_of(vals["arch"])
        views = super().create(vals_list)
        views._views_changed()
        views._check_xml()
        return views

    def write(self, vals: dict) -> bool:
        result = super().write(vals)
        if ARCH_FIELDS & set(vals):
            self._views_changed()
            self._check_xml()
        return result

    def unlink(self) -> bool:
        """Inheriting views go before the views they extend (an addon and its glue are
        uninstalled together); a view extended by a view outside ``self`` stays refused."""
        self._views_changed()
        remaining = self.with_context(active_test=False)
        while remaining:
            extended = remaining.mapped("inherit_id") & remaining
            leaves = remaining - extended
            if not leaves:          # a cycle cannot be stored; let the database say no
                leaves = remaining
            super(View, leaves).unlink()
            remaining = remaining - leaves
        return True

    def _views_changed(self) -> None:
        """Drop cached views now, in other processes after commit, and not cache anything
        of this transaction (it may still roll back)."""
        tx = self.env.transaction
        tx.memo[_DIRTY] = True
        registry = self.env.registry
        registry.clear_caches()
        try:
            registry.bump_cache_signal(tx)
        except Exception:  # noqa: BLE001 - no signal table (bare test registries): local only
            tx.postcommit.append(registry.clear_caches)

    # -- validation ---------------------------------------------------------------------
    def _check_xml(self) -> None:
        """Validate the combined arch of every primary view these views take part in."""
        checked: set[int] = set()
        for view in self.with_context(active_test=False):
            if not view.active:
                continue
            for primary in view._affected_primaries():
                if primary.id not in checked:
                    checked.add(primary.id)
                    primary._validate_combined(view)

    def _affected_primaries(self) -> Any:
        """The primary views whose combined arch includes this view."""
        root = self
        while root.mode == "extension" and root.inherit_id:
            root = root.inherit_id
        found = root
        todo = root
        while todo:
            children = self.with_context(active_test=False).search(
                [("inherit_id", "in", todo.ids), ("mode", "=", "primary"), ("active", "=", True)])
            todo = children - found
            found |= children
        return found

    def _validate_combined(self, culprit: Any) -> None:
        model_name = self.model
        try:
            if model_name not in self.env.registry:
                raise ValueError(_("the model %(model)s does not exist.", model=repr(model_name)))
            arch = self.sudo()._combined_arch()
            model = self.env(su=True)[model_name]
            validate_arch(arch, self.type, view_name=culprit._label(), model=model_name,
                          fields=self._fields_of(model_name), methods=public_methods(model),
                          comodel_fields=self._fields_of)
            self._check_action_buttons(arch)
        except (ViewError, ValueError, KeyError) as exc:
            raise culprit._invalid(exc) from None

    def _fields_of(self, model_name: str) -> dict[str, dict[str, Any]]:
        memo = self.env.transaction.memo.setdefault("ir.ui.view.fields", {})
        if model_name not in memo:
            memo[model_name] = self.env(su=True)[model_name].fields_get()
        return memo[model_name]

    def _check_action_buttons(self, arch: etree._Element) -> None:
        for node in arch.iter("button"):
            if node.get("type") == "action" and self._resolve_action(node.get("name")) is None:
                raise ValueError(_("button %(name)s opens an action that does not exist.",
                                   name=repr(node.get("name"))))

    def _resolve_action(self, name: str | None) -> Any:
        """The action a ``type="action"`` button names (``%(xmlid)d``, an id or an xmlid)."""
        if not name:
            return None
        match = ACTION_REF.match(name.strip())
        ref = match.group("xmlid") if match else name.strip()
        if ref.isdigit():
            action = self.env(su=True)["ir.actions.act_window"].browse(int(ref)).exists()
            return action or None
        if "." not in ref:
            return None
        return self.env["ir.model.data"]._xmlid_to_record(ref, False)

    def _label(self) -> str:
        context = self.env.context
        if context.get("install_xmlid") and self._origin_is_current():
            return context["install_xmlid"]
        xmlids = self.env["ir.model.data"]._xmlids_of(self._name, self.id)
        return xmlids[0]["xmlid"] if xmlids else (self.key or self.name)

    def _origin_is_current(self) -> bool:
        xmlid = self.env.context.get("install_xmlid")
        record = self.env["ir.model.data"]._xmlid_to_record(xmlid, False) if xmlid else None
        return record is None or record.id == self.id

    def _invalid(self, exc: BaseException) -> ValidationError:
        reason = getattr(exc, "message", None) or (exc.args[0] if exc.args else str(exc))
        addon = self.env.context.get("install_module")
        if addon:
            return ValidationError(_("Invalid view %(view)s of addon %(addon)s: %(reason)s",
                                     view=self._label(), addon=addon, reason=reason))
        return ValidationError(_("Invalid view %(view)s: %(reason)s", view=self._label(),
                                 reason=reason))

    # -- combining --------------------------------------------------------------------------
    def _combined_arch(self, allowed: Any = None, lang: str | None = None) -> etree._Element:
        """The arch of this primary view with its ancestors' and extensions' specs applied;
        ``allowed(view)`` says which extension views take part (all by default)."""
        self.ensure_one()
        views = self.with_context(active_test=True).search([("model", "=", self.model)])
        by_parent: dict[int, list[Any]] = {}
        for view in views:
            if view.inherit_id and view.mode == "extension":
                by_parent.setdefault(view.inherit_id.id, []).append(view)
        allowed = allowed or (lambda view: True)
        modules = self._view_modules(views | self) if lang else {}

        def arch_of(view: Any) -> etree._Element:
            element = parse_arch(view.arch or "")
            return translate_arch(element, modules.get(view.id), lang) if lang else element

        def extend(base: etree._Element, view: Any) -> etree._Element:
            for child in sorted(by_parent.get(view.id, ()), key=lambda v: (v.priority, v.id)):
                if allowed(child):
                    base = combine(base, [(child._label(), arch_of(child))])
                    base = extend(base, child)
            return base

        def build(view: Any) -> etree._Element:
            if view.inherit_id and view.mode == "primary":
                base = combine(build(view.inherit_id), [(view._label(), arch_of(view))])
            else:
                base = arch_of(view)
            return extend(base, view)

        return build(self)

    def _group_filter(self) -> Any:
        """Whether the current user sees an extension view restricted to groups."""
        env = self.env
        mine = set() if env.su else set(env.user.sudo().groups_id.ids)

        def allowed(view: Any) -> bool:
            return env.su or not view.groups_id or bool(set(view.groups_id.ids) & mine)
        return allowed

    def _view_modules(self, views: Any) -> dict[int, str]:
        data = self.env["ir.model.data"].sudo()
        rows = data.search_read([("model", "=", self._name), ("res_id", "in", views.ids)],
                                ["module", "res_id"])
        return {row["res_id"]: row["module"] for row in rows}

    # -- public API (Odoo's get_view / get_views) -------------------------------------------
    @api.model
    def default_view(self, model: str, view_type: str) -> int | bool:
        """The id of the primary view of ``model`` and ``view_type`` with the lowest priority."""
        view = self.search([("model", "=", model), ("type", "=", _norm(view_type)),
                            ("mode", "=", "primary")], limit=1, order="priority, id")
        return view.id or False

    @api.model
    def get_view(self, model: str, view_type: str = "form", view_id: int | None = None
                 ) -> dict[str, Any]:
        """``{"id", "model", "type", "arch"}`` of the view as the current user sees it."""
        bundle = self._view_bundle(model, view_type, view_id)
        return {"id": bundle.id or False, "model": model, "type": bundle.type,
                "arch": etree.tostring(bundle.arch, encoding="unicode")}

    @api.model
    def get_views(self, model: str, views: list) -> dict[str, Any]:
        """Odoo's ``get_views``: ``views`` is ``[[view_id or False, view_type], ...]``."""
        result = {}
        for view_id, view_type in views:
            result[_norm(view_type)] = self.get_view(model, view_type, view_id or None)
        fields_info = self.env[model].fields_get()
        return {"views": result, "models": {model: fields_info}}

    # -- for the web client -------------------------------------------------------------------
    def _view_bundle(self, model: str, view_type: str, view_id: int | None = None
                     ) -> ViewBundle:
        """The merged, filtered, translated and parsed view (cached per user groups/lang)."""
        view_type = _norm(view_type)
        env = self.env
        groups = env.user_groups_xmlids() if not env.su else frozenset({"*"})
        key = ("ir.ui.view", model, view_type, view_id, env.lang, groups)
        compute = lambda: self._build_bundle(model, view_type, view_id)  # noqa: E731
        if env.transaction.memo.get(_DIRTY):
            return compute()
        return env.registry.cached(key, compute)

    def _build_bundle(self, model: str, view_type: str, view_id: int | None) -> ViewBundle:
        views = self.sudo().with_context(lang=self.env.lang)
        view = views.browse(view_id).exists() if view_id else views.browse(
            views.default_view(model, view_type))
        if view and view.type != view_type:
            view = views.browse(views.default_view(model, view_type))
        if view:
            arch = view._combined_arch(allowed=self._group_filter(), lang=self.env.lang)
        else:
            arch = default_arch(self.env(su=True)[model], view_type)
        arch = strip_groups(arch, self.env)
        parsed = parse_view(arch, view_type, view_name=view.name if view else model)
        return ViewBundle(view.id or None, model, view_type, arch, parsed,
                          frozenset(fields_used(parsed)))


def _type_of(arch: str) -> str | bool:
    """The view type an arch declares by its root element (``tree`` is ``list``)."""
    try:
        tag = parse_arch(arch).tag
    except etree.XMLSyntaxError:
        return False
    tag = _norm(tag)
    return tag if tag in dict(VIEW_TYPES) else False


def _norm(view_type: str) -> str:
    return "list" if view_type == "tree" else view_type


MODELS = [View]
