"""``crm.lead.action_new_rental_quotation`` and the rental kind of the customer question."""

from __future__ import annotations

from typing import Any

from core.i18n import Domain
from core.orm import fields, models

_ = Domain("rental")


class Lead(models.Model):
    _inherit = "crm.lead"

    def action_rental_quotations_new(self) -> dict[str, Any]:
        """The New Rental button: ask for a customer first when there is none."""
        self._check_can_quote()
        if not self.partner_id:
            return self._ask_customer("rental", _("New Rental"))
        return self.action_new_rental_quotation()

    def action_new_rental_quotation(self) -> dict[str, Any]:
        """A new rental order form, prefilled from the opportunity."""
        self._check_can_quote()
        action = self.action_new_quotation()
        rental = self.env.ref("rental.action_rental_orders").sudo()
        return {**action, "id": rental.id, "name": self.env._(rental.name),
                "context": {**action["context"], "default_is_rental_order": True}}

    def _new_quotation_action(self, kind: str) -> dict[str, Any]:
        if kind == "rental":
            return self.action_new_rental_quotation()
        return super()._new_quotation_action(kind)


class QuotationPartner(models.TransientModel):
    _inherit = "crm.quotation.partner"

    quotation_kind = fields.Selection(selection_add=[("rental", "Rental Order")],
                                      ondelete={"rental": "set default"})


MODELS = [Lead, QuotationPartner]
