{"name": "Broken", "version": "1.0", "summary": "Fails while loading data", "depends": ["test_stack_a"],
 "data": ["data/broken.xml"]}
