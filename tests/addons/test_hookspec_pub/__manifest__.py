{"name": "Publishes a hook", "depends": ["test_stack_a"]}
