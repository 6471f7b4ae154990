{
    "name": "Base",
    "version": "1.0",
    "summary": "Users, companies, currencies, languages and the technical models of the platform",
    "category": "Hidden",
    "depends": [],
    "data": [
        "data/base_groups.xml",
        "data/base_data.xml",
        "security/ir.model.access.csv",
        "security/base_security.xml",
        "data/ir_ui_access.xml",
        "views/res_users_views.xml",
        "views/res_company_views.xml",
        "views/base_menus.xml",
    ],
    "application": False,
    "license": "LGPL-3",
}
