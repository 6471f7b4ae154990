{"name": "Missing dependency", "depends": ["base", "does_not_exist"]}
