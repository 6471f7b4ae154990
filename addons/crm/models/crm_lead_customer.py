"""The customer of an opportunity that has none yet: found, or made from its data.

Odoo's lead conversion rules, used wherever an opportunity needs a customer — "New
Quotation" (sale) and the chatter, when a message goes to the e-mail address of an
opportunity without customer. An existing contact is found by the e-mail address, then by
the company name, contact name and title; a new one follows Odoo's rules: the company name
becomes a company, the contact name a person of that company (or on its own); without
either, a person named after the opportunity. Address, e-mail, phones, website, job
position, language and salesperson are copied.
"""

from __future__ import annotations

from email.utils import parseaddr
from typing import Any

from core.i18n import Domain
from core.orm import models

_ = Domain("crm")

ADDRESS_FIELDS = ("street", "street2", "zip", "city", "state_id", "country_id")


class LeadCustomer(models.Model):
    _inherit = "crm.lead"

    def _find_matching_partner(self, email_only: bool = False) -> Any:
        """An existing customer for this opportunity: by e-mail, then by names."""
        self.ensure_one()
        partners = self.env["res.partner"]
        if self.partner_id:
            return self.partner_id
        if self.email_normalized:
            found = partners.search([("email_normalized", "=", self.email_normalized)],
                                    limit=1)
            if found or email_only:
                return found
        if email_only:
            return partners
        for name in (self.partner_name, self.contact_name, self.name):
            if name and name.strip():
                found = partners.search([("name", "ilike", name.strip())], limit=1)
                if found:
                    return found
        return partners

    def _prepare_customer_values(self, name: str, is_company: bool, parent: Any) -> dict:
        values: dict[str, Any] = {
            "name": name, "is_company": is_company, "parent_id": parent.id if parent else False,
            "user_id": self.user_id.id, "email": self._plain_email(), "phone": self.phone,
            "mobile": self.mobile, "website": self.website,
            "function": False if is_company else self.function, "type": "contact",
            "comment": self.description,
        }
        if self.lang_id.code:
            values["lang"] = self.lang_id.code
        values.update({name_: self[name_].id if hasattr(self[name_], "_ids") else
                       self[name_] for name_ in ADDRESS_FIELDS})
        return values

    def _create_customer(self) -> Any:
        """The customer made from the opportunity (company and/or contact person)."""
        self.ensure_one()
        partners = self.env["res.partner"]
        company = partners
        if self.partner_name:
            company = partners.create(self._prepare_customer_values(
                self.partner_name, True, partners))
        contact = self.contact_name or self._name_from_email()
        if contact:
            return partners.create(self._prepare_customer_values(contact, False, company))
        if company:
            return company
        return partners.create(self._prepare_customer_values(self.name, False, partners))

    def _plain_email(self) -> str | bool:
        """The address of ``email_from`` without its display name (as Odoo's email_split)."""
        return parseaddr(self.email_from or "")[1] or self.email_from or False

    def _name_from_email(self) -> str | None:
        display, _address = parseaddr(self.email_from or "")
        return display.strip() or None

    # -- the chatter: a message to the address of an opportunity without customer --------
    def _message_get_suggested_recipients(self) -> list[dict[str, Any]]:
        result = super()._message_get_suggested_recipients()
        if len(self) != 1 or self.partner_id or not self.email_normalized:
            return result
        existing = self._find_matching_partner(email_only=True)
        reason = self.env._(_("Customer Email"))
        if existing:
            if existing not in self._follower_partners():
                result.append({"partner_id": existing.id, "name": existing.display_name,
                               "email": existing.email_normalized or "", "reason": reason})
            return result
        name = self.contact_name or self._name_from_email() or self.partner_name or ""
        result.append({"partner_id": "new", "name": name or self.email_normalized,
                       "email": self.email_normalized, "reason": reason})
        return result

    def _message_create_suggested_partner(self) -> Any:
        """The customer made when the user checks the opportunity's e-mail address: it
        becomes the opportunity's customer, as Odoo does when mailing a lead."""
        self.ensure_one()
        partner = self._find_matching_partner(email_only=True) or self._create_customer()
        self.write({"partner_id": partner.id})
        return partner


MODELS = [LeadCustomer]
