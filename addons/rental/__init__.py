"""Rental: sales orders that rent products for a period, from pickup to return."""

from core.registry.hookspecs import hookimpl


@hookimpl
def erp_models() -> list[type]:
    from addons.rental.models import product, sale_order, sale_order_line

    return [*product.MODELS, *sale_order.MODELS, *sale_order_line.MODELS]
