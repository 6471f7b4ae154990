{
    "name": "Web Client Test Extension",
    "version": "1.0",
    "summary": "Extends the tasks of test_web: a field, a header button, a menu",
    "depends": ["test_web"],
    "data": ["views/task_ext_views.xml"],
}
