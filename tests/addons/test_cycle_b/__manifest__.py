{"name": "Cycle B", "depends": ["test_cycle_a"]}
