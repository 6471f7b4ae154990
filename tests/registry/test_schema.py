"""Schema sync: tables, columns, indexes and constraint names follow the naming convention."""

import sqlalchemy as sa

from core.testing import backend


def inspect(registry):
    engine = registry.engine
    with engine.connect() as conn:
        insp = sa.inspect(conn)
        return {
            "indexes": {i["name"] for i in insp.get_indexes("test_lead")},
            "fks": insp.get_foreign_keys("test_lead"),
            "checks": {c["name"] for c in insp.get_check_constraints("test_lead")},
            "tag_indexes": {i["name"]: i for i in insp.get_indexes("test_tag")},
            "columns": {c["name"]: c for c in insp.get_columns("test_lead")},
        }


def on_delete(registry, column):
    with registry.engine.connect() as conn:
        if backend() == "sqlite":
            rows = conn.exec_driver_sql("PRAGMA foreign_key_list(test_lead)").all()
            return next(r[6] for r in rows if r[3] == column).upper()
        fk = next(f for f in sa.inspect(conn).get_foreign_keys("test_lead")
                  if f["constrained_columns"] == [column])
        return (fk["options"].get("ondelete") or "NO ACTION").upper()


def test_indexes_foreign_keys_and_constraints(databases):
    registry = databases.registry(["test_orm"])
    info = inspect(registry)
    assert "test_lead_name_index" in info["indexes"]
    assert "test_lead_partner_id_index" in info["indexes"]  # many2one are indexed
    assert info["tag_indexes"]["test_tag_name_uniq"]["unique"]
    targets = {fk["constrained_columns"][0]: fk for fk in info["fks"]}
    assert targets["partner_id"]["referred_table"] == "test_partner"
    assert on_delete(registry, "category_id") == "RESTRICT"
    assert on_delete(registry, "partner_id") == "SET NULL"
    if backend() == "postgresql":
        assert targets["partner_id"]["name"] == "test_lead_partner_id_fkey"
    assert "test_lead_check_probability" in info["checks"]
    assert info["columns"]["date_closed"]["type"].python_type.__name__ == "datetime"


def _constrained_tables(with_code, referenced):
    """``doc`` with a ``code`` column that a UNIQUE and a CHECK constraint name; ``line``
    refers to ``doc`` (ON DELETE CASCADE) when ``referenced``."""
    meta = sa.MetaData()
    columns = [sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String)]
    extra = []
    if with_code:
        columns.append(sa.Column("code", sa.String))
        extra = [sa.UniqueConstraint("name", "code", name="doc_name_code_uniq"),
                 sa.CheckConstraint("code <> ''", name="doc_code_check")]
    sa.Table("doc", meta, *columns, *extra)
    target = "doc.id" if referenced else None
    sa.Table("line", meta, sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("doc_id", sa.Integer, *([sa.ForeignKey(target, ondelete="CASCADE")]
                                               if target else [])))
    return meta


def _drop_code(databases, referenced):
    from core.orm.dialect import create_engine
    from core.registry.schema import drop_removed
    engine = create_engine(databases.new_url("constrained"))
    old, new = _constrained_tables(True, referenced), _constrained_tables(False, referenced)
    with engine.begin() as conn:
        old.create_all(conn)
        conn.execute(old.tables["doc"].insert(), [{"id": 7, "name": "A", "code": "x"},
                                                  {"id": 9, "name": "B", "code": "y"}])
        conn.execute(old.tables["line"].insert(), [{"id": 1, "doc_id": 7}, {"id": 2, "doc_id": 9}])
    with engine.begin() as conn:
        log = drop_removed(conn, old, new)
    with engine.begin() as conn:
        docs = conn.execute(sa.text("SELECT id, name FROM doc ORDER BY id")).all()
        lines = conn.execute(sa.text("SELECT id, doc_id FROM line ORDER BY id")).all()
        columns = {c["name"] for c in sa.inspect(conn).get_columns("doc")}
        conn.execute(sa.text("INSERT INTO doc (id, name) VALUES (11, 'C')"))   # still usable
    engine.dispose()
    return log, docs, lines, columns


def test_a_constrained_column_of_a_table_nobody_refers_to_is_dropped(databases):
    """SQLite cannot drop a column a UNIQUE or CHECK constraint names: the table is rebuilt
    in the uninstall's transaction with its ids."""
    log, docs, lines, columns = _drop_code(databases, referenced=False)
    assert log == ["drop column doc.code"] and "code" not in columns
    assert docs == [(7, "A"), (9, "B")] and lines == [(1, 7), (2, 9)]


def test_a_constrained_column_of_a_referred_table_never_costs_rows(databases):
    """Rebuilding a table others refer to would run their ON DELETE CASCADE on SQLite
    (foreign keys cannot be switched off inside a transaction): the column stays there,
    unused, and no row is lost. PostgreSQL drops it with its constraints."""
    log, docs, lines, columns = _drop_code(databases, referenced=True)
    assert docs == [(7, "A"), (9, "B")] and lines == [(1, 7), (2, 9)]
    if backend() == "sqlite":
        assert log == ["keep column doc.code (SQLite: a constraint names it and other tables "
                       "refer to the table)"] and "code" in columns
    else:
        assert log == ["drop column doc.code"] and "code" not in columns
