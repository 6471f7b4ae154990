"""The conformance test every addon inherits in a few lines.

    # addons/crm/tests/test_conformance.py
    from core.conformance import AddonConformance

    class TestConformance(AddonConformance):
        addon = "crm"

It checks what a reviewer would otherwise check by hand: the manifest and its data files,
a clean install with demo data, method names that follow the conventions
(``_compute_<field>``, ``_inverse_<field>``, ``_search_<field>``, ``_onchange_<field>`` must
name a field that exists), access rights for every model the addon creates, views that
validate against their schemas, and a complete German catalog for the addon's domain.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any

import pytest

from core.registry.loader import read_manifest
from core.testing import rollback_env

CONVENTIONS = ("_compute_", "_inverse_", "_search_", "_onchange_")


@functools.lru_cache(maxsize=1)
def _catalog_messages() -> dict[str, Any]:
    from core.i18n_extract import collect, missing_translations
    return missing_translations(collect())


class AddonConformance:
    """Subclass with ``addon = "<name>"`` in the addon's tests."""

    addon: str = ""
    #: method names that follow Odoo's API although they look like a convention
    #: (``ir.rule._compute_domain``), as ``"model.method"``
    allowed_methods: tuple[str, ...] = ()

    @pytest.fixture
    def registry(self, databases: Any) -> Any:
        return databases.registry([self.addon], demo=True)

    def _addon(self, databases: Any) -> Any:
        return databases.catalog[self.addon]

    def _classes(self, registry: Any) -> list[tuple[str, type]]:
        """(model name, definition class) of every class the addon (or its glue) declares."""
        result = []
        names = {self.addon} | {a.name for a in registry.addons
                                if a.glue_of and a.glue_of[0] == self.addon}
        for addon_name, function in registry.addon_impls("erp_models"):
            if addon_name in names:
                for cls in function() or ():
                    model = cls.__dict__.get("_name") or (
                        [cls._inherit] if isinstance(cls._inherit, str) else cls._inherit)[0]
                    result.append((model, cls))
        return result

    def test_manifest_and_data_files(self, databases: Any) -> None:
        addon = self._addon(databases)
        manifest = read_manifest(addon.path)
        assert manifest.get("name") and manifest.get("summary"), "name and summary are needed"
        assert manifest.get("version"), "a version is needed"
        for key in ("data", "demo"):
            for relative in manifest.get(key, []):
                assert (addon.path / relative).is_file(), f"{key} file {relative} is missing"

    def test_method_names_name_existing_fields(self, registry: Any) -> None:
        problems = []
        for model, cls in self._classes(registry):
            fields = registry[model]._fields
            for name, member in vars(cls).items():
                if not inspect.isfunction(member):
                    continue
                if f"{model}.{name}" in self.allowed_methods:
                    continue
                for prefix in CONVENTIONS:
                    if name.startswith(prefix) and name[len(prefix):] not in fields:
                        problems.append(f"{model}.{name}: no field {name[len(prefix):]!r}")
        assert not problems, "\n".join(problems)

    def test_models_have_access_rights(self, registry: Any) -> None:
        with rollback_env(registry) as env:
            missing = []
            for model, cls in self._classes(registry):
                if "_name" not in cls.__dict__ or registry[model]._abstract:
                    continue
                if not env["ir.model.access"].search_count([("model_id.model", "=", model)]):
                    missing.append(model)
        assert not missing, f"models without access rights: {missing}"

    def test_german_catalog_is_complete(self) -> None:
        missing = _catalog_messages().get(self.addon, [])
        assert not missing, f"{len(missing)} strings lack a German translation in " \
            f"i18n/{self.addon}/de_DE.po, e.g. {missing[:5]}"

    def test_public_methods_check_access_before_sudo(self, registry: Any) -> None:
        """A method callable over RPC that calls sudo() checks access first, or says with
        @api.sudo_safe why it need not (core.sudo_check)."""
        from core.sudo_check import unchecked_sudo
        problems = [p for model, cls in self._classes(registry)
                    for p in unchecked_sudo(cls, model)]
        assert not problems, "\n".join(problems)
