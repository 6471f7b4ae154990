{"name": "Late Addon", "version": "1.0", "summary": "Known only to servers given its path",
 "depends": ["test_stack_a"], "data": ["security/ir.model.access.csv"]}
