{"name": "Misspelt hook", "depends": ["base"]}
