"""Composing the model classes of one registry from the classes its addons declare.

For every model name the registry collects the classes that define or extend it, in the
load order of their addons, and stacks them::

    composed = type("crm.lead", (Extension_of_sale_crm, Extension_of_iap, Lead, <mail.thread>), {})

so that an override calls ``super()`` and reaches the previous definition; nothing is ever
replaced. Fields are then created fresh for this registry from the merged specifications,
bound to the composed class, and wired together: comodels, related fields, the triggers of
computed fields, constraints, and finally the SQLAlchemy tables of the registry's metadata.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from core.orm.crud import LOG_FIELDS
from core.orm.fields import Field
from core.orm.models import BaseModel

if TYPE_CHECKING:
    from core.registry.registry import Registry


class ModelDefinitionError(Exception):
    """A model class cannot be composed (unknown parent, bad field...)."""


def _as_list(value: Any) -> list[str]:
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


class Builder:
    """Collects definitions, then composes and wires every model of a registry."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.definitions: dict[str, list[type]] = defaultdict(list)
        self.parents: dict[str, list[str]] = defaultdict(list)
        self.module_of: dict[type, str] = {}
        self.owner: dict[str, str] = {}

    def add(self, addon_name: str, classes: list[type]) -> None:
        for cls in classes:
            if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
                raise ModelDefinitionError(f"Addon {addon_name}: {cls!r} is not a model class")
            own_name = cls.__dict__.get("_name")
            inherit = _as_list(cls.__dict__.get("_inherit"))
            if own_name:
                name, parents = own_name, [p for p in inherit if p != own_name]
                if own_name not in inherit:
                    self.owner.setdefault(name, addon_name)
            elif inherit:
                name, parents = inherit[0], inherit[1:]
            else:
                raise ModelDefinitionError(f"Addon {addon_name}: {cls.__name__} has neither "
                                           "_name nor _inherit")
            if (not own_name or own_name in inherit) and name not in self.definitions:
                raise ModelDefinitionError(
                    f"Addon {addon_name}: {cls.__name__} extends unknown model {name!r}")
            self.definitions[name].append(cls)
            self.module_of[cls] = addon_name
            for parent in parents:
                if parent not in self.parents[name]:
                    self.parents[name].append(parent)

    # -- composition -------------------------------------------------------------------
    def build(self) -> dict[str, type]:
        models: dict[str, type] = {}
        for name in self._model_order():
            models[name] = self._compose(name, models)
        self.registry.models = models
        for cls in models.values():
            self._setup_fields(cls)
        for cls in models.values():
            for field in cls._fields.values():
                if field.related:
                    field.setup_related(self.registry)
        for cls in models.values():
            for field in cls._fields.values():
                field.setup_model(self.registry)
        for cls in models.values():
            self._setup_model_attrs(cls)
        self._setup_dependencies(models)
        self._build_tables(models)
        return models

    def _model_order(self) -> list[str]:
        order: list[str] = []
        visiting: set[str] = set()

        def visit(name: str) -> None:
            if name in order:
                return
            if name in visiting:
                raise ModelDefinitionError(f"Circular _inherit involving {name!r}")
            if name not in self.definitions:
                raise ModelDefinitionError(f"Unknown model {name!r} in _inherit")
            visiting.add(name)
            for parent in self.parents[name]:
                visit(parent)
            visiting.discard(name)
            order.append(name)

        for name in self.definitions:
            visit(name)
        return order

    def _compose(self, name: str, models: dict[str, type]) -> type:
        definitions = self.definitions[name]
        bases = tuple(reversed(definitions)) + tuple(models[p] for p in self.parents[name])
        first = definitions[0]
        attrs: dict[str, Any] = {
            "_name": name,
            "_inherit": tuple(self.parents[name]),
            "_module": self.owner.get(name, self.module_of[first]),
            "_fields": {},
            "_is_registry_class": True,
            "__module__": first.__module__,
        }
        table = next((d.__dict__["_table"] for d in reversed(definitions) if "_table" in d.__dict__),
                     None)
        attrs["_table"] = table or name.replace(".", "_")
        try:
            return type(name, bases, attrs)
        except TypeError as exc:
            raise ModelDefinitionError(f"Cannot compose model {name!r}: {exc}") from None

    def _setup_fields(self, cls: type) -> None:
        specs: dict[str, list[Field]] = {}
        for klass in reversed(cls.__mro__):
            if klass.__dict__.get("_is_registry_class"):
                continue
            module = self.module_of.get(klass, "core" if klass.__module__.startswith("core.orm")
                                        else None)
            for name, value in klass.__dict__.items():
                if isinstance(value, Field):
                    if module and getattr(value, "_module", None) is None:
                        value._module = module
                    specs.setdefault(name, []).append(value)
        for name, chain in specs.items():
            if name in LOG_FIELDS and not cls._log_access:
                setattr(cls, name, None)
                continue
            field = Field.from_specs(chain)
            field.setup_attrs(cls, name)
            setattr(cls, name, field)
            cls._fields[name] = field

    def _setup_model_attrs(self, cls: type) -> None:
        fields = cls._fields
        if cls._rec_name is None or cls._rec_name not in fields:
            cls._rec_name = "name" if "name" in fields else None
        cls._active_name = "active" if "active" in fields else None
        constraints = []
        onchanges: dict[str, list[str]] = defaultdict(list)
        for attr in dir(cls):
            if attr.startswith("__"):
                continue
            method = getattr(cls, attr, None)
            watched = getattr(method, "_constrains", None)
            if watched and callable(method):
                unknown = [n for n in watched if n not in fields]
                if unknown:
                    raise ModelDefinitionError(f"{cls._name}.{attr} constrains unknown fields "
                                               f"{unknown}")
                constraints.append((attr, frozenset(watched)))
            for fname in getattr(method, "_onchange", None) or ():
                onchanges[fname].append(attr)
        cls._constraint_methods = tuple(constraints)
        cls._onchange_methods = {k: tuple(v) for k, v in onchanges.items()}

    # -- computed fields -------------------------------------------------------------------
    def _setup_dependencies(self, models: dict[str, type]) -> None:
        registry = self.registry
        triggers: dict[Field, list] = defaultdict(list)
        groups: dict[tuple[str, str], list[Field]] = defaultdict(list)
        for cls in models.values():
            for field in cls._fields.values():
                if not field.compute:
                    continue
                if isinstance(field.compute, str):
                    method = getattr(cls, field.compute, None)
                    if method is None:
                        raise ModelDefinitionError(f"{field}: no method {field.compute!r}")
                    groups[(cls._name, field.compute)].append(field)
                    if not field.depends:
                        field.depends = self._method_depends(cls, method)
                    if not field.store and not field.depends_context:
                        field.depends_context = tuple(getattr(method, "_depends_context", ()))
                if not field.store and not field.depends_context and \
                        self._reads_translated(cls, field):
                    field.depends_context = ("lang",)
                for path in field.depends:
                    self._add_triggers(triggers, cls, field, path)
        registry.field_triggers = {k: tuple(dict.fromkeys(v)) for k, v in triggers.items()}
        registry.compute_groups = {f: tuple(g) for g in groups.values() for f in g}
        registry.stored_computed = {
            name: tuple(f for f in cls._fields.values() if f.compute and f.store)
            for name, cls in models.items()}
        inverses: dict[Field, list[Field]] = defaultdict(list)
        m2m: dict[str, list[Field]] = defaultdict(list)
        cascade: dict[str, set[str]] = defaultdict(set)
        for cls in models.values():
            for field in cls._fields.values():
                if field.type == "one2many" and field.store:
                    inverse = models[field.comodel_name]._fields[field.inverse_name]
                    inverses[inverse].append(field)
                elif field.type == "many2many" and field.store:
                    m2m[field.relation].append(field)
                    cascade[field.comodel_name].add(cls._name)
                elif field.type == "many2one" and field.store:
                    cascade[field.comodel_name].add(cls._name)
        registry.one2many_inverses = dict(inverses)
        registry.many2many_by_relation = dict(m2m)
        registry.cascade_dependents = dict(cascade)

    def _reads_translated(self, cls: type, field: Field) -> bool:
        """Whether a non-stored computed field reads a translated field (its value then
        differs per language)."""
        for path in field.depends:
            model = cls
            for name in path.split("."):
                dep = model._fields.get(name)
                if dep is None:
                    break
                if dep.translate:
                    return True
                if dep.relational:
                    model = self.registry.models.get(dep.comodel_name, model)
        return False

    def _method_depends(self, cls: type, method: Any) -> tuple[str, ...]:
        result: list[str] = []
        for item in getattr(method, "_depends", ()):
            if callable(item):
                result.extend(item(cls))
            else:
                result.append(item)
        return tuple(result)

    def _add_triggers(self, triggers: dict, cls: type, target: Field, path: str) -> None:
        model = cls
        traversed: list[Field] = []
        names = path.split(".")
        for index, name in enumerate(names):
            field = model._fields.get(name)
            if field is None:
                raise ModelDefinitionError(f"{target} depends on unknown field "
                                           f"{model._name}.{name} (in {path!r})")
            triggers[field].append((tuple(traversed), target))
            if index < len(names) - 1:
                if not field.relational:
                    raise ModelDefinitionError(f"{target}: {field} is not relational in "
                                               f"{path!r}")
                traversed.append(field)
                model = self.registry.models[field.comodel_name]

    # -- tables --------------------------------------------------------------------------
    def _build_tables(self, models: dict[str, type]) -> None:
        registry = self.registry
        messages: dict[str, tuple[str, Any, tuple[str, ...]]] = {}
        for cls in models.values():
            if cls._abstract or not cls._auto:
                cls._table_obj = None
                continue
            columns = [c for c in (f.sql_column(registry) for f in cls._fields.values()) if
                       c is not None]
            extra = []
            for name, definition, message in cls._sql_constraints:
                full = f"{cls._table}_{name}"
                item, cols = _sql_constraint(full, definition)
                extra.append(item)
                messages[full] = (cls._name, _lazy(cls, message), cols)
            cls._table_obj = sa.Table(cls._table, registry.metadata, *columns, *extra,
                                      sqlite_autoincrement=True)
            for name, definition in cls._indexes.items():
                _composite_index(cls._table_obj, f"{cls._table}_{name}", definition)
        for cls in models.values():
            for field in cls._fields.values():
                if field.type == "many2many" and field.store and not models[
                        field.comodel_name]._abstract and not cls._abstract:
                    field.relation_table(registry)
        registry.constraint_messages = messages
        for cls in models.values():
            if cls._table_obj is None and not cls._abstract:
                cls._table_obj = registry.metadata.tables.get(cls._table)


