{
    "summary": "Rentals from opportunities: the New Rental button",
    "data": ["views/crm_lead_views.xml"],
}
