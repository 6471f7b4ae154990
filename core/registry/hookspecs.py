"""Every hook an addon may implement, in one typed module (pluggy), grouped by phase.

An addon's ``__init__.py`` holds its ``@hookimpl`` functions and nothing else::

    from core.registry.hookspecs import hookimpl

    @hookimpl
    def erp_models():
        from addons.crm.models import crm_lead, crm_stage
        return [crm_lead.Lead, crm_stage.Stage]

Hooks are called with keyword arguments. Each database's registry has its own plugin
manager holding only that database's installed addons, so hooks of an addon that is not
installed there never run; ``check_pending()`` after loading makes a misspelt hook fail at
start-up. An addon may publish hooks of its own through ``erp_addhooks``.
"""

from __future__ import annotations

from typing import Any

import pluggy

PROJECT = "erp"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


# -- registry set-up --------------------------------------------------------------------
@hookspec(historic=True)
def erp_addhooks(plugin_manager: pluggy.PluginManager) -> None:
    """Add the hookspecs an addon publishes: ``plugin_manager.add_hookspecs(module)``."""


@hookspec
def erp_models() -> list[type]:
    """The model classes of the addon: new models and extensions (``_inherit``).

    The registry calls each addon's implementation on its own, in dependency order, and
    composes the classes in that order.
    """


# -- lifecycle (each called with the registry's superuser environment) ---------------------
@hookspec
def erp_pre_install(env: Any) -> None:
    """Run once the addon's tables exist, before its data files load (same transaction)."""


@hookspec
def erp_post_install(env: Any) -> None:
    """Run once after the addon's schema and data are in place (same transaction)."""


@hookspec
def erp_pre_uninstall(env: Any) -> None:
    """Run before the addon's data and schema are removed (same transaction)."""


@hookspec
def erp_post_upgrade(env: Any, previous_version: str) -> None:
    """Run after the addon's schema and data were re-synchronised."""


# -- web ------------------------------------------------------------------------------
@hookspec
def erp_web_routes() -> list[Any]:
    """Extra web routes: a list of ``werkzeug.routing.Rule`` whose endpoint names a
    callable ``handler(request, app) -> Response`` given as ``Rule(..., endpoint=callable)``."""


@hookspec
def erp_web_assets() -> list[str]:
    """Paths (relative to the addon folder) of CSS/JS files added to every page."""


@hookspec
def erp_form_actions(env: Any, record: Any) -> list[dict[str, Any]]:
    """Extra header buttons for a record's form (dicts: name, string, type, class)."""
