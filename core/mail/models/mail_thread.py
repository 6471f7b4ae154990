"""``mail.thread``: the chatter of a model — messages, followers, history.

A model gets a chatter by inheriting the mixin::

    class Lead(models.Model):
        _name = "crm.lead"
        _inherit = ["mail.thread", "mail.activity.mixin"]
        user_id = fields.Many2one("res.users", tracking=True)

and then has ``message_ids`` and ``message_follower_ids``; its creator and the users of its
tracked user fields follow it; ``message_post`` sends a message to the followers (subtype
``mail.mt_comment``) or logs an internal note (``mail.mt_note``, the default); deleting a
record deletes its chatter. Tracked field changes are written by
:mod:`core.mail.models.mail_thread_tracking`, the chatter's data for the web client comes
from :mod:`core.mail.models.mail_thread_chatter`.

Context keys (Odoo's): ``tracking_disable`` (no messages, no followers: imports),
``mail_create_nolog`` (no "created" message), ``mail_create_nosubscribe`` (the creator does
not follow), ``mail_notrack`` (no tracking messages).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from markupsafe import Markup

from core.exceptions import AccessError, UserError
from core.i18n import Domain
from core.mail.html import plain_to_html
from core.orm import SUPERUSER_ID, api, fields, models
from core.tools.context import clean_context

_ = Domain("mail")


class MailThread(models.AbstractModel):
    _name = "mail.thread"
    _description = "Email Thread"
    #: The right on the document needed to post on it.
    _mail_post_access = "write"

    message_ids = fields.One2many("mail.message", string="Messages",
                                  compute="_compute_message_ids")
    message_follower_ids = fields.One2many("mail.followers", string="Followers",
                                           compute="_compute_message_follower_ids")
    message_is_follower = fields.Boolean(string="Is Follower",
                                         compute="_compute_message_is_follower",
                                         search="_search_message_is_follower")

    # -- computes (one query for the whole batch) --------------------------------------------
    def _document_rows(self, model_name: str, model_column: str, order: Any = None
                       ) -> dict[int, list[int]]:
        """``{res_id: [ids]}`` of ``model_name`` rows attached to the records of ``self``."""
        result: dict[int, list[int]] = {rid: [] for rid in self.ids}
        if not result:
            return result
        table = self.env[model_name]._table_obj
        stmt = sa.select(table.c.id, table.c.res_id).where(
            table.c[model_column] == self._name, table.c.res_id.in_(list(result)))
        if order is not None:
            stmt = stmt.order_by(*order(table))
        for rid, res_id in self.env.transaction.execute(stmt).all():
            result[res_id].append(rid)
        return result

    def _compute_message_ids(self) -> None:
        rows = self._document_rows("mail.message", "model", lambda t: [t.c.id.desc()])
        messages = self.env["mail.message"]
        for record in self:
            record.message_ids = messages.browse(rows.get(record.id, []))

    def _compute_message_follower_ids(self) -> None:
        rows = self._document_rows("mail.followers", "res_model", lambda t: [t.c.id])
        followers = self.env["mail.followers"]
        for record in self:
            record.message_follower_ids = followers.browse(rows.get(record.id, []))

    @api.depends_context("uid")
    def _compute_message_is_follower(self) -> None:
        followed = set(self._followed_ids(self.env.uid))
        for record in self:
            record.message_is_follower = record.id in followed

    def _search_message_is_follower(self, operator: str, value: Any) -> list:
        positive = (operator == "=") == bool(value)
        return [("id", "in" if positive else "not in", self._followed_ids(self.env.uid))]

    def _followed_ids(self, user_id: int) -> list[int]:
        table = self.env["mail.followers"]._table_obj
        stmt = sa.select(table.c.res_id).where(table.c.res_model == self._name,
                                                table.c.user_id == user_id)
        if self.ids:
            stmt = stmt.where(table.c.res_id.in_(self.ids))
        return list(self.env.transaction.execute(stmt).scalars().all())

    def _invalidate_chatter(self, *names: str) -> None:
        fields_ = [self._fields[n] for n in names]
        self.env.transaction.cache.invalidate(fields_, self._ids)

    # -- followers --------------------------------------------------------------------------
    def message_subscribe(self, user_ids: Iterable[int] | None = None,
                          partner_ids: Iterable[int] | None = None) -> bool:
        """Make users and partners follow the records (others than oneself need write)."""
        users, partners = _ids(user_ids), _ids(partner_ids)
        self.check_access("write" if set(users) - {self.env.uid} or partners else "read")
        self.sudo()._message_subscribe_pairs([(rid, uid) for rid in self.ids for uid in users])
        if partners:
            self._message_subscribe_partners(partners)
        return True

    def message_unsubscribe(self, user_ids: Iterable[int] | None = None,
                            partner_ids: Iterable[int] | None = None) -> bool:
        """Stop users and partners following the records (others than oneself: write)."""
        users, partners = _ids(user_ids), _ids(partner_ids)
        self.check_access("write" if set(users) - {self.env.uid} or partners else "read")
        followers = self.env["mail.followers"].sudo().search([
            ("res_model", "=", self._name), ("res_id", "in", self.ids),
            ("user_id", "in", users)]) if users else self.env["mail.followers"].sudo()
        if partners:
            followers |= self.sudo()._partner_followers(partners)
        followers.unlink()
        self._invalidate_chatter("message_follower_ids", "message_is_follower")
        return True

    def _message_subscribe_partners(self, partner_ids: list[int]) -> None:
        """Subscribe partners (the contacts addon, which owns ``res.partner``, does)."""
        raise UserError(_("Partners can follow documents once the Contacts app is "
                          "installed."))

    def _partner_followers(self, partner_ids: list[int]) -> Any:
        """The followers of the records that are these partners (contacts addon)."""
        raise UserError(_("Partners can follow documents once the Contacts app is "
                          "installed."))

    def _message_subscribe_pairs(self, pairs: Iterable[tuple[int, int]]) -> None:
        """Subscribe each ``(res_id, user_id)`` not yet following (one query, one insert)."""
        wanted = {(rid, uid) for rid, uid in pairs if rid and uid and uid != SUPERUSER_ID}
        if not wanted:
            return
        table = self.env["mail.followers"]._table_obj
        res_ids = sorted({rid for rid, _uid in wanted})
        existing = set(self.env.transaction.execute(
            sa.select(table.c.res_id, table.c.user_id).where(
                table.c.res_model == self._name, table.c.res_id.in_(res_ids))).all())
        missing = sorted(wanted - existing)
        if missing:
            self.env["mail.followers"].sudo().create([
                {"res_model": self._name, "res_id": rid, "user_id": uid}
                for rid, uid in missing])
        self.browse(res_ids)._invalidate_chatter("message_follower_ids", "message_is_follower")

    @classmethod
    def _message_auto_subscribe_fields(cls) -> tuple[str, ...]:
        """Tracked user fields: whoever they name follows the record (the salesperson)."""
        cached = cls.__dict__.get("_auto_subscribe_cache")
        if cached is None:
            cached = tuple(name for name, field in cls._fields.items()
                           if field.type == "many2one" and field.comodel_name == "res.users"
                           and field.tracking and field.store)
            cls._auto_subscribe_cache = cached
        return cached

    def _message_subscribe_user_fields(self, names: Iterable[str]) -> None:
        fields_ = [n for n in self._message_auto_subscribe_fields() if n in set(names)]
        if not fields_:
            return
        records = self.sudo()
        pairs = [(rec.id, rec[name].id) for rec in records for name in fields_ if rec[name]]
        records._message_subscribe_pairs(pairs)

    # -- creation and deletion ----------------------------------------------------------------
    @api.model
    def create(self, vals_list: Any) -> Any:
        records = super().create(vals_list)
        context = self.env.context
        if context.get("tracking_disable") or not records:
            return records
        creator = [] if context.get("mail_create_nosubscribe") else [self.env.uid]
        pairs = [(rid, uid) for rid in records.ids for uid in creator]
        records._message_subscribe_pairs(pairs)
        records._message_subscribe_user_fields(self._message_auto_subscribe_fields())
        if not context.get("mail_create_nolog"):
            records._message_log_creation()
        return records

    def _creation_subtype(self) -> Any:
        """The subtype of the "created" message (an addon may give its own)."""
        return self.env.ref("mail.mt_note", raise_if_not_found=False)

    def _creation_message(self, lang: str) -> str:
        return _("%(document)s created", document=self.with_context(
            lang=lang)._description_text()).translate(lang)

    def _message_log_creation(self) -> None:
        """The "created" message. With a subtype of its own (crm's "Opportunity Created")
        it has no body, as in Odoo, and the chatter words it in the reader's language;
        with the generic note subtype the text is written in the author's."""
        lang = self._author_lang()
        subtype = self._creation_subtype()
        generic = not subtype or subtype == self.env.ref("mail.mt_note",
                                                         raise_if_not_found=False)
        body = plain_to_html(self._creation_message(lang)) if generic else ""
        self._message_create_many([
            {"res_id": rid, "body": body, "subtype_id": subtype.id if subtype else False}
            for rid in self.ids])

    def unlink(self) -> bool:
        model, ids = self._name, self.ids
        result = super().unlink()
        if ids:
            env = self.env(su=True)
            for comodel, column in (("mail.activity", "res_model"),
                                    ("mail.followers", "res_model"), ("mail.message", "model")):
                env[comodel].search([(column, "=", model), ("res_id", "in", ids)]).unlink()
        return result

    # -- posting ----------------------------------------------------------------------------
    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, body: Any = "", subject: str | None = None,
                     message_type: str = "notification", subtype_xmlid: str | None = None,
                     subtype_id: int | bool = False, user_ids: Iterable[int] | None = None,
                     partner_ids: Iterable[int] | None = None, author_id: int | None = None,
                     body_is_html: bool = False, mail_activity_type_id: int | bool = False
                     ) -> Any:
        """Post on the record: send a message to the followers or log an internal note.

        "Send message" = ``message_type="comment", subtype_xmlid="mail.mt_comment"``: the
        followers (but the author) and ``user_ids`` are its recipients, and the followers
        outside and the contacts of ``partner_ids`` (with the contacts addon) get it by
        e-mail (:mod:`core.mail.models.mail_thread_email`). "Log note" =
        ``subtype_xmlid="mail.mt_note"`` (the default): only ``user_ids`` (mentions) are.
        ``body`` is text unless ``body_is_html`` or given as Markup. ``author_id`` (another
        user than oneself) is for trusted code only.
        """
        self.ensure_one()
        partners = sorted(set(partner_ids or []))
        if partners and "partner_ids" not in self.env["mail.message"]._fields:
            raise UserError(_("Contacts can receive messages once the Contacts app is "
                              "installed."))
        if not self.env.su:
            self.check_access(self._mail_post_access)
            if author_id and author_id != self.env.uid:
                raise AccessError(_("You can only post messages in your own name."))
        subtype = self._resolve_subtype(subtype_xmlid, subtype_id)
        author = author_id or self.env.uid
        recipients = set(user_ids or [])
        if not subtype.internal:
            recipients |= set(self._follower_user_ids()) - {author}
        html = Markup(body) if body_is_html else plain_to_html(body)
        message = self._message_create_many([{
            "res_id": self.id, "body": html, "subject": subject, "message_type": message_type,
            "subtype_id": subtype.id, "author_id": author,
            "mail_activity_type_id": mail_activity_type_id,
            "recipient_ids": [(6, 0, sorted(recipients))],
            **({"partner_ids": [(6, 0, self._readable_partners(partners))]} if partners
               else {})}])
        self._notify(message)
        return message.with_env(self.env)  # the caller's rights, not the creation's sudo

    def _readable_partners(self, partner_ids: list[int]) -> list[int]:
        """``partner_ids`` if they all exist and the user may read them."""
        partners = self.env["res.partner"].browse(partner_ids)
        if len(partners.exists()) != len(partners):
            raise UserError(_("This contact does not exist any more."))
        partners.check_access("read")
        return partners.ids

    def _message_log(self, body: Any = "", subtype_xmlid: str | None = None,
                     author_id: int | None = None, message_type: str = "notification",
                     mail_activity_type_id: int | bool = False) -> Any:
        """Log an internal message without notifying anyone (no access check: trusted)."""
        self.ensure_one()
        subtype = self._resolve_subtype(subtype_xmlid or "mail.mt_note", False)
        return self._message_create_many([{
            "res_id": self.id, "body": plain_to_html(body), "subtype_id": subtype.id,
            "message_type": message_type, "author_id": author_id or self.env.uid,
            "mail_activity_type_id": mail_activity_type_id}])

    def _message_create_many(self, vals_list: list[dict]) -> Any:
        """Create messages of these records in one batch (record names filled in)."""
        records = self.sudo().with_context(active_test=False)
        names = {rec.id: rec.display_name for rec in records.browse(
            [v["res_id"] for v in vals_list])}
        internal = self._internal_subtype_ids()
        messages = self.env["mail.message"].sudo().with_context(
            clean_context(self.env.context)).create([{
            "model": self._name, "record_name": names.get(vals["res_id"]),
            "author_id": self.env.uid, "is_internal": vals.get("subtype_id") in internal,
            **vals} for vals in vals_list])
        self.browse([v["res_id"] for v in vals_list])._invalidate_chatter("message_ids")
        return messages

    def _resolve_subtype(self, xmlid: str | None, subtype_id: int | bool) -> Any:
        subtypes = self.env["mail.message.subtype"].sudo()
        if subtype_id:
            return subtypes.browse(subtype_id)
        subtype = self.env.ref(xmlid or "mail.mt_note", raise_if_not_found=False)
        if subtype is None:
            raise UserError(_("Unknown message subtype %(xmlid)s.", xmlid=xmlid))
        return subtype.sudo()

    def _internal_subtype_ids(self) -> set[int]:
        memo = self.env.transaction.memo
        if "mail.internal_subtypes" not in memo:
            memo["mail.internal_subtypes"] = set(self.env["mail.message.subtype"].sudo().search(
                [("internal", "=", True)]).ids)
        return memo["mail.internal_subtypes"]

    def _follower_user_ids(self) -> list[int]:
        table = self.env["mail.followers"]._table_obj
        return list(self.env.transaction.execute(sa.select(table.c.user_id).where(
            table.c.res_model == self._name, table.c.res_id == self.id,
            table.c.user_id.is_not(None))).scalars().all())

    def _notify(self, message: Any) -> None:
        """Notify a posted message: in-app to its users (and the ``erp_mail_notify`` hook),
        by e-mail to the followers outside (:mod:`core.mail.models.mail_thread_email`)."""
        recipients = message.sudo().recipient_ids
        if recipients:
            hook = self.env.registry.plugin_manager.hook.erp_mail_notify
            hook(env=self.env, message=message.sudo(), recipients=recipients)
        self._notify_by_email(message)

    def _author_lang(self) -> str:
        """The language of the user making the change (their preference, else the context)."""
        return self.env.user.lang or self.env.lang


def _ids(values: Iterable[Any] | None) -> list[int]:
    return [int(v) for v in (values or [])]


MODELS = [MailThread]
