{
    "name": "Access control test models",
    "version": "1.0",
    "summary": "A document with a salesperson, protected like CRM leads, and JSON routes to "
               "drive it over HTTP as the signed-in user",
    "depends": ["sales_team"],
    "data": [
        "security/ir.model.access.csv",
        "security/test_access_security.xml",
    ],
}
