import pytest


@pytest.fixture
def orm(make_env):
    """A superuser environment on a database with the ORM test models."""
    return make_env(["test_orm"])


@pytest.fixture
def data(orm):
    env = orm
    tags = env["test.tag"].create([{"name": n} for n in ("alpha", "beta", "gamma")])
    acme = env["test.partner"].create({"name": "Acme", "email": "info@acme.test",
                                       "country_id": env.ref("base.de").id})
    bolt = env["test.partner"].create({"name": "Bolt Ltd", "parent_id": acme.id})
    leads = env["test.lead"].create([
        {"name": "Deal A", "partner_id": acme.id, "revenue": 100, "probability": 10,
         "priority": "2", "tag_ids": [(6, 0, tags[:2].ids)], "date_deadline": "2025-01-15"},
        {"name": "Deal B", "partner_id": bolt.id, "revenue": 200, "probability": 50,
         "tag_ids": [(6, 0, tags[1:].ids)], "date_deadline": "2025-02-20"},
        {"name": "Deal C", "revenue": 300, "probability": 90, "date_deadline": "2025-02-01"},
        {"name": "Ärger über Öl", "revenue": 0, "description": "Straße", "active": False},
    ])
    return {"env": env, "tags": tags, "acme": acme, "bolt": bolt, "leads": leads}
