{
    "name": "Sales Teams",
    "version": "1.0",
    "summary": "Sales teams, their members and the Sales access groups shared by CRM and Sales",
    "category": "Sales/Sales",
    "depends": ["base", "contacts"],
    "data": [
        "security/sales_team_security.xml",
        "security/ir.model.access.csv",
        "data/crm_team_data.xml",
    ],
    "application": False,
    "license": "LGPL-3",
}
