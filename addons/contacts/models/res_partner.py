"""``res.partner``: a company or a person, with its address and ways to reach it.

Companies have contacts (``parent_id`` / ``child_ids``); a contact's name reads
"Company, Contact" everywhere (``complete_name``, a column, so lists and many2one fields
show it without extra queries), and the *commercial partner* of anyone is the company at
the top of their tree — the one that buys, is invoiced and owns the opportunities.
E-mail addresses are normalised (``email_normalized``) so that duplicates can be found
whatever their spelling; the form warns when another contact has the same address.
Writing and the address inheritance of contacts live in
:mod:`addons.contacts.models.res_partner_sync`.
"""

from __future__ import annotations

from typing import Any

from addons.contacts.models.contact_tools import initials, normalize_email
from core.exceptions import ValidationError
from core.i18n import LANGUAGES, Domain
from core.orm import api, fields, models

_ = Domain("contacts")

ADDRESS_FIELDS = ("street", "street2", "zip", "city", "state_id", "country_id")
PARTNER_TYPES = [("contact", "Contact"), ("invoice", "Invoice Address"),
                 ("delivery", "Delivery Address"), ("other", "Other Address")]


def _lang_selection(model: Any) -> list[tuple[str, str]]:
    return list(LANGUAGES.items())


class Partner(models.Model):
    _name = "res.partner"
    _description = "Contact"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "complete_name, id"
    _rec_name = "complete_name"
    _rec_names_search = ["complete_name", "email", "ref", "vat"]
    _mail_post_access = "read"
    _sql_constraints = [
        ("check_name", "CHECK( (type='contact' AND name IS NOT NULL) or (type!='contact') )",
         _("Contacts require a name")),
    ]

    name = fields.Char(index=True)
    complete_name = fields.Char(compute="_compute_complete_name", store=True, index=True,
                                string="Complete Name")
    ref = fields.Char(string="Reference", index=True)
    is_company = fields.Boolean(string="Is a Company", default=False,
                                help="Check if the contact is a company, otherwise it is a "
                                     "person")
    company_type = fields.Selection([("person", "Individual"), ("company", "Company")],
                                    string="Company Type", compute="_compute_company_type",
                                    inverse="_inverse_company_type")
    parent_id = fields.Many2one("res.partner", string="Related Company", index=True)
    child_ids = fields.One2many("res.partner", "parent_id", string="Contact",
                                domain=[("active", "=", True)])
    commercial_partner_id = fields.Many2one("res.partner", string="Commercial Entity",
                                            compute="_compute_commercial_partner_id",
                                            store=True, index=True, recursive=True)
    type = fields.Selection(PARTNER_TYPES, string="Address Type", default="contact",
                            help="- Contact: Use this to organize the contact details of "
                                 "employees of a given company (e.g. CEO, CFO, ...).\n"
                                 "- Invoice Address: Preferred address for all invoices.\n"
                                 "- Delivery Address: Preferred address for all deliveries.\n"
                                 "- Other: Other address for the company.")
    function = fields.Char(string="Job Position")
    street = fields.Char()
    street2 = fields.Char()
    zip = fields.Char(string="ZIP")
    city = fields.Char()
    state_id = fields.Many2one("res.country.state", string="State", ondelete="restrict",
                               domain="[('country_id', '=?', country_id)]")
    country_id = fields.Many2one("res.country", string="Country", ondelete="restrict")
    contact_address = fields.Char(compute="_compute_contact_address",
                                  string="Complete Address")
    email = fields.Char()
    email_normalized = fields.Char(string="Normalized Email", compute="_compute_email_normalized",
                                   store=True, index=True,
                                   help="The first address of the e-mail field, lower case: "
                                        "finds duplicates whatever the spelling.")
    same_email_partner_id = fields.Many2one("res.partner", string="Contact with same Email",
                                            compute="_compute_same_email_partner_id")
    phone = fields.Char()
    mobile = fields.Char()
    website = fields.Char(string="Website Link")
    vat = fields.Char(string="Tax ID", index=True,
                      help="The Tax Identification Number. Values here will be validated "
                           "based on the country format.")
    lang = fields.Selection(_lang_selection, string="Language",
                            default=lambda self: self.env.lang if self.env.lang in LANGUAGES
                            else "en_US",
                            help="All the emails and documents sent to this contact will be "
                                 "translated in this language.")
    category_id = fields.Many2many("res.partner.category", "res_partner_res_partner_category_rel",
                                   "partner_id", "category_id", string="Tags")
    user_id = fields.Many2one("res.users", string="Salesperson",
                              help="The internal user in charge of this contact.")
    company_id = fields.Many2one("res.company", string="Company", index=True)
    comment = fields.Html(string="Notes")
    active = fields.Boolean(default=True)
    color = fields.Integer(string="Color Index", default=0)
    avatar_initials = fields.Char(compute="_compute_avatar_initials", string="Initials")

    # -- names ---------------------------------------------------------------------------------
    @api.depends("name", "type", "is_company", "parent_id.complete_name")
    def _compute_complete_name(self) -> None:
        types = dict(PARTNER_TYPES)
        for partner in self:
            name = partner.name or ""
            if not name and partner.type != "contact":
                name = self.env._(types[partner.type])
            parent = partner.parent_id
            if parent and not partner.is_company:
                name = f"{parent.complete_name or parent.name or ''}, {name}"
            partner.complete_name = name.strip() or False

    @api.depends("name")
    def _compute_avatar_initials(self) -> None:
        for partner in self:
            partner.avatar_initials = initials(partner.name or partner.complete_name)

    # -- company / person ------------------------------------------------------------------
    @api.depends("is_company")
    def _compute_company_type(self) -> None:
        for partner in self:
            partner.company_type = "company" if partner.is_company else "person"

    def _inverse_company_type(self) -> None:
        for partner in self:
            partner.is_company = partner.company_type == "company"

    @api.onchange("company_type")
    def _onchange_company_type(self) -> None:
        self.is_company = self.company_type == "company"

    @api.depends("is_company", "parent_id.commercial_partner_id")
    def _compute_commercial_partner_id(self) -> None:
        for partner in self:
            if partner.is_company or not partner.parent_id:
                partner.commercial_partner_id = partner
            else:
                partner.commercial_partner_id = partner.parent_id.commercial_partner_id

    @api.constrains("parent_id")
    def _check_parent_id(self) -> None:
        for partner in self:
            seen, current = set(), partner
            while current:
                if current.id in seen:
                    raise ValidationError(_("You cannot create recursive Partner hierarchies."))
                seen.add(current.id)
                current = current.parent_id

    # -- addresses and e-mail ----------------------------------------------------------------
    @api.depends(*ADDRESS_FIELDS)
    def _compute_contact_address(self) -> None:
        for partner in self:
            lines = [partner.street, partner.street2,
                     " ".join(p for p in (partner.zip, partner.city) if p),
                     partner.state_id.name, partner.country_id.name]
            partner.contact_address = "\n".join(line for line in lines if line) or False

    @api.depends("email")
    def _compute_email_normalized(self) -> None:
        for partner in self:
            partner.email_normalized = normalize_email(partner.email) or False

    @api.depends("email_normalized")
    def _compute_same_email_partner_id(self) -> None:
        """Another active contact with the same address (one query for the batch)."""
        emails = {p.email_normalized for p in self if p.email_normalized}
        owners: dict[str, list[tuple[int, Any]]] = {}
        if emails:
            for other in self.sudo().search([("email_normalized", "in", sorted(emails))]):
                owners.setdefault(other.email_normalized, []).append((other.id, other))
        for partner in self:
            twins = [p for pid, p in owners.get(partner.email_normalized, [])
                     if pid != partner._origin_id()]
            partner.same_email_partner_id = twins[0] if twins else False

    def _origin_id(self) -> Any:
        rid = self._ids[0]
        return getattr(rid, "origin", None) if not isinstance(rid, int) else rid

    @api.onchange("email")
    def _onchange_email(self) -> dict | None:
        twin = self.same_email_partner_id
        if not twin:
            return None
        return {"warning": {
            "title": self.env._(_("Duplicate e-mail address")),
            "message": self.env._(_("%(contact)s already uses the e-mail address %(email)s.",
                                    contact=twin.display_name, email=self.email_normalized)),
        }}


MODELS = [Partner]
