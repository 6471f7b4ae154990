"""The printable quotation: ``/sale/order/<id>/print``, an HTML page the browser prints.

The same rendering serves the page (print-friendly stylesheet, a Print button) and the
e-mail sent by "Send" (stylesheet embedded). The page is read as the signed-in user, so the
ORM's access rules decide who may see it: another salesperson's quotation answers with the
usual "access denied" page, a deleted one with "not found". Texts are in the customer's
language when printing for the customer (e-mail), in the user's on screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup
from werkzeug.exceptions import NotFound
from werkzeug.routing import Rule
from werkzeug.wrappers import Response

from core.i18n import format_currency, format_date, format_decimal, gettext
from core.web.app import RequestContext, Route
from core.web.client.page import security_headers
from core.web.client.templating import render

DOMAIN = "sale"
CSS_FILE = Path(__file__).resolve().parent / "static" / "src" / "print.css"


def _translator(lang: str) -> Any:
    def translate(message: str, **variables: Any) -> str:
        text = gettext(DOMAIN, message, lang)
        return text % variables if variables else text
    return translate


def document_values(order: Any, lang: str) -> dict[str, Any]:
    """Everything the printed quotation shows, formatted in ``lang``."""
    currency = order.currency_id
    digits = currency.decimal_places

    def money(amount: float) -> str:
        if currency.name and len(currency.name) == 3:
            return format_currency(amount, currency.name, lang)
        return format_decimal(amount, lang, digits)

    lines = [{"name": line.name or "", "quantity": format_decimal(line.product_uom_qty, lang, 2),
              "uom": line.product_uom.with_context(lang=lang).name or "",
              "price_unit": format_decimal(line.price_unit, lang, 2),
              "discount": format_decimal(line.discount, lang, 2) if line.discount else "",
              "taxes": ", ".join(line.tax_id.with_context(lang=lang).mapped("name")),
              "subtotal": money(line.price_subtotal)} for line in order.order_line]
    taxes = [{"name": t["name"], "amount": money(t["amount"]), "base": money(t["base"])}
             for t in order.with_context(lang=lang)._tax_totals()]
    return {
        "order": order, "company": order.company_id.sudo(), "lines": lines, "taxes": taxes,
        "title": f"{order.with_context(lang=lang).type_name} {order.name}",
        "partner": order.partner_id.sudo(), "invoice_address": order.partner_invoice_id.sudo(),
        "date_order": format_date(order.date_order, lang),
        "validity_date": format_date(order.validity_date, lang) if order.validity_date else "",
        "salesperson": order.user_id.sudo().name or "",
        "untaxed": money(order.amount_untaxed), "tax": money(order.amount_tax),
        "total": money(order.amount_total), "has_discount": any(row["discount"] for row in lines),
        "note": Markup(order.note or ""), "payment_term": order.payment_term or "",
    }


def render_document(order: Any, lang: str, embed_css: bool = False) -> Markup:
    """The quotation as a complete HTML document."""
    css = Markup(CSS_FILE.read_text(encoding="utf-8")) if embed_css else None
    return render(order.env.registry, "sale/quotation_print.html", _=_translator(lang),
                  lang=lang, css=css, back_url=None, **document_values(order, lang))


def print_order(ctx: RequestContext) -> Response:
    env = ctx.env()
    order = env["sale.order"].browse(ctx.args["order_id"])._existing()  # deleted: 404
    if not order:
        raise NotFound()
    order.check_access("read")                                            # hidden: 403
    values = document_values(order, ctx.lang)
    html = render(ctx.registry, "sale/quotation_print.html", _=_translator(ctx.lang),
                  lang=ctx.lang, css=None, back_url=f"/web/model/sale.order/form/{order.id}",
                  **values)
    response = Response(str(html), content_type="text/html; charset=utf-8")
    return security_headers(response)


ROUTES = [
    Rule("/sale/order/<int:order_id>/print", endpoint=Route(print_order, auth="user"),
         methods=["GET"]),
]
