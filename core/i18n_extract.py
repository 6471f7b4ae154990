"""Collect every user-facing string, per gettext domain, and keep the catalogs in step.

    python -m core.i18n_extract            # write i18n/<domain>/<domain>.pot, update de_DE.po
    python -m core.i18n_extract --check    # exit 1 if a German translation is missing

Sources, all with English message ids:

* Python code: ``_("...")`` calls (Babel's extractor), assigned to the domain of the file's
  addon (``core`` for the platform outside addons);
* Jinja2 templates of the web client (``{{ _("...") }}``, ``{% trans %}``);
* view XML: the ``string``, ``help``, ``confirm``, ``placeholder``, ``sum`` and ``title``
  attributes and the text of elements in ``arch`` fields;
* data files: values of translatable fields (stage names, menus, activity types...);
* the models themselves: field labels, help texts, selection labels and model
  descriptions, read from a registry built with every bundled addon.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po
from lxml import etree

from core.i18n import CATALOG_ROOT, LazyText, catalog_domain

ROOT = Path(__file__).resolve().parent.parent
VIEW_ATTRIBUTES = ("string", "help", "confirm", "placeholder", "sum", "title", "avg")
TEMPLATE_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}
Messages = dict[str, dict[Any, set[str]]]   # domain → msgid or (singular, plural) → locations


def _addon_domains() -> dict[Path, str]:
    """Folder → gettext domain for every bundled addon (glue folders belong to the owner)."""
    from core.registry.loader import Catalog as AddonCatalog
    catalog = AddonCatalog.discover()
    return {addon.path: addon.name for addon in catalog.addons.values()}


def domain_of(path: Path, folders: dict[Path, str]) -> str:
    best, best_len = "core", -1
    for folder, name in folders.items():
        if path.is_relative_to(folder) and len(folder.parts) > best_len:
            best, best_len = name, len(folder.parts)
    return best


def _add(messages: Messages, domain: str, msgid: Any, where: str) -> None:
    """One msgid, or a (singular, plural) pair for a message with plural forms."""
    if isinstance(msgid, LazyText):
        domain, msgid = msgid.domain, (msgid.msgid if msgid.plural is None
                                       else (msgid.msgid, msgid.plural))
    domain = catalog_domain(domain)
    pair = isinstance(msgid, tuple) and len(msgid) == 2 and \
        all(isinstance(m, str) and m.strip() for m in msgid)
    if pair or (isinstance(msgid, str) and msgid.strip()):
        messages[domain][msgid].add(where)


def _python_files(folders: Iterable[Path]) -> Iterator[Path]:
    for folder in folders:
        for path in folder.rglob("*.py"):
            if "tests" not in path.parts and ".venv" not in path.parts:
                yield path


def extract_python(messages: Messages, folders: dict[Path, str]) -> None:
    for path in _python_files([ROOT / "core", ROOT / "addons"]):
        domain = domain_of(path, folders)
        for lineno, msgid, _comments, _ctx in extract_from_file(
                "python", str(path), keywords={"_": None, "ngettext": (1, 2)}):
            _add(messages, domain, msgid, f"{path.relative_to(ROOT)}:{lineno}")


def extract_templates(messages: Messages, folders: dict[Path, str]) -> None:
    for path in list((ROOT / "core").rglob("templates/**/*.html")) + \
            list((ROOT / "addons").rglob("templates/**/*.html")):
        domain = domain_of(path, folders)
        for lineno, msgid, _comments, _ctx in extract_from_file(
                "jinja2", str(path), keywords=TEMPLATE_KEYWORDS,
                options={"extensions": "jinja2.ext.i18n"}):
            _add(messages, domain, msgid, f"{path.relative_to(ROOT)}:{lineno}")


def _arch_strings(node: etree._Element) -> Iterator[tuple[str, int]]:
    for element in node.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in VIEW_ATTRIBUTES:
            value = element.get(attribute)
            if value:
                yield value, element.sourceline or 0
        if element is not node and element.text and element.text.strip() and \
                element.tag not in ("field", "attribute", "xpath"):
            yield element.text.strip(), element.sourceline or 0


def extract_data(messages: Messages, folders: dict[Path, str], registry: Any) -> None:
    for path in list((ROOT / "core").rglob("*.xml")) + list((ROOT / "addons").rglob("*.xml")):
        if "tests" in path.parts or "schemas" in path.parts:
            continue
        domain = domain_of(path, folders)
        where = str(path.relative_to(ROOT))
        try:
            root = etree.parse(str(path)).getroot()
        except etree.XMLSyntaxError:
            continue
        for record in root.iter("record"):
            model = registry.models.get(record.get("model"))
            for field_node in record.iter("field"):
                name = field_node.get("name")
                field = model._fields.get(name) if model is not None else None
                if name == "arch" or field_node.get("type") == "xml":
                    for child in field_node:
                        for text, line in _arch_strings(child):
                            _add(messages, domain, text, f"{where}:{line}")
                elif field is not None and field.translate and field_node.get("eval") is None \
                        and field_node.get("ref") is None:
                    text = (field_node.text or "")
                    if field.type == "html" and len(field_node):
                        text = (field_node.text or "") + "".join(
                            etree.tostring(c, encoding="unicode") for c in field_node)
                    _add(messages, domain, text, f"{where}:{field_node.sourceline}")
        for menu in root.iter("menuitem"):
            _add(messages, domain, menu.get("name"), f"{where}:{menu.sourceline}")


def extract_models(messages: Messages, registry: Any) -> None:
    for cls in registry.models.values():
        _add(messages, cls._module or "core", cls._description, f"model:{cls._name}")
        for name, field in cls._fields.items():
            where = f"field:{cls._name}.{name}"
            _add(messages, "core", field.string, where)
            _add(messages, "core", field.help, where)
            selection = getattr(field, "selection", None)
            if isinstance(selection, list | tuple):
                for option in selection:
                    if len(option) > 1:
                        _add(messages, "core", option[1], where)


def full_registry() -> Any:
    """A registry of every bundled addon (no database is touched)."""
    from core.registry.loader import Catalog as AddonCatalog
    from core.registry.registry import Registry
    catalog = AddonCatalog.discover()
    return Registry.build("sqlite:////tmp/erp-i18n-extract.sqlite3", list(catalog.addons),
                          catalog)


def collect() -> Messages:
    messages: Messages = defaultdict(lambda: defaultdict(set))
    folders = _addon_domains()
    registry = full_registry()
    extract_python(messages, folders)
    extract_templates(messages, folders)
    extract_data(messages, folders, registry)
    extract_models(messages, registry)
    return messages


def template(domain: str, msgids: dict[Any, set[str]]) -> Catalog:
    catalog = Catalog(domain=domain, project="erp", version="1.0", charset="utf-8",
                      fuzzy=False)
    for msgid in sorted(msgids, key=str):
        catalog.add(msgid, locations=[(loc, None) for loc in sorted(msgids[msgid])[:5]])
    return catalog


def missing_translations(messages: Messages, lang: str = "de_DE") -> dict[str, list[str]]:
    """msgids of each domain that have no finished translation in ``lang``."""
    result: dict[str, list[str]] = {}
    for domain, msgids in messages.items():
        path = CATALOG_ROOT / domain / f"{lang}.po"
        done: set[str] = set()
        if path.exists():
            with path.open("rb") as handle:
                done = {m.id for m in read_po(handle)
                        if m.id and m.string and not m.fuzzy and all(m.string)}
        missing = sorted((m for m in msgids if m not in done), key=str)
        if missing:
            result[domain] = missing
    return result


def write_catalogs(messages: Messages, lang: str = "de_DE") -> None:
    for domain, msgids in sorted(messages.items()):
        folder = CATALOG_ROOT / domain
        folder.mkdir(parents=True, exist_ok=True)
        pot = template(domain, msgids)
        with (folder / f"{domain}.pot").open("wb") as handle:
            write_po(handle, pot, omit_header=False, sort_output=True)
        po_path = folder / f"{lang}.po"
        if po_path.exists():
            with po_path.open("rb") as handle:
                catalog = read_po(handle, locale=lang, domain=domain)
        else:
            catalog = Catalog(locale=lang, domain=domain, project="erp", version="1.0")
        catalog.update(pot, no_fuzzy_matching=True)
        with po_path.open("wb") as handle:
            write_po(handle, catalog, sort_output=True, ignore_obsolete=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only report missing German translations")
    args = parser.parse_args(argv)
    messages = collect()
    if not args.check:
        write_catalogs(messages)
    missing = missing_translations(messages)
    for domain, ids in missing.items():
        for msgid in ids:
            print(f"{domain}: missing German for {msgid!r}")
    return 1 if missing and args.check else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
