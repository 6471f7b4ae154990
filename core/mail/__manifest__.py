{
    "name": "Discuss",
    "version": "1.0",
    "summary": "Chatter: messages, followers, tracked changes and activities on any record",
    "category": "Hidden",
    "depends": ["base"],
    "data": [
        "security/ir.model.access.csv",
        "data/mail_message_subtype_data.xml",
        "data/mail_activity_type_data.xml",
        "views/mail_activity_type_views.xml",
        "views/mail_activity_views.xml",
        "views/mail_message_views.xml",
        "views/mail_mail_views.xml",
    ],
    "application": False,
    "license": "LGPL-3",
}
