"""Query counts: reading is batched and independent of the number of records."""

from core.testing import count_queries


def _seed(env, n):
    users = env["res.users"].create([{"name": f"U{i}", "login": f"u{i}"} for i in range(3)])
    partners = env["test.partner"].create([{"name": f"P{i}"} for i in range(10)])
    cats = env["test.category"].create([{"name": f"C{i}"} for i in range(4)])
    env["test.lead"].create([
        {"name": f"L{i}", "partner_id": partners[i % 10].id, "user_id": users[i % 3].id,
         "category_id": cats[i % 4].id, "revenue": i} for i in range(n)])
    env.invalidate_all()


def test_page_of_80_rows_with_three_many2one_names(orm):
    _seed(orm, 200)
    counter = count_queries(orm)
    rows = orm["test.lead"].search_read([], ["name", "partner_id", "user_id", "category_id",
                                             "revenue"], limit=80, order="revenue desc")
    assert len(rows) == 80 and rows[0]["partner_id"][1].startswith("P")
    assert rows[0]["user_id"][1].startswith("U") and rows[0]["category_id"][1].startswith("C")
    assert counter() <= 3


def test_query_count_does_not_grow_with_rows(orm):
    _seed(orm, 120)

    def page(limit):
        orm.invalidate_all()
        counter = count_queries(orm)
        records = orm["test.lead"].search([], limit=limit)
        seen = [(lead.name, lead.partner_id.name, lead.category_id.name, lead.tag_ids.ids,
                 lead.display_label) for lead in records]
        assert len(seen) == limit
        return counter()

    assert page(10) == page(100)
