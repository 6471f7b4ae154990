{"name": "Cycle A", "depends": ["test_cycle_b"]}
