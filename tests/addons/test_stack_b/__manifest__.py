{"name": "Stack B", "version": "1.0", "summary": "Extends test.stack", "depends": ["test_stack_a"]}
