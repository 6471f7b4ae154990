"""Contact data of an opportunity: taken from the customer, written back to it.

Choosing a customer fills the contact name, company name, job position, e-mail, phone,
mobile, website, language and address from it; each stays editable. The address is
copied all or nothing (never a street of one partner with the city of another). Changing
the e-mail or phone on an opportunity linked to a customer updates the customer too — the
form says so beforehand (``ribbon_message``).

Each compute keeps the opportunity's own value when the customer has none; that value is
read from the database, because the cache no longer holds it while recomputing.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from addons.contacts.models.contact_tools import normalize_email
from core.i18n import Domain
from core.orm import api, models

_ = Domain("crm")

ADDRESS_FIELDS = ("street", "street2", "zip", "city", "state_id", "country_id")


class LeadContact(models.Model):
    _inherit = "crm.lead"

    def _previous_values(self, names: tuple[str, ...]) -> dict[int, dict[str, Any]]:
        """The stored values of ``names`` (cache format) for the records being computed;
        in-memory records use their origin's."""
        origin = {rid: getattr(rid, "origin", rid) for rid in self._ids}
        ids = [oid for oid in origin.values() if isinstance(oid, int)]
        table = self._table_obj
        rows = {}
        if ids:
            stmt = sa.select(table.c.id, *[table.c[n] for n in names]).where(table.c.id.in_(ids))
            for row in self.env.transaction.execute(stmt).all():
                rows[row[0]] = {n: self._fields[n].convert_from_column(v)
                                for n, v in zip(names, row[1:])}
        return {rid: rows.get(oid, {}) for rid, oid in origin.items()}

    def _keep_or_take(self, name: str, value_of: Any) -> None:
        """Set ``name`` from the customer (``value_of(partner)``) or keep the current one."""
        keep = []
        for lead in self:
            value = value_of(lead.partner_id) if lead.partner_id else False
            if value:
                lead[name] = value
            else:
                keep.append(lead)
        if not keep:
            return
        field = self._fields[name]
        previous = self.browse([lead._ids[0] for lead in keep])._previous_values((name,))
        for lead in keep:
            lead[name] = field.convert_to_record(previous[lead._ids[0]].get(name), lead)

    @api.depends("partner_id")
    def _compute_contact_name(self) -> None:
        self._keep_or_take("contact_name", lambda p: p.name if not p.is_company else False)

    @api.depends("partner_id")
    def _compute_partner_name(self) -> None:
        self._keep_or_take("partner_name", lambda p: p.name if p.is_company else
                           p.parent_id.name)

    @api.depends("partner_id")
    def _compute_function(self) -> None:
        self._keep_or_take("function", lambda p: p.function)

    @api.depends("partner_id")
    def _compute_mobile(self) -> None:
        self._keep_or_take("mobile", lambda p: p.mobile)

    @api.depends("partner_id")
    def _compute_website(self) -> None:
        self._keep_or_take("website", lambda p: p.website)

    @api.depends("partner_id.email")
    def _compute_email_from(self) -> None:
        self._keep_or_take("email_from", lambda p: p.email)

    @api.depends("partner_id.phone")
    def _compute_phone(self) -> None:
        self._keep_or_take("phone", lambda p: p.phone)

    @api.depends("partner_id")
    def _compute_lang_id(self) -> None:
        codes = {p.lang for p in self.mapped("partner_id") if p.lang}
        langs = self.env["res.lang"].with_context(active_test=False).search(
            [("code", "in", sorted(codes))]) if codes else self.env["res.lang"]
        by_code = {lang.code: lang for lang in langs}
        self._keep_or_take("lang_id", lambda p: by_code.get(p.lang, False))

    @api.depends("partner_id")
    def _compute_street(self) -> None:
        """The six address fields, copied together when the customer has an address."""
        previous = self._previous_values(ADDRESS_FIELDS)
        for lead in self:
            partner = lead.partner_id
            if partner and any(partner[name] for name in ADDRESS_FIELDS):
                for name in ADDRESS_FIELDS:
                    lead[name] = partner[name]
                continue
            for name in ADDRESS_FIELDS:
                lead[name] = self._fields[name].convert_to_record(
                    previous[lead._ids[0]].get(name), lead)

    @api.depends("email_from")
    def _compute_email_normalized(self) -> None:
        for lead in self:
            lead.email_normalized = normalize_email(lead.email_from) or False

    @api.depends("email_from")
    def _compute_email_state(self) -> None:
        for lead in self:
            if not lead.email_from:
                lead.email_state = False
            else:
                lead.email_state = "correct" if normalize_email(lead.email_from) \
                    else "incorrect"

    @api.depends("phone")
    def _compute_phone_state(self) -> None:
        for lead in self:
            digits = sum(ch.isdigit() for ch in lead.phone or "")
            if not lead.phone:
                lead.phone_state = False
            else:
                lead.phone_state = "correct" if 6 <= digits <= 15 and not any(
                    ch.isalpha() for ch in lead.phone) else "incorrect"

    @api.depends("email_from", "phone", "partner_id")
    def _compute_ribbon_message(self) -> None:
        for lead in self:
            email, phone = lead._partner_updates()
            if email and phone:
                text = _("By saving this change, the customer email and phone number will "
                         "also be updated.")
            elif email:
                text = _("By saving this change, the customer email will also be updated.")
            elif phone:
                text = _("By saving this change, the customer phone number will also be "
                         "updated.")
            else:
                lead.ribbon_message = False
                continue
            lead.ribbon_message = self.env._(text)

    def _partner_updates(self) -> tuple[bool, bool]:
        """Whether saving would change the customer's (e-mail, phone)."""
        partner = self.partner_id
        if not partner:
            return False, False
        email = bool(self.email_from) and normalize_email(self.email_from) != \
            normalize_email(partner.email)
        phone = bool(self.phone) and (self.phone or "") != (partner.phone or "")
        return email, phone

    def _sync_partner_contact(self, vals_list: list[dict]) -> None:
        """Write an e-mail or phone typed on the opportunity to its customer."""
        for lead, vals in zip(self, vals_list):
            if not ({"email_from", "phone"} & set(vals)) or not lead.partner_id:
                continue
            email, phone = lead._partner_updates()
            values = {}
            if email and "email_from" in vals:
                values["email"] = lead.email_from
            if phone and "phone" in vals:
                values["phone"] = lead.phone
            if values:
                lead.partner_id.write(values)


MODELS = [LeadContact]
