{"name": "Stack A", "version": "1.0", "summary": "Base of the stacking test", "depends": ["base"]}
