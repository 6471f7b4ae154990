"""Finding addons, reading their manifests, and ordering them by their dependencies.

Addons are found through the ``erp.addons`` entry points of installed distributions (the
bundled ones are declared in ``setup.cfg``) and in folders given with ``--addons-path``.
Each has a ``__manifest__.py`` holding one dict literal, read with ``ast.literal_eval``
(never executed)::

    {"name": "CRM", "version": "1.0", "summary": "...", "depends": ["contacts", "sales_team"],
     "extras": ["sale"], "data": ["security/ir.model.access.csv", "views/crm_lead_views.xml"],
     "demo": ["demo/crm_demo.xml"], "application": True, "license": "LGPL-3"}

The load order is a topological sort (``graphlib``); a missing or circular dependency is an
:class:`AddonError` naming the addons involved. ``extras`` declare optional glue: the
``glue/<other>/`` folder of an addon is loaded as the pseudo-addon ``<addon>_<other>`` only
while both are installed.
"""

from __future__ import annotations

import ast
import graphlib
import importlib
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

from core.i18n import Domain

_ = Domain("core")

ENTRY_POINT_GROUP = "erp.addons"
MANIFEST_KEYS = {
    "name", "version", "summary", "description", "category", "depends", "extras", "data",
    "demo", "application", "license", "author", "website", "sequence", "auto_install",
    "installable", "icon",
}


class AddonError(Exception):
    """An addon cannot be found, read or ordered. The message names it."""


@dataclass(frozen=True)
class Addon:
    """What the loader knows of one addon (or of a glue pseudo-addon)."""

    name: str
    path: Path
    module_name: str
    manifest: dict[str, Any]
    glue_of: tuple[str, str] | None = None   # (owner, other) for glue pseudo-addons

    @property
    def depends(self) -> list[str]:
        return list(self.manifest.get("depends", []))

    @property
    def extras(self) -> list[str]:
        return list(self.manifest.get("extras", []))

    @property
    def version(self) -> str:
        return str(self.manifest.get("version", "1.0"))

    @property
    def summary(self) -> str:
        return str(self.manifest.get("summary", ""))

    def import_module(self) -> ModuleType:
        return importlib.import_module(self.module_name)


def read_manifest(path: Path) -> dict[str, Any]:
    manifest_file = path / "__manifest__.py"
    try:
        text = manifest_file.read_text(encoding="utf-8")
        manifest = ast.literal_eval(text)
    except FileNotFoundError:
        raise AddonError(_("Addon folder %s has no __manifest__.py") % str(path)) from None
    except (SyntaxError, ValueError) as exc:
        raise AddonError(_("The manifest %(file)s is not a dict literal: %(error)s",
                           file=str(manifest_file), error=str(exc))) from None
    if not isinstance(manifest, dict):
        raise AddonError(_("The manifest %s is not a dict literal") % str(manifest_file))
    unknown = set(manifest) - MANIFEST_KEYS
    if unknown:
        raise AddonError(_("The manifest %(file)s has unknown keys: %(keys)s",
                           file=str(manifest_file), keys=", ".join(sorted(unknown))))
    for key in ("depends", "extras", "data", "demo"):
        value = manifest.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise AddonError(_("The manifest %(file)s: %(key)s must be a list of strings",
                               file=str(manifest_file), key=key))
    return manifest


