"""Data files: Odoo-style XML and CSV, records keyed by external ids.

    <odoo>
      <data noupdate="1">
        <record id="stage_lead1" model="crm.stage">
          <field name="name">New</field>
          <field name="sequence" eval="1"/>
          <field name="team_id" ref="sales_team.team_sales"/>
        </record>
        <menuitem id="crm_menu_root" name="CRM" sequence="10"/>
      </data>
    </odoo>

``eval`` is evaluated by :mod:`core.tools.safe_eval` with only literals, ``ref()``,
``Command`` and date helpers in reach — never arbitrary code. CSV files are named after
their model (``ir.model.access.csv``); ``field:id`` columns hold external ids. Each record is
created or, on upgrade, updated through the ORM and its external id recorded in
``ir.model.data``; records in ``noupdate`` blocks keep the edits users made to them. Names of
shipped records (``translate=True`` fields) get their German text from the addon's catalog.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

from core.i18n import DEFAULT_LANG, LANGUAGES, gettext
from core.orm.api import is_model_method
from core.orm.commands import Command
from core.tools.safe_eval import eval_context_time, safe_eval, safe_for_eval


class DataError(Exception):
    """A data file cannot be loaded; the message names the file and line."""


def _command(name: str) -> Any:
    method = getattr(Command, name)

    def build(*args: Any) -> tuple:
        return method(*args)
    build.__name__ = name
    return staticmethod(safe_for_eval(build))


class _CommandNamespace:
    """``Command.set([...])`` and friends inside ``eval`` attributes."""

    create = _command("create")
    update = _command("update")
    delete = _command("delete")
    unlink = _command("unlink")
    link = _command("link")
    clear = _command("clear")
    set = _command("set")


class DataLoader:
    """Loads the data files of one addon into a database (superuser environment)."""

    def __init__(self, env: Any, module: str, mode: str = "init",
                 progress: Callable[[str], None] | None = None) -> None:
        self.env = env
        self.module = module
        self.mode = mode  # "init" (install) or "update" (upgrade)
        self.progress = progress
        self.loaded: set[str] = set()
        self._file = ""

    # -- entry point -----------------------------------------------------------------------
    def load_file(self, path: Path, noupdate: bool = False) -> None:
        """Load one file; ``noupdate`` treats all of it as user data (demo files)."""
        self._file = str(path)
        if self.progress:
            self.progress(f"{self.module}: {path.name}")
        if path.suffix == ".xml":
            self._load_xml(path, noupdate)
        elif path.suffix == ".csv":
            self._load_csv(path, noupdate)
        else:
            raise DataError(f"{path}: unsupported data file type")

    # -- references --------------------------------------------------------------------
    def full_xmlid(self, xmlid: str) -> str:
        return xmlid if "." in xmlid else f"{self.module}.{xmlid}"

    def ref(self, xmlid: str) -> int:
        record = self.env["ir.model.data"]._xmlid_to_record(self.full_xmlid(xmlid), False)
        if record is None:
            raise DataError(f"{self._file}: external id {self.full_xmlid(xmlid)!r} not found")
        return record.id

    def _eval(self, expr: str, line: int | None = None) -> Any:
        def ref(xmlid: str) -> int:
            return self.ref(xmlid)

        namespace = {**eval_context_time(), "ref": safe_for_eval(ref),
                     "Command": _CommandNamespace, "True": True, "False": False, "None": None}
        try:
            return safe_eval(expr, namespace)
        except DataError:
            raise
        except Exception as exc:
            raise DataError(f"{self._file}:{line}: cannot evaluate {expr!r}: {exc}") from None

    # -- XML ---------------------------------------------------------------------------
    def _load_xml(self, path: Path, noupdate: bool = False) -> None:
        try:
            root = etree.parse(str(path)).getroot()
        except etree.XMLSyntaxError as exc:
            raise DataError(f"{path}: {exc}") from None
        if root.tag not in ("odoo", "openerp", "data"):
            raise DataError(f"{path}: the root element must be <odoo>")
        self._load_children(root, noupdate=noupdate or root.get("noupdate") in ("1", "True",
                                                                                 "true"))

    def _load_children(self, parent: etree._Element, noupdate: bool) -> None:
        for node in parent:
            if not isinstance(node.tag, str):
                continue
            try:
                self._load_node(node, noupdate)
            except DataError:
                raise
            except Exception as exc:
                raise DataError(f"{self._file}:{node.sourceline}: {exc}") from exc

    def _load_node(self, node: etree._Element, noupdate: bool) -> None:
        if node.tag == "data":
            self._load_children(node, node.get("noupdate") in ("1", "True", "true") or noupdate)
        elif node.tag == "record":
            self._xml_record(node, noupdate)
        elif node.tag == "menuitem":
            self._xml_menuitem(node, noupdate)
        elif node.tag == "function":
            if not (noupdate and self.mode == "update"):  # ran once, at install
                self._xml_function(node)
        elif node.tag == "delete":
            self._xml_delete(node)
        else:
            raise DataError(f"{self._file}:{node.sourceline}: unknown element <{node.tag}>")

    def _xml_record(self, node: etree._Element, noupdate: bool) -> Any:
        model_name = node.get("model")
        if model_name not in self.env.registry:
            raise DataError(f"{self._file}:{node.sourceline}: unknown model {model_name!r}")
        model = self.env[model_name]
        values: dict[str, Any] = {}
        texts: dict[str, str] = {}
        for child in node:
            if not isinstance(child.tag, str):
                continue
            if child.tag != "field":
                raise DataError(f"{self._file}:{child.sourceline}: <{child.tag}> in a record")
            name = child.get("name")
            if name not in model._fields:
                raise DataError(f"{self._file}:{child.sourceline}: model {model_name} has no "
                                f"field {name!r}")
            values[name] = self._field_value(model, model._fields[name], child)
            if model._fields[name].translate and isinstance(values[name], str):
                texts[name] = values[name]
        return self.load_record(node.get("id"), model_name, values, noupdate, texts)

    def _field_value(self, model: Any, field: Any, node: etree._Element) -> Any:
        if node.get("ref") is not None:
            ref = node.get("ref")
            if field.type == "reference" or field.name in ("action", "res_id"):
                record = self.env["ir.model.data"]._xmlid_to_record(self.full_xmlid(ref), False)
                if record is None:
                    raise DataError(f"{self._file}: external id {ref!r} not found")
                return f"{record._name},{record.id}" if field.name == "action" else record.id
            value = self.ref(ref) if ref else False
            return [(6, 0, [value])] if field.type == "many2many" else value
        if node.get("eval") is not None:
            return self._eval(node.get("eval"), node.sourceline)
        if node.get("search") is not None:
            domain = self._eval(node.get("search"), node.sourceline)
            found = self.env[field.comodel_name].search(domain)
            return [(6, 0, found.ids)] if field.type == "many2many" else found[:1].id
        kind = node.get("type")
        if kind in ("xml", "html") or field.name == "arch":
            parts = [etree.tostring(child, encoding="unicode") for child in node]
            return (node.text or "").strip() + "".join(parts) if parts else (node.text or "")
        text = node.text or ""
        if kind == "int" or field.type == "integer":
            return int(text) if text.strip() else 0
        if kind == "float" or field.type in ("float", "monetary"):
            return float(text) if text.strip() else 0.0
        if field.type == "boolean":
            return text.strip() in ("1", "True", "true")
        return text

    def _xml_menuitem(self, node: etree._Element, noupdate: bool) -> Any:
        values: dict[str, Any] = {}
        if node.get("parent"):
            values["parent_id"] = self.ref(node.get("parent"))
        if node.get("action"):
            action = self.env["ir.model.data"]._xmlid_to_record(
                self.full_xmlid(node.get("action")), False)
            if action is None:
                raise DataError(f"{self._file}:{node.sourceline}: action "
                                f"{node.get('action')!r} not found")
            values["action"] = f"{action._name},{action.id}"
            if not node.get("name"):
                values["name"] = action.with_context(lang=DEFAULT_LANG).name
        if node.get("name"):
            values["name"] = node.get("name")
        if node.get("sequence"):
            values["sequence"] = int(node.get("sequence"))
        if node.get("web_icon"):
            values["web_icon"] = node.get("web_icon")
        if node.get("groups"):
            values["groups_id"] = [(6, 0, [self.ref(g.strip()) for g in
                                           node.get("groups").split(",") if g.strip()])]
        texts = {"name": values["name"]} if isinstance(values.get("name"), str) else {}
        menu = self.load_record(node.get("id"), "ir.ui.menu", values, noupdate, texts)
        for child in node:
            if isinstance(child.tag, str) and child.tag == "menuitem":
                child.set("parent", node.get("id"))
                self._xml_menuitem(child, noupdate)
        return menu

    def _xml_function(self, node: etree._Element) -> None:
        model = self.env[node.get("model")]
        name = node.get("name")
        if name.startswith("_"):
            raise DataError(f"{self._file}:{node.sourceline}: private method {name!r}")
        args = self._eval(node.get("eval"), node.sourceline) if node.get("eval") else ()
        args = list(args) if isinstance(args, list | tuple) else [args]
        method = getattr(type(model), name, None)
        if method is None:
            raise DataError(f"{self._file}:{node.sourceline}: {model._name} has no method {name!r}")
        if is_model_method(method) or not args:
            getattr(model, name)(*args)
        else:  # a record-level method: the first argument holds the ids, as Odoo's call_kw
            getattr(model.browse(args[0]), name)(*args[1:])

    def _xml_delete(self, node: etree._Element) -> None:
        record = self.env["ir.model.data"]._xmlid_to_record(self.full_xmlid(node.get("id")),
                                                            False)
        if record is not None:
            record.unlink()

    # -- CSV ---------------------------------------------------------------------------
    def _load_csv(self, path: Path, noupdate: bool = False) -> None:
        model_name = path.stem
        if model_name not in self.env.registry:
            raise DataError(f"{path}: unknown model {model_name!r} (the file name names it)")
        model = self.env[model_name]
        with path.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                values: dict[str, Any] = {}
                for column, raw in row.items():
                    if column == "id" or column is None:
                        continue
                    values.update(self._csv_value(model, column, raw or "", line))
                self.load_record(row.get("id") or None, model_name, values, noupdate, {})

    def _csv_value(self, model: Any, column: str, raw: str, line: int) -> dict[str, Any]:
        name, _sep, suffix = column.replace("/", ":").partition(":")
        field = model._fields.get(name)
        if field is None:
            raise DataError(f"{self._file}:{line}: model {model._name} has no field {name!r}")
        if suffix == "id":
            refs = [self.ref(r.strip()) for r in raw.split(",") if r.strip()]
            if field.type == "many2many":
                return {name: [(6, 0, refs)]}
            return {name: refs[0] if refs else False}
        if field.type == "boolean":
            return {name: raw.strip() in ("1", "True", "true")}
        if field.type == "integer":
            return {name: int(raw) if raw.strip() else 0}
        if field.type in ("float", "monetary"):
            return {name: float(raw) if raw.strip() else 0.0}
        return {name: raw or False}

    # -- records -----------------------------------------------------------------------
    def load_record(self, xmlid: str | None, model_name: str, values: dict, noupdate: bool,
                    texts: dict[str, str]) -> Any:
        """Create or update the record behind ``xmlid`` (created fresh if it has none)."""
        data = self.env["ir.model.data"]
        full = self.full_xmlid(xmlid) if xmlid else None
        # install_* name the origin of a record in errors (a view refused at install)
        context = {"active_test": False, "install_module": self.module,
                   "install_filename": self._file, "install_xmlid": full}
        model = self.env[model_name].with_context(**context)
        if not full:
            return model.create(values)
        self.loaded.add(full)
        entry = data._lookup(full)
        if entry is not None:
            record = self.env[entry["model"]].browse(entry["res_id"]).with_context(
                **context).exists()
            if record:
                if self.mode == "update" and entry["noupdate"]:
                    return record
                record.write(values)
                self._translate(record, texts)
                return record
            data._forget(full)
        record = model.create(values)
        module, _dot, name = full.partition(".")
        data._record_xmlid(module, name, model_name, record.id, noupdate)
        self._translate(record, texts)
        return record

    def _translate(self, record: Any, texts: dict[str, str]) -> None:
        if not texts:
            return
        for lang in LANGUAGES:
            if lang == DEFAULT_LANG:
                continue
            values = {}
            for name, text in texts.items():
                translated = gettext(self.module, text, lang)
                if translated == text and record._module:
                    translated = gettext(record._module, text, lang)
                if translated != text:
                    values[name] = translated
            if values:
                record.with_context(lang=lang).write(values)
