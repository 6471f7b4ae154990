{
    "name": "Broken View",
    "version": "1.0",
    "summary": "A view naming a field that does not exist: refused at install",
    "depends": ["test_web"],
    "data": ["views/bad_views.xml"],
}
