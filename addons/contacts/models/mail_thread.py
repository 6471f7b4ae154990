"""The chatter with partners: customers follow documents and get sent messages by e-mail.

Extends ``mail.thread`` (every model with a chatter) for the partners this addon owns:

* ``message_subscribe(partner_ids=...)`` / ``message_unsubscribe(partner_ids=...)`` — a
  partner follows a document once; adding or removing one needs write access on it;
* ``_notify_email_recipients`` — the partner followers and the message's ``partner_ids``
  with an e-mail address, but the author's own address, get "Send message" by e-mail (:mod:`core.mail.models.mail_thread_email`);
* ``_message_get_suggested_recipients`` — the composer proposes the record's customer
  (its ``partner_id``) when they do not follow it yet, as Odoo does;
* ``_chatter_follower`` — the chatter lists partner followers with their e-mail.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from addons.contacts.models.contact_tools import normalize_email
from core.exceptions import UserError
from core.i18n import Domain
from core.orm import models

_ = Domain("contacts")


class MailThreadPartners(models.AbstractModel):
    _inherit = "mail.thread"

    # -- followers --------------------------------------------------------------------------
    def _message_subscribe_partners(self, partner_ids: list[int]) -> None:
        partners = self.env["res.partner"].browse(sorted(set(partner_ids)))
        if len(partners.exists()) != len(partners):
            raise UserError(_("This contact does not exist any more."))
        partners.check_access("read")
        table = self.env["mail.followers"]._table_obj
        existing = set(self.env.transaction.execute(
            sa.select(table.c.res_id, table.c.partner_id).where(
                table.c.res_model == self._name, table.c.res_id.in_(self.ids),
                table.c.partner_id.in_(partners.ids))).all())
        missing = [(rid, pid) for rid in self.ids for pid in partners.ids
                   if (rid, pid) not in existing]
        if missing:
            self.env["mail.followers"].sudo().create([
                {"res_model": self._name, "res_id": rid, "partner_id": pid}
                for rid, pid in missing])
        self._invalidate_chatter("message_follower_ids")

    def _partner_followers(self, partner_ids: list[int]) -> Any:
        return self.env["mail.followers"].sudo().search([
            ("res_model", "=", self._name), ("res_id", "in", self.ids),
            ("partner_id", "in", partner_ids)])

    def _follower_partners(self) -> Any:
        """The partners following the record (superuser)."""
        followers = self.env["mail.followers"].sudo().search([
            ("res_model", "=", self._name), ("res_id", "=", self.id),
            ("partner_id", "!=", False)])
        return followers.mapped("partner_id")

    # -- e-mail -----------------------------------------------------------------------------
    def _notify_email_recipients(self, message: Any) -> list[tuple]:
        result = super()._notify_email_recipients(message)
        taken = {normalize_email(message.author_id.sudo().email)} | {r[1] for r in result}
        for partner in self._follower_partners() | message.sudo().partner_ids:
            email = partner.email_normalized
            if email and email not in taken:
                taken.add(email)
                result.append((partner.name or partner.display_name, email, partner.id))
        return result

    def _notify_mail_values(self, message: Any, sender: str, recipient: tuple,
                            message_id: str) -> dict[str, Any]:
        values = super()._notify_mail_values(message, sender, recipient, message_id)
        if len(recipient) > 2:
            values["recipient_ids"] = [(6, 0, [recipient[2]])]
        return values

    # -- the chatter ------------------------------------------------------------------------
    def _chatter_follower(self, follower: Any) -> dict[str, Any] | None:
        partner = follower.partner_id
        if not partner:
            return super()._chatter_follower(follower)
        return {"id": follower.id, "user_id": False, "partner_id": partner.id,
                "name": partner.display_name, "email": partner.email or "",
                "initials": partner.avatar_initials or "?"}

    def _message_get_suggested_recipients(self) -> list[dict[str, Any]]:
        result = super()._message_get_suggested_recipients()
        field = self._fields.get("partner_id")
        if field is None or field.type != "many2one" or field.comodel_name != "res.partner":
            return result
        partner = self.partner_id
        if not partner or partner in self._follower_partners() or any(
                s["partner_id"] == partner.id for s in result):
            return result
        result.append({"partner_id": partner.id, "name": partner.display_name,
                       "email": partner.email_normalized or "",
                       "reason": _("Customer").translate(self.env.lang)})
        return result


MODELS = [MailThreadPartners]
