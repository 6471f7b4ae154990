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
