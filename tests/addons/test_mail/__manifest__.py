{
    "name": "Mail Test",
    "version": "1.0",
    "summary": "Tickets with a chatter, tracked fields, activities and an own-records rule",
    "category": "Tests",
    "depends": ["mail"],
    "data": ["security/ir.model.access.csv", "security/test_mail_security.xml",
             "views/ticket_views.xml"],
}
