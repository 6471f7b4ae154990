"""Model classes: ``Model``, ``AbstractModel`` and ``TransientModel``.

An addon declares models as plain classes; nothing is registered on import::

    class Stage(models.Model):
        _name = "crm.stage"
        _description = "CRM Stages"
        _order = "sequence, name, id"

        name = fields.Char("Stage Name", required=True, translate=True)
        sequence = fields.Integer(default=1)

and another addon extends it by naming it in ``_inherit``; the registry of each database
composes the classes of its installed addons (see :mod:`core.registry.builder`). The
behaviour lives in small mixins, one file each: recordsets, reading, searching, grouping,
writing, computing and access control. This module adds what every model has besides:
magic fields, display names, defaults, ``fields_get``, ``copy``, archiving, in-memory
records for forms (``new``/``onchange``) and constraint checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from core.exceptions import ValidationError
from core.i18n import Domain as _Domain
from core.i18n import LazyText
from core.i18n import gettext as _gettext
from core.orm import api, fields
from core.orm.access import AccessMixin
from core.orm.compute import ComputeMixin
from core.orm.crud import LOG_FIELDS, CRUDMixin
from core.orm.domain import Domain
from core.orm.fetch import FetchMixin
from core.orm.readgroup import ReadGroupMixin
from core.orm.recordset import NewId, RecordsetMixin
from core.orm.search import SearchMixin

_ = _Domain("core")


class BaseModel(AccessMixin, ComputeMixin, ReadGroupMixin, SearchMixin, FetchMixin, CRUDMixin,
                RecordsetMixin):
    """Everything a model can do. Addons subclass Model, AbstractModel or TransientModel."""

    _name: str = ""
    _inherit: str | list[str] | tuple = ()
    _description: str | None = None
    _order = "id"
    _rec_name: str | None = None
    _rec_names_search: list[str] | None = None
    _table: str = ""
    _auto = False
    _abstract = True
    _transient = False
    _log_access = True
    _sql_constraints: list[tuple[str, str, str]] = []
    _indexes: dict[str, str] = {}  # {"pipeline": "stage_id, date_deadline desc, id desc"}
    _parent_name = "parent_id"
    _active_name: str | None = None
    _module: str | None = None
    _table_obj: sa.Table
    _constraint_methods: tuple = ()
    _onchange_methods: dict[str, tuple] = {}

    id = fields.Id()
    display_name = fields.Char(string="Display Name", compute="_compute_display_name",
                               search="_search_display_name")
    create_uid = fields.Many2one("res.users", string="Created by", readonly=True, index=False)
    create_date = fields.Datetime(string="Created on", readonly=True)
    write_uid = fields.Many2one("res.users", string="Last Updated by", readonly=True,
                                index=False)
    write_date = fields.Datetime(string="Last Updated on", readonly=True)

    # -- names -------------------------------------------------------------------------
    @api.depends(lambda self: (self._rec_name,) if self._rec_name else ())
    def _compute_display_name(self) -> None:
        name = self._rec_name
        name_field = self._simple_name_field()
        if name_field is not None and not name_field.translate:  # straight from the cache
            data = self._ensure_cached(name_field)
            display = self._fields["display_name"].cache_key(self.env)
            cache = self._transaction.cache
            for rid in self._ids:
                value = data[rid]
                cache.set(display, rid, value if value else f"{self._name},{rid}")
            return
        for record in self:
            value = record[name] if name else False
            if hasattr(value, "_ids"):
                value = value.display_name if value else False
            record.display_name = value if value not in (None, False) else \
                f"{record._name},{record.id}"

    @classmethod
    def _simple_name_field(cls) -> Any:
        """The column holding the display name, when there is nothing more to it."""
        cached = cls.__dict__.get("_simple_name_cache", 0)
        if cached != 0:
            return cached
        result = None
        name = cls._rec_name
        if name and cls._compute_display_name is BaseModel._compute_display_name:
            field = cls._fields.get(name)
            if field is not None and field.is_column and field.type in ("char", "text"):
                result = field
        cls._simple_name_cache = result
        return result

    def _description_text(self) -> str:
        """The model's description in the user's language ("Kontakt" for res.partner)."""
        description = self._description or self._name
        if isinstance(description, LazyText):
            return description.translate(self.env.lang)
        if not self._description:
            return str(description)
        lang = self.env.lang
        return _gettext(self._module or "core", description, lang) if lang else description

    # -- defaults ----------------------------------------------------------------------
    @classmethod
    def _default_field_names(cls) -> tuple[str, ...]:
        cached = cls.__dict__.get("_default_names_cache")
        if cached is None:
            cached = tuple(n for n, f in cls._fields.items()
                           if f.default is not None and n not in LOG_FIELDS)
            cls._default_names_cache = cached
        return cached

    @classmethod
    def _required_fields(cls) -> tuple[Any, ...]:
        cached = cls.__dict__.get("_required_cache")
        if cached is None:
            cached = tuple(f for f in cls._fields.values() if f.required and f.store)
            cls._required_cache = cached
        return cached

    @api.model
    def default_get(self, fields_list: Iterable[str]) -> dict[str, Any]:
        """Default values of ``fields_list``: ``default_<name>`` in the context, then the field."""
        context = self.env.context
        result: dict[str, Any] = {}
        for name in fields_list:
            field = self._fields.get(name)
            if field is None or not self._field_allowed(field):
                continue
            key = f"default_{name}"
            if key in context:
                result[name] = context[key]
            elif field.default is not None:
                value = field.default_value(self)
                if hasattr(value, "_ids") or field.relational:
                    cache_value = field.convert_to_cache(value, self, validate=False)
                    value = field.convert_to_write(field.convert_to_record(cache_value, self), self)
                result[name] = value
        return result

    # -- description -------------------------------------------------------------------
    @api.model
    def fields_get(self, allfields: Iterable[str] | None = None,
                   attributes: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
        wanted = set(allfields) if allfields else None
        attrs = list(attributes) if attributes else None
        result = {}
        for name, field in self._fields.items():
            if wanted is not None and name not in wanted:
                continue
            if not self._field_allowed(field):
                continue
            description = field.get_description(self.env)
            if attrs is not None:
                description = {k: description[k] for k in attrs if k in description}
            result[name] = description
        return result

    @api.model
    def check_field_access_rights(self, operation: str, field_names: list[str] | None
                                  ) -> list[str]:
        if not field_names:       # Odoo's answer: the fields the user may access
            return [name for name, field in self._fields.items() if self._field_allowed(field)]
        for name in field_names:
            self._check_field_access(self._fields[name], operation)
        return field_names

    # -- existence, copy, archive ----------------------------------------------------------
    def exists(self) -> Any:
        """The records of ``self`` that are still in the database (in the same order).

        For a user other than the superuser, only those they may read: ``exists`` is
        callable over RPC and must not confirm the ids of records one cannot see (an
        AccessError without read rights on the model, as ``search``). ORM internals that
        ask the database whatever the user may see call :meth:`_existing`."""
        if self.env.su or not self.ids:
            return self._existing()
        query = self.with_context(active_test=False)._search(Domain("id", "in", self.ids))
        query.order = []
        found = set(self._transaction.execute(query.select(query.table.c.id)).scalars().all())
        return self._browse(tuple(i for i in self._ids if i in found or isinstance(i, NewId)),
                            self._prefetch_ids)

    def _existing(self) -> Any:
        """The records of ``self`` still in the database, whoever the user (low level)."""
        ids = self.ids
        if not ids:
            return self._browse(tuple(i for i in self._ids if isinstance(i, NewId)))
        table = self._table_obj
        found = set(self._transaction.execute(
            sa.select(table.c.id).where(table.c.id.in_(ids))).scalars().all())
        return self._browse(tuple(i for i in self._ids if i in found or isinstance(i, NewId)),
                            self._prefetch_ids)

    def copy_data(self, default: dict | None = None) -> list[dict[str, Any]]:
        self.ensure_one()
        default = dict(default or {})
        vals: dict[str, Any] = {}
        for name, field in self._fields.items():
            if name in default or name in LOG_FIELDS or name == "id" or not field.copy \
                    or not self._field_allowed(field):     # a value the user may not read
                continue
            value = self[name]
            if field.type == "one2many":
                lines = []
                for line in value:
                    data = line.copy_data()[0]
                    data.pop(field.inverse_name, None)
                    lines.append((0, 0, data))
                vals[name] = lines
            else:
                vals[name] = field.convert_to_write(value, self)
        vals.update(default)
        return [vals]

    def copy(self, default: dict | None = None) -> Any:
        """A duplicate of the record (fields with ``copy=False`` keep their defaults)."""
        self.ensure_one()
        return self.create(self.copy_data(default)[0])

    def action_archive(self) -> bool:
        active = self._active_name
        if not active:
            raise ValidationError(_("Records of %s cannot be archived") % self._name)
        return self.filtered(lambda r: r[active]).write({active: False})

    def action_unarchive(self) -> bool:
        active = self._active_name
        if not active:
            raise ValidationError(_("Records of %s cannot be archived") % self._name)
        return self.with_context(active_test=False).filtered(
            lambda r: not r[active]).write({active: True})

    def toggle_active(self) -> bool:
        active = self._active_name
        archived = self.filtered(lambda r: not r[active])
        (self - archived).action_archive()
        archived.action_unarchive()
        return True

    def get_metadata(self) -> list[dict[str, Any]]:
        self.check_access_rights("read")        # the values below are read as superuser
        self.check_access_rule("read")
        result = []
        data = self.env["ir.model.data"].sudo()
        for record in self.sudo():
            xmlids = data._xmlids_of(self._name, record.id)
            create_uid, write_uid = self._fields["create_uid"], self._fields["write_uid"]
            result.append({
                "id": record.id,
                "create_uid": create_uid.convert_to_read(record.create_uid, record),
                "create_date": fields.Datetime.to_string(record.create_date),
                "write_uid": write_uid.convert_to_read(record.write_uid, record),
                "write_date": fields.Datetime.to_string(record.write_date),
                "xmlid": xmlids[0]["xmlid"] if xmlids else False,
                "xmlids": xmlids,
                "noupdate": xmlids[0]["noupdate"] if xmlids else False,
            })
        return result

    # -- constraints -------------------------------------------------------------------
    def _validate_fields(self, field_names: Iterable[str], creating: bool = False) -> None:
        names = set(field_names)
        for method_name, watched in self._constraint_methods:
            if creating or names & watched:
                getattr(self, method_name)()

    # -- in-memory records (forms) ---------------------------------------------------------
    def new(self, values: dict | None = None, origin: Any = None, ref: Any = None) -> Any:
        """A record that exists only in memory: computes run, nothing is written."""
        origin_id = origin.id if origin else None
        record = self.browse((NewId(origin_id, ref),))
        cache = self._transaction.cache
        for name, value in (values or {}).items():
            field = self._fields.get(name)
            if field is None:
                raise ValueError(_("Invalid field %(field)s on model %(model)s",
                                   field=repr(name), model=self._name))
            cache.set(field, record._ids[0], field.convert_to_cache(value, record, False))
        return record

    def _fill_new_record(self, field: Any) -> None:
        rid = self._ids[0]
        cache = self._transaction.cache
        if field.compute:
            self._compute_field_values(field)
        elif rid.origin is not None and field.store:
            origin = self.browse(rid.origin)
            cache.set(field, rid, origin._current_cache_value(field))
        else:
            cache.set(field, rid, field.empty_cache_value)

    def onchange(self, values: dict, changed: list[str], field_names: list[str]) -> dict:
        """Values of ``field_names`` after the user changed ``changed`` in a form.

        ``self`` is the record being edited (empty for a new one); ``values`` are the
        form's current values. Returns ``{"value": {...}, "warning": ...}``.
        """
        for name in field_names:     # values come from the cache: check before, as read()
            if name in self._fields:
                self._check_field_access(self._fields[name], "read")
        origin = self if self._ids else None
        known = {k: v for k, v in values.items() if k in self._fields and k != "id"}
        record = self.new(known, origin=origin)
        if changed:  # the first call (new record's defaults) keeps the values it is given
            record._modified_new(changed)
        warning = record._run_onchange_methods(changed)
        result = {}
        for name in field_names:
            field = self._fields.get(name)
            if field is None or name == "id":
                continue
            new_value = field.convert_to_read(record[name], record)
            if name not in values or values.get(name) != new_value or name not in known:
                result[name] = new_value
        # the in-memory record ends here; in-memory records of one origin compare equal, so
        # its values must leave the cache before the next onchange of the same record
        self._transaction.cache.invalidate(None, record._ids)
        return {"value": result, "warning": warning or False}

    def _run_onchange_methods(self, changed: Iterable[str]) -> Any:
        warning = None
        for name in changed:
            for method_name in self._onchange_methods.get(name, ()):
                outcome = getattr(self, method_name)()
                if isinstance(outcome, dict) and outcome.get("warning"):
                    warning = outcome["warning"]
        return warning


class AbstractModel(BaseModel):
    """A model without a table: mixins such as ``mail.thread``."""

    _auto = False
    _abstract = True


class Model(AbstractModel):
    """A regular model with its own table."""

    _auto = True
    _abstract = False


class TransientModel(Model):
    """Wizard records: stored briefly, removed by the vacuum."""

    _transient = True
