{"name": "Data files", "version": "1.0", "summary": "Exercises XML and CSV data loading",
 "depends": ["test_orm"], "data": ["data/test.tag.csv", "data/records.xml"]}
