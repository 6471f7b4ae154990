"""One2many and Many2many: sets of records, written with Odoo's x2many commands.

Cache values are tuples of ids; searches become EXISTS subqueries on the comodel (one2many)
or the relation table (many2many), so that no join multiplies rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from core.exceptions import ValidationError
from core.i18n import Domain as _Domain
from core.orm import bulk
from core.orm.commands import Command, normalize_commands
from core.orm.domain import NEGATIVE_OPERATORS, Condition, Domain, Trusted
from core.orm.fields.relational import PrefetchRelated, _is_name_search, _Relational

if TYPE_CHECKING:
    from core.orm.models import BaseModel
    from core.orm.query import Query

_ = _Domain("core")


class _X2many(_Relational):
    empty_cache_value = ()
    _extra_defaults = {"comodel_name": None, "check_company": False, "auto_join": False,
                       "copy": False}

    @property
    def is_column(self) -> bool:
        return False

    def convert_to_cache(self, value: Any, record: BaseModel, validate: bool = True) -> Any:
        if value is None or value is False:
            return ()
        if hasattr(value, "_ids"):
            return tuple(value._ids)
        if isinstance(value, list | tuple) and all(
                isinstance(v, int) and not isinstance(v, bool) for v in value):
            return tuple(value)
        return self._cache_from_commands(value, record)

    def _cache_from_commands(self, value: Any, record: BaseModel) -> tuple:
        """For new (unsaved) records: apply commands to the cached ids."""
        ids = list(record._current_cache_value(self) or ()) if record._ids else []
        comodel = record.env[self.comodel_name]
        for cmd in normalize_commands(self, value):
            code = cmd[0]
            if code == Command.CREATE:
                ids.append(comodel.new(cmd[2]).id)
            elif code in (Command.LINK, Command.UPDATE) and cmd[1] not in ids:
                ids.append(cmd[1])
            elif code in (Command.DELETE, Command.UNLINK) and cmd[1] in ids:
                ids.remove(cmd[1])
            elif code == Command.CLEAR:
                ids = []
            elif code == Command.SET:
                ids = list(cmd[2])
        return tuple(ids)

    def convert_to_record(self, value: Any, record: BaseModel) -> Any:
        prefetch = PrefetchRelated(self, record._prefetch_ids, record._transaction.cache)
        return record.env[self.comodel_name]._browse(tuple(value or ()), prefetch)

    def convert_to_read(self, value: Any, record: BaseModel, use_display_name: bool = True) -> Any:
        return list(value._ids)

    def read_values(self, records: BaseModel, use_display_name: bool = True) -> list[Any]:
        data = records._ensure_cached(self)
        return [list(data[rid]) for rid in records._ids]

    def convert_to_write(self, value: Any, record: BaseModel) -> Any:
        if hasattr(value, "_ids"):
            return [(Command.SET, 0, list(value._ids))]
        return value  # commands or ids, as write() accepts them

    def convert_to_export(self, value: Any, record: BaseModel) -> str:
        return ",".join(value.sudo().mapped("display_name"))

    def order_by(self, query: Query, alias: Any, descending: bool,
                 nulls: str | None = None) -> list[Any]:
        raise ValueError(_("Cannot order by the relational field %s") % str(self))

    def create_values(self, pairs: list[tuple[BaseModel, Any]]) -> None:
        """Apply the values given at creation, record by record (subclasses batch)."""
        for record, value in pairs:
            self.write_commands(record, value)

    def write_commands(self, records: BaseModel, value: Any) -> None:
        raise NotImplementedError

    def condition(self, query: Query, alias: Any, operator: str, value: Any) -> Any:
        if not self.store:
            return super().condition(query, alias, operator, value)
        comodel = query.env[self.comodel_name]
        if operator in ("any", "not any"):
            clause = self.exists_clause(query, alias, comodel, value)
            return clause if operator == "any" else sa.not_(clause)
        if operator in ("child_of", "parent_of"):
            sub = query.hierarchy_ids(comodel, operator, value)
            return self.exists_clause(query, alias, comodel, None, sub)
        if (value is False or value is None) and operator in ("=", "!="):
            clause = self.exists_clause(query, alias, comodel, None)
            return sa.not_(clause) if operator == "=" else clause
        if _is_name_search(operator, value):
            sub = self.name_subquery(query, operator, value)
            clause = self.exists_clause(query, alias, comodel, None, sub)
            return sa.not_(clause) if operator in NEGATIVE_OPERATORS else clause
        if hasattr(value, "_ids"):
            value = list(value._ids)
        if operator in ("=", "!=", "in", "not in"):
            ids = value if isinstance(value, list | tuple) else [value]
            ids = [v for v in ids if v is not False and v is not None]
            if not ids:
                return sa.false() if operator in ("=", "in") else sa.true()
            clause = self.exists_clause(query, alias, comodel, None, ids)
            return sa.not_(clause) if operator in ("!=", "not in") else clause
        raise ValueError(_("Operator %(op)s is not supported on field %(field)s",
                           op=operator, field=str(self)))

    def condition_path(self, query: Query, alias: Any, rest: str, operator: str,
                       value: Any) -> Any:
        comodel = query.env[self.comodel_name]
        return self.exists_clause(query, alias, comodel, Condition.make(rest, operator, value))

    def exists_clause(self, query: Query, alias: Any, comodel: BaseModel, domain: Any,
                      ids: Any = None) -> Any:
        raise NotImplementedError


class One2many(_X2many):
    """The records of ``comodel_name`` whose ``inverse_name`` points to this record."""

    type = "one2many"
    _extra_defaults = {"comodel_name": None, "inverse_name": None, "check_company": False,
                       "auto_join": False, "copy": False}

    def __init__(self, comodel_name: str | None = None, inverse_name: str | None = None,
                 string: Any = None, **kwargs: Any):
        if comodel_name is not None:
            kwargs["comodel_name"] = comodel_name
        if inverse_name is not None:
            kwargs["inverse_name"] = inverse_name
        super().__init__(string, **kwargs)

    def setup_model(self, registry: Any) -> None:
        super().setup_model(registry)
        if self.store and self.inverse_name not in registry[self.comodel_name]._fields:
            raise ValueError(f"{self}: {self.comodel_name} has no field {self.inverse_name!r}")

    def get_description(self, env: Any) -> dict[str, Any]:
        desc = super().get_description(env)
        desc["relation_field"] = self.inverse_name
        return desc

    def exists_clause(self, query: Query, alias: Any, comodel: BaseModel, domain: Any,
                      ids: Any = None) -> Any:
        sub_domain = Domain.parse(domain) if domain is not None else Domain.parse([])
        if self.domain and not isinstance(self.domain, str):
            sub_domain = sub_domain & Trusted.of(self.domain)       # the field's, not the user's
        return query.exists_related(comodel, self.inverse_name, alias.c.id, sub_domain, ids)

    def write_commands(self, records: BaseModel, value: Any) -> None:
        comodel = records.env[self.comodel_name].with_context(active_test=False)
        inverse = self.inverse_name
        for record in records:
            for cmd in normalize_commands(self, value):
                code = cmd[0]
                if code == Command.CREATE:
                    comodel.create({**cmd[2], inverse: record.id})
                elif code == Command.UPDATE:
                    comodel.browse(cmd[1]).write(cmd[2])
                elif code == Command.DELETE:
                    comodel.browse(cmd[1]).unlink()
                elif code == Command.UNLINK:
                    self._detach(comodel.browse(cmd[1]))
                elif code == Command.LINK:
                    comodel.browse(cmd[1]).write({inverse: record.id})
                elif code == Command.CLEAR:
                    self._detach(getattr(record, self.name))
                elif code == Command.SET:
                    current = getattr(record, self.name)
                    wanted = comodel.browse(cmd[2])
                    self._detach(current - wanted)
                    (wanted - current).write({inverse: record.id})
        records._transaction.cache.invalidate([self], records._ids)

    def _detach(self, children: BaseModel) -> None:
        if not children:
            return
        inverse_field = children._fields[self.inverse_name]
        if inverse_field.ondelete == "cascade" or inverse_field.required:
            children.unlink()
        else:
            children.write({self.inverse_name: False})


class Many2many(_X2many):
    """A set of records of ``comodel_name``, kept in a relation table."""

    type = "many2many"
    _extra_defaults = {"comodel_name": None, "relation": None, "column1": None, "column2": None,
                       "check_company": False, "auto_join": False, "copy": True,
                       "ondelete": "cascade"}

    def __init__(self, comodel_name: str | None = None, relation: str | None = None,
                 column1: str | None = None, column2: str | None = None, string: Any = None,
                 **kwargs: Any):
        for key, val in (("comodel_name", comodel_name), ("relation", relation),
                         ("column1", column1), ("column2", column2)):
            if val is not None:
                kwargs[key] = val
        super().__init__(string, **kwargs)

    def setup_model(self, registry: Any) -> None:
        super().setup_model(registry)
        if not self.store:
            return
        model, comodel = registry[self.model_name], registry[self.comodel_name]
        if not self.relation:
            tables = sorted([model._table, comodel._table])
            self.relation = f"{tables[0]}_{tables[1]}_rel"
        self.column1 = self.column1 or f"{model._table}_id"
        self.column2 = self.column2 or f"{comodel._table}_id"
        if self.column1 == self.column2:
            raise ValueError(f"{self}: give column1 and column2 for a relation to the same model")

    def relation_table(self, registry: Any) -> sa.Table:
        """The relation table in the registry's metadata (created once per relation)."""
        metadata = registry.metadata
        if self.relation in metadata.tables:
            return metadata.tables[self.relation]
        model, comodel = registry[self.model_name], registry[self.comodel_name]
        return sa.Table(
            self.relation, metadata,
            sa.Column(self.column1, sa.Integer,
                      sa.ForeignKey(f"{model._table}.id", ondelete="CASCADE"), nullable=False,
                      primary_key=True),
            sa.Column(self.column2, sa.Integer,
                      sa.ForeignKey(f"{comodel._table}.id", ondelete=self.ondelete.upper()),
                      nullable=False, primary_key=True, index=True),
        )

    def exists_clause(self, query: Query, alias: Any, comodel: BaseModel, domain: Any,
                      ids: Any = None) -> Any:
        rel = query.alias(query.env.registry.metadata.tables[self.relation])
        clause = rel.c[self.column1] == alias.c.id
        if ids is not None:
            clause = sa.and_(clause, rel.c[self.column2].in_(ids))
        if domain is not None:
            sub = query.subquery(comodel, domain)
            clause = sa.and_(clause, rel.c[self.column2].in_(sub))
        return sa.exists(sa.select(sa.literal(1)).select_from(rel).where(clause))

    def create_values(self, pairs: list[tuple[BaseModel, Any]]) -> None:
        """Link many new records at once when the values are plain sets of ids."""
        simple: dict[Any, list[int]] = {}
        rest = []
        for record, value in pairs:
            commands = normalize_commands(self, value)
            if all(c[0] in (Command.SET, Command.LINK) for c in commands):
                ids: list[int] = []
                for cmd in commands:
                    ids.extend(cmd[2] if cmd[0] == Command.SET else [cmd[1]])
                if ids:
                    simple[record.id] = list(dict.fromkeys(ids))
            else:
                rest.append((record, value))
        if simple:
            self._link_many(pairs[0][0], simple)
        for record, value in rest:
            self.write_commands(record, value)

    def _link_many(self, some_record: BaseModel, links: dict[Any, list[int]]) -> None:
        env = some_record.env
        rel = env.registry.metadata.tables[self.relation]
        wanted = {cid for ids in links.values() for cid in ids}
        found = env(su=True)[self.comodel_name].with_context(active_test=False).browse(
            list(wanted)).exists()
        if len(found) != len(wanted):
            raise ValidationError(_("Field %(field)s refers to records that do not exist: %(ids)s",
                                    field=self.string, ids=sorted(wanted - set(found._ids))))
        rows = [{self.column1: rid, self.column2: cid}
                for rid, ids in links.items() for cid in ids]
        bulk.insert(some_record._transaction, rel, rows)
        cache = some_record._transaction.cache
        cache.update(self, list(links), [tuple(ids) for ids in links.values()])
        for field in some_record.env.registry.many2many_by_relation.get(self.relation, ()):
            if field is not self:
                cache.invalidate([field])

    def write_commands(self, records: BaseModel, value: Any) -> None:
        env = records.env
        comodel = env[self.comodel_name].with_context(active_test=False)
        rel = env.registry.metadata.tables[self.relation]
        tx = records._transaction
        c1, c2 = rel.c[self.column1], rel.c[self.column2]
        for cmd in normalize_commands(self, value):
            code = cmd[0]
            links: list[int] = []
            if code == Command.CREATE:
                links = [comodel.create(cmd[2]).id]
            elif code == Command.UPDATE:
                comodel.browse(cmd[1]).write(cmd[2])
                links = [cmd[1]]
            elif code == Command.DELETE:
                comodel.browse(cmd[1]).unlink()
            elif code == Command.UNLINK:
                tx.execute(rel.delete().where(c1.in_(records._ids), c2 == cmd[1]))
            elif code == Command.LINK:
                links = [cmd[1]]
            elif code == Command.CLEAR:
                tx.execute(rel.delete().where(c1.in_(records._ids)))
            elif code == Command.SET:
                tx.execute(rel.delete().where(c1.in_(records._ids)))
                links = list(dict.fromkeys(cmd[2]))
            if links:
                self._link(records, links, rel)
        self.invalidate_relation(records)

    def _link(self, records: BaseModel, ids: list[int], rel: sa.Table) -> None:
        tx = records._transaction
        c1, c2 = rel.c[self.column1], rel.c[self.column2]
        existing = set(tx.execute(sa.select(c1, c2).where(c1.in_(records._ids), c2.in_(ids))).all())
        missing = records.env[self.comodel_name].browse(ids).sudo().with_context(
            active_test=False).exists()
        if len(missing) != len(set(ids)):
            raise ValidationError(_("Field %(field)s refers to records that do not exist: %(ids)s",
                                    field=self.string,
                                    ids=sorted(set(ids) - set(missing._ids))))
        rows = [{self.column1: rid, self.column2: cid}
                for rid in records._ids for cid in ids if (rid, cid) not in existing]
        if rows:
            tx.execute(rel.insert(), rows)

    def invalidate_relation(self, records: BaseModel) -> None:
        """Forget cached values of every field that uses the same relation table."""
        registry = records.env.registry
        cache = records._transaction.cache
        cache.invalidate([self], records._ids)
        for field in registry.many2many_by_relation.get(self.relation, ()):
            if field is not self:
                cache.invalidate([field])
