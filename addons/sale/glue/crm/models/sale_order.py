"""The opportunity a quotation comes from (``sale.order.opportunity_id``)."""

from __future__ import annotations

from core.orm import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    opportunity_id = fields.Many2one("crm.lead", string="Opportunity", index=True,
                                     ondelete="set null", tracking=30,
                                     domain="[('type', '=', 'opportunity')]",
                                     help="The opportunity this quotation was made for.")


MODELS = [SaleOrder]
