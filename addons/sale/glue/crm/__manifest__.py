{
    "summary": "Quotations from opportunities: the New Quotation button, the Quotations and "
               "Orders buttons and the sales figures of the teams' overview",
    "data": [
        "security/ir.model.access.csv",
        "views/crm_quotation_partner_views.xml",
        "views/crm_lead_views.xml",
        "views/sale_order_views.xml",
        "views/crm_team_views.xml",
        "views/crm_menus.xml",
    ],
}
