{
    "name": "RPC test helpers",
    "version": "1.0",
    "summary": "Access rights on the ORM test models and methods exercising the RPC contract",
    "depends": ["test_orm"],
    "data": ["security/ir.model.access.csv"],
}
