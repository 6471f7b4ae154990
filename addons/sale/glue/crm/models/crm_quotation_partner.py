"""``crm.quotation.partner``: "New Quotation" on an opportunity without a customer.

The dialog offers to create the customer from the opportunity's data or to link an
existing one — suggested by the opportunity's e-mail address, then by its company name,
contact name and title, as Odoo's lead conversion does. "Confirm" writes the customer on
the opportunity and continues to the new quotation (or, with rental installed, to the new
rental order: ``quotation_kind``).

Finding and creating the customer is crm's (``crm.lead._find_matching_partner`` and
``_create_customer``, :mod:`addons.crm.models.crm_lead_customer`).
"""

from __future__ import annotations

from typing import Any

from core.exceptions import UserError
from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("sale")

class QuotationPartner(models.TransientModel):
    _name = "crm.quotation.partner"
    _description = "Create new or use existing Customer on new Quotation"

    lead_id = fields.Many2one("crm.lead", string="Associated Lead", required=True,
                              ondelete="cascade")
    action = fields.Selection([("create", "Create a new customer"),
                               ("exist", "Link to an existing customer")],
                              string="Quotation Customer", required=True,
                              compute="_compute_action", store=True, readonly=False)
    partner_id = fields.Many2one("res.partner", string="Customer",
                                 compute="_compute_partner_id", store=True, readonly=False)
    quotation_kind = fields.Selection([("sale", "Quotation")], string="Continue With",
                                      required=True, default="sale", readonly=True)
    lead_summary = fields.Text(string="Opportunity", compute="_compute_lead_summary")

    @api.depends("lead_id")
    def _compute_partner_id(self) -> None:
        for wizard in self:
            wizard.partner_id = wizard.lead_id._find_matching_partner() \
                if wizard.lead_id else False

    @api.depends("partner_id")
    def _compute_action(self) -> None:
        for wizard in self:
            wizard.action = "exist" if wizard.partner_id else "create"

    @api.depends("lead_id")
    def _compute_lead_summary(self) -> None:
        for wizard in self:
            lead = wizard.lead_id
            parts = [lead.name, lead.partner_name, lead.contact_name, lead.email_from,
                     lead.phone]
            wizard.lead_summary = "\n".join(p for p in parts if p) or False

    def action_apply(self) -> dict[str, Any]:
        """Confirm: link or create the customer, then open the new quotation."""
        self.ensure_one()
        lead = self.lead_id
        lead._check_can_quote()
        if self.action == "exist":
            if not self.partner_id:
                raise UserError(_("Choose the existing customer to link, or create a new "
                                  "one."))
            partner = self.partner_id
        else:
            partner = lead._create_customer()
        lead.write({"partner_id": partner.id})
        return lead._new_quotation_action(self.quotation_kind)


MODELS = [QuotationPartner]
