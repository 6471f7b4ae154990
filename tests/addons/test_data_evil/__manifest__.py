{"name": "Evil data", "version": "1.0", "summary": "Tries to run code from a data file",
 "depends": ["test_orm"], "data": ["data/evil.xml"]}
