"""The models describing models: ``ir.model``, ``ir.model.fields`` and external ids."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("base")


def _table_name(model: str) -> str:
    return model.replace(".", "_")


class IrModel(models.Model):
    _name = "ir.model"
    _description = "Models"
    _order = "model"
    _rec_name = "name"
    _sql_constraints = [("obj_name_uniq", "unique(model)", "Each model must have a unique name.")]

    name = fields.Char(string="Model Description", required=True, translate=True)
    model = fields.Char(required=True, index=True)
    info = fields.Text(string="Information")
    modules = fields.Char(string="In Apps", compute="_compute_modules")
    transient = fields.Boolean(string="Transient Model")
    state = fields.Selection([("manual", "Custom Object"), ("base", "Base Object")],
                             default="base")
    field_id = fields.One2many("ir.model.fields", "model_id", string="Fields")

    def _compute_modules(self) -> None:
        registry = self.env.registry
        for record in self:
            cls = registry.models.get(record.model)
            record.modules = cls._module if cls is not None else ""

    @api.model
    def get_available_models(self) -> list[dict[str, Any]]:
        return self.search_read([], ["model", "name", "transient"])

    def _reflect_models(self, module: str) -> None:
        """Create the ir.model / ir.model.fields records that ``module`` introduces."""
        registry = self.env.registry
        data = self.env["ir.model.data"]
        known_models = data._names_of(module, "ir.model")
        known_fields = data._names_of(module, "ir.model.fields")
        model_ids = {m.model: m.id for m in self.with_context(active_test=False).search([])}
        new_models = [cls for cls in registry.models.values()
                      if cls._module == module and f"model_{_table_name(cls._name)}"
                      not in known_models and cls._name not in model_ids]
        if new_models:
            created = self.create([{
                "model": cls._name, "name": cls._description or cls._name,
                "transient": cls._transient, "info": (cls.__doc__ or "").strip()[:500],
            } for cls in new_models])
            data._record_xmlids([(module, f"model_{_table_name(cls._name)}", "ir.model", rid,
                                  True) for cls, rid in zip(new_models, created.ids)])
            model_ids.update({cls._name: rid for cls, rid in zip(new_models, created.ids)})
        self._reflect_fields(module, model_ids, known_fields)

    def _reflect_fields(self, module: str, model_ids: dict[str, int],
                        known: set[str]) -> None:
        registry = self.env.registry
        values, names = [], []
        for cls in registry.models.values():
            for name, field in cls._fields.items():
                owner = getattr(field, "_module", None)
                owner = cls._module if owner in (None, "core") else owner
                xml_name = f"field_{_table_name(cls._name)}__{name}"
                if owner != module or xml_name in known or cls._name not in model_ids:
                    continue
                values.append({
                    "name": name, "model": cls._name, "model_id": model_ids[cls._name],
                    "field_description": str(field.string), "ttype": field.type,
                    "relation": getattr(field, "comodel_name", None) or False,
                    "required": bool(field.required), "readonly": bool(field.readonly),
                    "store": bool(field.store), "index": bool(field.index),
                })
                names.append(xml_name)
        if values:
            created = self.env["ir.model.fields"].create(values)
            self.env["ir.model.data"]._record_xmlids(
                [(module, n, "ir.model.fields", rid, True) for n, rid in zip(names, created.ids)])


class IrModelFields(models.Model):
    _name = "ir.model.fields"
    _description = "Fields"
    _order = "model, name"
    _rec_name = "field_description"

    name = fields.Char(string="Field Name", required=True, index=True)
    model = fields.Char(string="Model Name", required=True, index=True)
    model_id = fields.Many2one("ir.model", string="Model", required=True, ondelete="cascade")
    field_description = fields.Char(string="Field Label", required=True)
    ttype = fields.Char(string="Field Type", required=True)
    relation = fields.Char(string="Related Model")
    required = fields.Boolean()
    readonly = fields.Boolean()
    store = fields.Boolean(default=True)
    index = fields.Boolean(string="Indexed")


class IrModelData(models.Model):
    """External ids: ``module.name`` → a record, and whether upgrades may overwrite it."""

    _name = "ir.model.data"
    _description = "Model Data"
    _order = "module, model, name"
    _rec_name = "name"
    _log_access = False
    _sql_constraints = [("name_nospaces", "unique(module, name)",
                         "An external id must be unique within its module.")]

    name = fields.Char(string="External Identifier", required=True)
    module = fields.Char(required=True, index=True)
    model = fields.Char(string="Model Name", required=True, index=True)
    res_id = fields.Integer(string="Record ID", index=True)
    noupdate = fields.Boolean(string="Non Updatable")
    complete_name = fields.Char(compute="_compute_complete_name")

    @api.depends("module", "name")
    def _compute_complete_name(self) -> None:
        for record in self:
            record.complete_name = f"{record.module}.{record.name}"

    # -- lookups (raw SQL: hot path of data loading and env.ref) -----------------------------
    def _split(self, xmlid: str) -> tuple[str, str]:
        module, dot, name = xmlid.partition(".")
        if not dot or not module or not name:
            raise ValueError(_("External ID %s must have the form module.name") % repr(xmlid))
        return module, name

    def _lookup(self, xmlid: str) -> dict[str, Any] | None:
        module, name = self._split(xmlid)
        memo = self.env.transaction.memo.setdefault("xmlids", {})
        if xmlid in memo:
            return memo[xmlid]
        table = self._table_obj
        row = self.env.transaction.execute(
            sa.select(table.c.model, table.c.res_id, table.c.noupdate)
            .where(table.c.module == module, table.c.name == name)).first()
        entry = None if row is None else {"model": row[0], "res_id": row[1],
                                           "noupdate": bool(row[2])}
        if entry is not None:
            memo[xmlid] = entry
        return entry

    def _xmlid_to_record(self, xmlid: str, raise_if_not_found: bool = True) -> Any:
        entry = self._lookup(xmlid)
        if entry is not None and entry["model"] in self.env.registry:
            record = self.env[entry["model"]].browse(entry["res_id"])
            if record.sudo().with_context(active_test=False).exists():
                return record
        if raise_if_not_found:
            raise ValueError(_("External ID not found in the system: %s") % xmlid)
        return None

    @api.model
    def check_object_reference(self, module: str, xml_id: str,
                               raise_on_access_error: bool = False) -> list[Any]:
        record = self._xmlid_to_record(f"{module}.{xml_id}")
        if raise_on_access_error:
            record.check_access_rights("read")
            record.check_access_rule("read")
        return [record._name, record.id]

    @api.model
    def xmlid_to_res_model_res_id(self, xmlid: str, raise_if_not_found: bool = False) -> Any:
        record = self._xmlid_to_record(xmlid, raise_if_not_found)
        return (record._name, record.id) if record is not None else (False, False)

    @api.model
    def xmlid_to_res_id(self, xmlid: str, raise_if_not_found: bool = False) -> Any:
        record = self._xmlid_to_record(xmlid, raise_if_not_found)
        return record.id if record is not None else False

    def _xmlids_of(self, model: str, res_id: int) -> list[dict[str, Any]]:
        table = self._table_obj
        rows = self.env.transaction.execute(
            sa.select(table.c.module, table.c.name, table.c.noupdate)
            .where(table.c.model == model, table.c.res_id == res_id)).all()
        return [{"xmlid": f"{m}.{n}", "noupdate": bool(u)} for m, n, u in rows]

    def _names_of(self, module: str, model: str) -> set[str]:
        table = self._table_obj
        return set(self.env.transaction.execute(
            sa.select(table.c.name).where(table.c.module == module, table.c.model == model))
            .scalars())

    # -- writing -----------------------------------------------------------------------
    def _record_xmlid(self, module: str, name: str, model: str, res_id: int,
                      noupdate: bool) -> None:
        self._record_xmlids([(module, name, model, res_id, noupdate)])

    def _record_xmlids(self, rows: list[tuple[str, str, str, int, bool]]) -> None:
        if not rows:
            return
        table = self._table_obj
        self.env.transaction.execute(table.insert(), [
            {"module": m, "name": n, "model": model, "res_id": rid, "noupdate": bool(nu)}
            for m, n, model, rid, nu in rows])
        memo = self.env.transaction.memo.setdefault("xmlids", {})
        for m, n, model, rid, nu in rows:
            memo[f"{m}.{n}"] = {"model": model, "res_id": rid, "noupdate": bool(nu)}

    def _forget(self, xmlid: str) -> None:
        module, name = self._split(xmlid)
        table = self._table_obj
        self.env.transaction.execute(table.delete().where(table.c.module == module,
                                                          table.c.name == name))
        self.env.transaction.memo.get("xmlids", {}).pop(xmlid, None)

    def _forget_records(self, model: str, ids: Any) -> None:
        table = self._table_obj
        self.env.transaction.execute(table.delete().where(table.c.model == model,
                                                          table.c.res_id.in_(list(ids))))
        self.env.transaction.memo.pop("xmlids", None)

    def _forget_modules(self, modules: list[str]) -> None:
        table = self._table_obj
        self.env.transaction.execute(table.delete().where(table.c.module.in_(modules)))
        self.env.transaction.memo.pop("xmlids", None)

    def _owned_records(self, modules: list[str]) -> dict[str, list[int]]:
        """{model: [ids]} of the records whose external ids belong to ``modules``."""
        table = self._table_obj
        rows = self.env.transaction.execute(
            sa.select(table.c.model, table.c.res_id).where(table.c.module.in_(modules))).all()
        result: dict[str, list[int]] = defaultdict(list)
        for model, res_id in rows:
            result[model].append(res_id)
        return dict(result)

    def _remove_obsolete(self, module: str, loaded: set[str]) -> None:
        """After an upgrade: delete the module's records its data files no longer define."""
        table = self._table_obj
        rows = self.env.transaction.execute(
            sa.select(table.c.name, table.c.model, table.c.res_id).where(
                table.c.module == module, table.c.noupdate == sa.false())).all()
        skip = {"ir.model", "ir.model.fields"}
        for name, model, res_id in rows:
            if f"{module}.{name}" in loaded or model in skip or model not in self.env.registry:
                continue
            self.env[model].browse(res_id).exists().unlink()
            self._forget(f"{module}.{name}")


MODELS = [IrModel, IrModelFields, IrModelData]
