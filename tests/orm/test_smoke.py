def test_create_read(make_env):
    env = make_env(["test_orm"])
    partner = env["test.partner"].create({"name": "Acme", "email": "a@acme.test"})
    lead = env["test.lead"].create({"name": "Big deal", "partner_id": partner.id, "revenue": 1000,
                                    "probability": 50, "tag_ids": [(0, 0, {"name": "hot"})]})
    assert lead.prorated == 500
    assert lead.partner_name == "Acme"
    assert partner.lead_count == 1
    assert partner.total_revenue == 1000
    assert lead.tag_ids.mapped("name") == ["hot"]
    lead.revenue = 2000
    assert lead.prorated == 1000
    assert partner.total_revenue == 2000
    data = lead.read(["name", "partner_id", "tag_ids", "date_deadline"])
    assert data[0]["partner_id"] == [partner.id, "Acme"]
    assert data[0]["date_deadline"] is False
