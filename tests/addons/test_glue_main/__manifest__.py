{"name": "Glue main", "version": "1.0", "summary": "Has optional glue", "depends": ["base"],
 "extras": ["test_glue_other"]}
