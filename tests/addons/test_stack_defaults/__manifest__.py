{"name": "Stack defaults", "version": "1.0",
 "summary": "Adds fields with defaults to a model that already has rows",
 "depends": ["test_stack_a"]}