def _composite_index(table: sa.Table, name: str, definition: str) -> sa.Index:
    """``"stage_id, date_deadline desc, id desc"`` → an index on those columns."""
    parts = []
    for item in definition.split(","):
        words = item.split()
        if not words or words[0] not in table.c or len(words) > 2 or (
                len(words) == 2 and words[1].lower() not in ("asc", "desc")):
            raise ModelDefinitionError(f"Invalid index {name}: {definition!r}")
        column = table.c[words[0]]
        parts.append(column.desc() if len(words) == 2 and words[1].lower() == "desc"
                     else column)
    return sa.Index(name, *parts)


_UNIQUE_RE = re.compile(r"^\s*unique\s*\((?P<cols>[^)]*)\)\s*$", re.IGNORECASE)
_CHECK_RE = re.compile(r"^\s*check\s*\((?P<expr>.*)\)\s*$", re.IGNORECASE | re.DOTALL)


def _sql_constraint(full_name: str, definition: str) -> tuple[Any, tuple[str, ...]]:
    unique = _UNIQUE_RE.match(definition)
    if unique:
        cols = tuple(c.strip() for c in unique.group("cols").split(",") if c.strip())
        return sa.Index(full_name, *cols, unique=True), cols
    check = _CHECK_RE.match(definition)
    if check:
        return sa.CheckConstraint(sa.text(check.group("expr")), name=full_name), ()
    raise ModelDefinitionError(f"Unsupported SQL constraint {full_name}: {definition!r}")


def _lazy(cls: type, message: Any) -> Any:
    from core.i18n import LazyText
    if isinstance(message, str):
        return LazyText(cls._module or "core", message)
    return message
