"""``ir.module.module``: the addons of the catalog and their state in this database.

The buttons integrators use over RPC and on the Apps page (``button_immediate_install``,
``button_immediate_uninstall``, ``button_immediate_upgrade``) run the operation inside the
caller's transaction; the new registry replaces the old one once that transaction commits.
Only Settings administrators may press them.
"""

from __future__ import annotations

from typing import Any

from core.exceptions import AccessError, UserError
from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("base")

STATES = [
    ("uninstallable", "Uninstallable"),
    ("uninstalled", "Not Installed"),
    ("installed", "Installed"),
    ("to upgrade", "To be upgraded"),
    ("to remove", "To be removed"),
    ("to install", "To be installed"),
]


class Module(models.Model):
    _name = "ir.module.module"
    _description = "Module"
    _order = "application desc, sequence, name"
    _sql_constraints = [("name_uniq", "unique(name)", "The name of the module must be unique!")]

    name = fields.Char(string="Technical Name", required=True, readonly=True)
    shortdesc = fields.Char(string="Module Name", readonly=True, translate=True)
    summary = fields.Char(readonly=True, translate=True)
    description = fields.Text(readonly=True)
    category = fields.Char(readonly=True)
    author = fields.Char(readonly=True)
    website = fields.Char(readonly=True)
    license = fields.Char(readonly=True)
    application = fields.Boolean(readonly=True)
    sequence = fields.Integer(default=100)
    state = fields.Selection(STATES, default="uninstalled", readonly=True, index=True)
    latest_version = fields.Char(string="Installed Version", readonly=True)
    installed_version = fields.Char(string="Latest Version", compute="_compute_installed_version")
    dependency_names = fields.Char(string="Dependencies", readonly=True)
    demo = fields.Boolean(string="Demo Data", readonly=True)

    def _compute_installed_version(self) -> None:
        catalog = self.env.registry.catalog
        for module in self:
            addon = catalog.addons.get(module.name)
            module.installed_version = addon.version if addon is not None else False

    # -- synchronisation with the catalog -------------------------------------------------------
    def _manifest_values(self, addon: Any) -> dict[str, Any]:
        manifest = addon.manifest
        return {
            "shortdesc": manifest.get("name", addon.name),
            "summary": manifest.get("summary", ""),
            "description": manifest.get("description", ""),
            "category": manifest.get("category", ""),
            "author": manifest.get("author", ""),
            "website": manifest.get("website", ""),
            "license": manifest.get("license", ""),
            "application": bool(manifest.get("application")),
            "sequence": int(manifest.get("sequence", 100)),
            "dependency_names": ", ".join(addon.depends),
        }

    @api.model
    def _sync_catalog(self) -> None:
        """One record per addon of the catalog (new addons appear as not installed)."""
        catalog = self.env.registry.catalog
        existing = {m.name: m for m in self.sudo().search([])}
        for name, addon in sorted(catalog.addons.items()):
            values = self._manifest_values(addon)
            if name in existing:
                existing[name].write(values)
            else:
                self.sudo().create({"name": name, **values})

    def _mark_installed(self, addon: Any) -> None:
        if addon.glue_of:
            return
        record = self.sudo().search([("name", "=", addon.name)], limit=1)
        values = {"state": "installed", "latest_version": addon.version,
                  **self._manifest_values(addon)}
        if record:
            record.write(values)
        else:
            self.sudo().create({"name": addon.name, **values})

    def _mark_uninstalled(self, names: list[str]) -> None:
        self.sudo().search([("name", "in", names)]).write({"state": "uninstalled",
                                                          "latest_version": False})

    def _installed_versions(self) -> dict[str, str]:
        return {m.name: m.latest_version or "" for m in
                self.sudo().search([("state", "=", "installed")])}

    # -- buttons -----------------------------------------------------------------------
    def _check_manager(self) -> None:
        if not self.env.is_system():
            raise AccessError(_("Only Settings administrators can install, upgrade or "
                                "uninstall apps."))

    def _replace_registry(self, new_registry: Any) -> None:
        old = self.env.registry
        self.env.transaction.postcommit.append(lambda: old.replaced(new_registry))

    def button_immediate_install(self) -> dict[str, Any]:
        from core.registry import modules
        self._check_manager()
        names = [m.name for m in self if m.state != "installed"]
        if names:
            new = modules.install(self.env.registry, names,
                                  connection=self.env.transaction.connection)
            self._replace_registry(new)
        return {"type": "ir.actions.client", "tag": "reload"}

    def button_immediate_upgrade(self) -> dict[str, Any]:
        from core.registry import modules
        self._check_manager()
        not_installed = self.filtered(lambda m: m.state != "installed")
        if not_installed:
            raise UserError(_("Only installed apps can be upgraded: %s")
                            % ", ".join(not_installed.mapped("name")))
        new = modules.upgrade(self.env.registry, self.mapped("name"),
                              connection=self.env.transaction.connection)
        self._replace_registry(new)
        return {"type": "ir.actions.client", "tag": "reload"}

    def button_immediate_uninstall(self) -> dict[str, Any]:
        from core.registry import modules
        self._check_manager()
        names = [m.name for m in self if m.state == "installed"]
        if names:
            new, _plan = modules.uninstall(self.env.registry, names,
                                           connection=self.env.transaction.connection)
            self._replace_registry(new)
        return {"type": "ir.actions.client", "tag": "reload"}

    def button_uninstall_preview(self) -> dict[str, Any]:
        """What uninstalling these addons would remove (the Apps page shows it first)."""
        from core.registry import modules
        self._check_manager()
        _registry, plan = modules.uninstall(
            self.env.registry, [m.name for m in self if m.state == "installed"],
            dry_run=True, connection=self.env.transaction.connection)
        return {"addons": plan.addons, "records": plan.records, "rows": plan.rows,
                "models": plan.models, "tables": plan.tables, "columns": plan.columns}


MODELS = [Module]
