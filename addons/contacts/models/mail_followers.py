"""Partners follow documents too: ``mail.followers.partner_id`` (the contacts addon's).

A follower is either a user (notified in the application) or a partner — a customer or
any contact, who gets the messages *sent* on the document by e-mail
(:mod:`addons.contacts.models.mail_thread`). A partner follows a document once; deleting
the partner deletes what they followed. Access stays the document's (see
:mod:`core.mail.access`): reading followers needs the right to read the document,
adding or removing a partner the right to write it.
"""

from __future__ import annotations

from core.exceptions import ValidationError
from core.i18n import Domain
from core.mail.models.mail_followers import Followers as UserFollowers
from core.orm import api, fields, models

_ = Domain("contacts")


class Followers(models.Model):
    _inherit = "mail.followers"
    _sql_constraints = [
        *UserFollowers._sql_constraints,
        ("mail_followers_res_partner_res_model_id_uniq",
         "unique(res_model, res_id, partner_id)",
         _("Error, a partner cannot follow twice the same object.")),
        ("partner_xor_user", "CHECK((user_id IS NULL) <> (partner_id IS NULL))",
         _("A follower is either a user or a partner.")),
    ]

    user_id = fields.Many2one("res.users", string="Related User", required=False,
                              index=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Related Partner", index=True,
                                 ondelete="cascade")
    name = fields.Char(compute="_compute_name", related=None, string="Name")
    email = fields.Char(compute="_compute_name", string="Email")

    @api.depends("user_id.name", "partner_id.name", "partner_id.email")
    def _compute_name(self) -> None:
        for follower in self:
            who = follower.partner_id or follower.user_id
            follower.name = who.display_name if follower.partner_id else who.name
            follower.email = who.email or False

    @api.constrains("user_id", "partner_id")
    def _check_user_or_partner(self) -> None:
        for follower in self:
            if bool(follower.user_id) == bool(follower.partner_id):
                raise ValidationError(_("A follower is either a user or a partner."))


MODELS = [Followers]