@dataclass
class Catalog:
    """Every addon this process can see, by name."""

    addons: dict[str, Addon] = field(default_factory=dict)

    @classmethod
    def discover(cls, addons_paths: Iterable[str | Path] = ()) -> Catalog:
        catalog = cls()
        for entry in entry_points(group=ENTRY_POINT_GROUP):
            module = importlib.import_module(entry.value)
            path = Path(module.__file__).resolve().parent  # type: ignore[arg-type]
            catalog._add(Addon(entry.name, path, entry.value, read_manifest(path)))
        for folder in addons_paths:
            catalog._scan_folder(Path(folder))
        return catalog

    def _scan_folder(self, folder: Path) -> None:
        if not folder.is_dir():
            raise AddonError(_("Addons path %s is not a folder") % str(folder))
        parent = str(folder.resolve())
        if parent not in sys.path:
            sys.path.insert(0, parent)
        for child in sorted(folder.iterdir()):
            if (child / "__manifest__.py").is_file() and (child / "__init__.py").is_file():
                self._add(Addon(child.name, child.resolve(), child.name, read_manifest(child)))

    def _add(self, addon: Addon) -> None:
        existing = self.addons.get(addon.name)
        if existing is not None and existing.path != addon.path:
            raise AddonError(_("Two addons are named %(name)s: %(a)s and %(b)s",
                               name=addon.name, a=str(existing.path), b=str(addon.path)))
        self.addons[addon.name] = addon

    def __contains__(self, name: str) -> bool:
        return name in self.addons

    def __getitem__(self, name: str) -> Addon:
        try:
            return self.addons[name]
        except KeyError:
            raise AddonError(_("Unknown addon: %s") % name) from None

    # -- dependency resolution ------------------------------------------------------------
    def closure(self, names: Iterable[str]) -> set[str]:
        """``names`` and everything they depend on, transitively."""
        result: set[str] = set()
        todo = list(names)
        while todo:
            name = todo.pop()
            if name in result:
                continue
            addon = self.addons.get(name)
            if addon is None:
                raise AddonError(_("Unknown addon: %s") % name)
            result.add(name)
            for dep in addon.depends:
                if dep not in self.addons:
                    raise AddonError(_("Addon %(addon)s depends on %(dep)s, which is not "
                                       "available", addon=name, dep=dep))
                todo.append(dep)
        return result

    def dependents(self, names: Iterable[str], among: Iterable[str]) -> set[str]:
        """The addons of ``among`` that depend on ``names``, transitively (names included)."""
        result = set(names)
        pool = set(among)
        changed = True
        while changed:
            changed = False
            for name in pool - result:
                if set(self[name].depends) & result:
                    result.add(name)
                    changed = True
        return result

    def load_order(self, names: Iterable[str]) -> list[Addon]:
        """The addons ``names`` (closed under dependencies) in load order, glue included."""
        wanted = self.closure(names)
        graph = {name: set(self[name].depends) for name in wanted}
        sorter = graphlib.TopologicalSorter(graph)
        try:
            ordered = list(sorter.static_order())
        except graphlib.CycleError as exc:
            cycle = " → ".join(exc.args[1])
            raise AddonError(_("Circular dependency between addons: %s") % cycle) from None
        ordered = _stable(ordered, graph)
        return self._with_glue(ordered)

    def _with_glue(self, ordered: list[str]) -> list[Addon]:
        present = set(ordered)
        position = {name: index for index, name in enumerate(ordered)}
        result: list[tuple[int, int, Addon]] = []
        for index, name in enumerate(ordered):
            addon = self[name]
            result.append((index, 0, addon))
            for other in addon.extras:
                if other in present:
                    glue = self.glue(addon, other)
                    result.append((max(index, position[other]), 1, glue))
        result.sort(key=lambda item: (item[0], item[1]))
        return [addon for _i, _g, addon in result]

    def glue(self, owner: Addon, other: str) -> Addon:
        path = owner.path / "glue" / other
        if not (path / "__init__.py").is_file():
            raise AddonError(_("Addon %(addon)s lists %(other)s in extras but has no "
                               "glue/%(other)s folder", addon=owner.name, other=other))
        manifest = read_manifest(path) if (path / "__manifest__.py").is_file() else {}
        manifest = {"version": owner.version, **manifest,
                    "depends": [owner.name, other]}
        return Addon(f"{owner.name}_{other}", path, f"{owner.module_name}.glue.{other}",
                     manifest, glue_of=(owner.name, other))


def _stable(ordered: list[str], graph: dict[str, set[str]]) -> list[str]:
    """A topological order that is also alphabetical where dependencies allow."""
    remaining = {name: set(deps) for name, deps in graph.items()}
    result: list[str] = []
    while remaining:
        ready = sorted(name for name, deps in remaining.items() if not deps - set(result))
        if not ready:  # pragma: no cover - cycles were rejected before
            return ordered
        name = ready[0]
        result.append(name)
        del remaining[name]
    return result
