"""``res.partner.category``: tags that sort contacts ("Customer", "Supplier", "VIP")."""

from __future__ import annotations

from random import randint

from core.exceptions import ValidationError
from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("contacts")


class PartnerCategory(models.Model):
    _name = "res.partner.category"
    _description = "Partner Tags"
    _order = "name, id"
    _parent_name = "parent_id"

    name = fields.Char(string="Tag Name", required=True, translate=True)
    color = fields.Integer(string="Color", default=lambda self: randint(1, 11))
    parent_id = fields.Many2one("res.partner.category", string="Parent Category", index=True,
                                ondelete="cascade")
    child_ids = fields.One2many("res.partner.category", "parent_id", string="Child Tags")
    active = fields.Boolean(default=True,
                            help="The active field allows you to hide the category without "
                                 "removing it.")
    partner_ids = fields.Many2many("res.partner", "res_partner_res_partner_category_rel",
                                   "category_id", "partner_id", string="Partners")

    @api.depends("name", "parent_id.display_name")
    def _compute_display_name(self) -> None:
        for category in self:
            parent = category.parent_id
            category.display_name = f"{parent.display_name} / {category.name}" if parent \
                else category.name

    @api.constrains("parent_id")
    def _check_parent_id(self) -> None:
        for category in self:
            seen, current = set(), category
            while current:
                if current.id in seen:
                    raise ValidationError(_("You can not create recursive tags."))
                seen.add(current.id)
                current = current.parent_id


MODELS = [PartnerCategory]
