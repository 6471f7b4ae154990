"""``crm.quotation.partner``: "New Quotation" on an opportunity without a customer.

The dialog offers to create the customer from the opportunity's data or to link an
existing one — suggested by the opportunity's e-mail address, then by its company name,
contact name and title, as Odoo's lead conversion does. "Confirm" writes the customer on
the opportunity and continues to the new quotation (or, with rental installed, to the new
rental order: ``quotation_kind``).

Creating the customer follows Odoo's rules: the company name becomes a company, the
contact name a person of that company (or on its own); without either, a person named
after the opportunity. Address, e-mail, phones, website, job position, language,
salesperson and sales team are copied.
"""

from __future__ import annotations

from typing import Any

from core.exceptions import UserError
from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("sale")

ADDRESS_FIELDS = ("street", "street2", "zip", "city", "state_id", "country_id")


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
            wizard.partner_id = wizard.lead_id._quotation_partner_match() \
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
            partner = lead._create_quotation_customer()
        lead.write({"partner_id": partner.id})
        return lead._new_quotation_action(self.quotation_kind)


class LeadCustomer(models.Model):
    _inherit = "crm.lead"

    def _quotation_partner_match(self) -> Any:
        """An existing customer for this opportunity: by e-mail, then by names."""
        self.ensure_one()
        partners = self.env["res.partner"]
        if self.partner_id:
            return self.partner_id
        if self.email_normalized:
            found = partners.search([("email_normalized", "=", self.email_normalized)],
                                    limit=1)
            if found:
                return found
        for name in (self.partner_name, self.contact_name, self.name):
            if name and name.strip():
                found = partners.search([("name", "ilike", name.strip())], limit=1)
                if found:
                    return found
        return partners

    def _quotation_customer_values(self, name: str, is_company: bool, parent: Any) -> dict:
        values: dict[str, Any] = {
            "name": name, "is_company": is_company, "parent_id": parent.id if parent else False,
            "user_id": self.user_id.id, "email": self.email_from, "phone": self.phone,
            "mobile": self.mobile, "website": self.website,
            "function": False if is_company else self.function, "type": "contact",
            "comment": self.description,
        }
        if self.lang_id.code:
            values["lang"] = self.lang_id.code
        values.update({name_: self[name_].id if hasattr(self[name_], "_ids") else
                       self[name_] for name_ in ADDRESS_FIELDS})
        return values

    def _create_quotation_customer(self) -> Any:
        """The customer made from the opportunity (company and/or contact person)."""
        self.ensure_one()
        partners = self.env["res.partner"]
        company = partners
        if self.partner_name:
            company = partners.create(self._quotation_customer_values(
                self.partner_name, True, partners))
        contact = self.contact_name or self._name_from_email()
        if contact:
            return partners.create(self._quotation_customer_values(contact, False, company))
        if company:
            return company
        return partners.create(self._quotation_customer_values(self.name, False, partners))

    def _name_from_email(self) -> str | None:
        from email.utils import parseaddr
        display, _address = parseaddr(self.email_from or "")
        return display.strip() or None


MODELS = [QuotationPartner, LeadCustomer]
