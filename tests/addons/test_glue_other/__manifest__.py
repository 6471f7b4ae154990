{"name": "Glue other", "version": "1.0", "summary": "The optional partner", "depends": ["base"]}
