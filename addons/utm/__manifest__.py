{
    "name": "UTM Trackers",
    "version": "1.0",
    "summary": "Campaigns, mediums and sources: where a lead or an order came from",
    "category": "Marketing",
    "depends": ["base"],
    "data": [
        "security/ir.model.access.csv",
        "data/utm_data.xml",
        "views/utm_views.xml",
    ],
    "application": False,
    "license": "LGPL-3",
}
