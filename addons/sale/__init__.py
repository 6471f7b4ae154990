"""Sales: products, quotations and sales orders, their printing and sending, invoices."""

from core.registry.hookspecs import hookimpl


@hookimpl
def erp_models() -> list[type]:
    from addons.sale.models import (
        account_move,
        account_tax,
        crm_team,
        product,
        res_partner,
        sale_order,
        sale_order_actions,
        sale_order_invoice,
        sale_order_line,
    )

    return [
        *product.MODELS, *account_tax.MODELS, *sale_order.MODELS, *sale_order_line.MODELS,
        *sale_order_actions.MODELS, *account_move.MODELS, *sale_order_invoice.MODELS,
        *crm_team.MODELS, *res_partner.MODELS,
    ]


@hookimpl
def erp_web_routes() -> list:
    from addons.sale import printing

    return printing.ROUTES
