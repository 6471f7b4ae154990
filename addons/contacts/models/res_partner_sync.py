"""Writing contacts: clean values, and contacts that live at their company's address.

A person added to a company gets the company's address unless one is typed; when the
company moves, its contacts (of type "contact") move with it — the other addresses
(invoice, delivery) keep theirs, as in Odoo. Websites get a scheme. Changing the parent of
a contact takes the new company's address.
"""

from __future__ import annotations

from typing import Any

from addons.contacts.models.contact_tools import clean_website
from addons.contacts.models.res_partner import ADDRESS_FIELDS
from core.exceptions import ValidationError
from core.i18n import Domain
from core.orm import api, models

_ = Domain("contacts")


class PartnerSync(models.Model):
    _inherit = "res.partner"

    @api.model
    def create(self, vals_list: Any) -> Any:
        items = [vals_list] if isinstance(vals_list, dict) else list(vals_list)
        items = [self._with_parent_address(self._clean_values(vals)) for vals in items]
        return super().create(items)

    def write(self, vals: dict) -> bool:
        vals = self._clean_values(vals)
        if vals.get("parent_id"):
            self._check_no_cycle(vals["parent_id"])
        result = super().write(vals)
        if vals.get("parent_id") and not _has_address(vals):
            self._take_parent_address()
        address = {name: vals[name] for name in ADDRESS_FIELDS if name in vals}
        if address:
            self._sync_children_address(address)
        return result

    def _check_no_cycle(self, parent_id: int) -> None:
        """Refuse a parent that is one of the records or below them, before writing."""
        current, seen = self.browse(parent_id).sudo(), set()
        while current and current.id not in seen:
            if current.id in self.ids:
                raise ValidationError(_("You cannot create recursive Partner hierarchies."))
            seen.add(current.id)
            current = current.parent_id

    def _clean_values(self, vals: dict) -> dict:
        if vals.get("website"):
            vals = {**vals, "website": clean_website(vals["website"])}
        if vals.get("email") and isinstance(vals["email"], str):
            vals = {**vals, "email": vals["email"].strip()}
        return vals

    def _with_parent_address(self, vals: dict) -> dict:
        """``vals`` completed with the parent's address for a contact without one."""
        if not vals.get("parent_id") or vals.get("type", "contact") != "contact" or \
                vals.get("is_company") or _has_address(vals):
            return vals
        return {**vals, **_address_of(self.browse(vals["parent_id"]).sudo())}

    def _take_parent_address(self) -> None:
        """Contacts moved to another company take its address."""
        people = self.filtered(lambda p: p.type == "contact" and not p.is_company)
        for parent, group in people.grouped("parent_id").items():
            if parent:
                group.write(_address_of(parent.sudo()))

    def _sync_children_address(self, address: dict) -> None:
        children = self.sudo().with_context(active_test=False).search(
            [("parent_id", "in", self.ids), ("type", "=", "contact"),
             ("is_company", "=", False)])
        if children:
            children.write(address)


def _has_address(vals: dict) -> bool:
    return any(vals.get(name) for name in ADDRESS_FIELDS)


def _address_of(partner: Any) -> dict[str, Any]:
    return {name: partner._fields[name].convert_to_write(partner[name], partner)
            for name in ADDRESS_FIELDS}


MODELS = [PartnerSync]
