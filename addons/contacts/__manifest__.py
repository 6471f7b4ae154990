{
    "name": "Contacts",
    "version": "1.0",
    "summary": "Companies and people: addresses, e-mails, phones, tags and salespeople",
    "category": "Sales/CRM",
    "depends": ["base", "mail"],
    "data": [
        "security/ir.model.access.csv",
        "security/contacts_security.xml",
        "views/res_partner_category_views.xml",
        "views/res_partner_views.xml",
        "views/contacts_menus.xml",
    ],
    "demo": ["demo/res.partner.category.csv", "demo/res.partner.csv"],
    "application": True,
    "license": "LGPL-3",
}
