{
    "name": "Web Client Test",
    "version": "1.0",
    "summary": "Tasks with stages, tags and activities: every view type of the web client",
    "category": "Tests",
    "depends": ["base"],
    "data": [
        "security/ir.model.access.csv",
        "data/test_web_data.xml",
        "views/test_web_task_views.xml",
        "views/test_web_menus.xml",
    ],
    "demo": ["data/test_web_demo.xml"],
    "application": True,
}
