{
    "name": "ORM test models",
    "version": "1.0",
    "summary": "Models exercising every field type, computed fields and constraints",
    "depends": ["base"],
    "data": ["data/test_orm_data.xml"],
    "demo": ["data/test_orm_demo.xml"],
}
