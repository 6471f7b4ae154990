{
    "name": "Rental",
    "version": "1.0",
    "summary": "Rent products out: rental orders with pickup and return, prices per hour, "
               "day or week, late returns and a schedule",
    "category": "Sales/Rental",
    "depends": ["sale"],
    "extras": ["crm"],
    "data": [
        "security/ir.model.access.csv",
        "views/product_views.xml",
        "views/sale_order_views.xml",
        "views/rental_views.xml",
        "views/rental_menus.xml",
    ],
    "demo": ["demo/rental_demo.xml"],
    "application": True,
    "license": "LGPL-3",
}
