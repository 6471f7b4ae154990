"""Rental and CRM together (loaded only while both are installed, in either order).

Opportunities get the "New Rental" button next to "New Quotation": the same customer
question, the same data carried over, and a rental order opens instead of a quotation.
The opportunity's Quotations and Orders buttons already count rental orders (they are
sales orders), so nothing else changes — and uninstalling rental takes only the button.
"""

from core.registry.hookspecs import hookimpl


@hookimpl
def erp_models() -> list[type]:
    from addons.rental.glue.crm import models

    return models.MODELS
