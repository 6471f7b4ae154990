"""``sale.order``: a quotation, and once confirmed, a sales order.

One record goes through its life in place — its number stays, its chatter tells the story::

    draft "Quotation" ──Send──▶ sent "Quotation Sent" ──Confirm──▶ sale "Sales Order"
        ▲      └────────────Confirm─────────────────────────────────┘    │ Lock ▲ Unlock
        └──Set to Quotation── cancel "Cancelled" ◀──Cancel──             ▼      │
                                                                done "Locked" ──┘

The model is split by responsibility, each file extending ``sale.order``:

* this file: the fields, the number from the ``sale.order`` sequence, the customer's
  invoice and delivery addresses, the sales team of the salesperson;
* :mod:`.sale_order_line`: the lines and their amounts (:mod:`addons.sale.amounts`);
* :mod:`.sale_order_actions`: the buttons of the life cycle above, sending and printing;
* :mod:`.sale_order_invoice`: what remains to invoice, and the invoices made from it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("sale")

ORDER_STATES = [
    ("draft", "Quotation"),
    ("sent", "Quotation Sent"),
    ("sale", "Sales Order"),
    ("done", "Locked"),
    ("cancel", "Cancelled"),
]
QUOTATION_STATES = ("draft", "sent")
CONFIRMED_STATES = ("sale", "done")
VALIDITY_DAYS = 30


class SaleOrder(models.Model):
    _name = "sale.order"
    _description = "Sales Order"
    _inherit = ["mail.thread", "mail.activity.mixin", "utm.mixin"]
    _order = "date_order desc, id desc"
    _rec_names_search = ["name", "partner_id.complete_name", "client_order_ref", "origin"]
    _indexes = {"by_state": "state, date_order"}

    name = fields.Char(string="Order Reference", required=True, copy=False, index=True,
                       readonly=True, default=lambda self: self.env._(_("New")))
    origin = fields.Char(string="Source Document",
                         help="Reference of the document that generated this sales order "
                              "request.")
    client_order_ref = fields.Char(string="Customer Reference", copy=False)
    state = fields.Selection(ORDER_STATES, string="Status", readonly=True, copy=False,
                             index=True, tracking=3, default="draft")
    date_order = fields.Datetime(string="Order Date", required=True, index=True, copy=False,
                                 default=lambda self: fields.Datetime.now(),
                                 help="Creation date of draft/sent orders, confirmation "
                                      "date of confirmed orders.")
    validity_date = fields.Date(string="Expiration", copy=False,
                                default=lambda self: self._default_validity_date(),
                                help="Validity of the quotation: after this date, the "
                                     "customer can no longer accept it.")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True,
                                 tracking=1, change_default=True,
                                 help="You can find a customer by its Name, TIN, Email or "
                                      "Internal Reference.")
    partner_invoice_id = fields.Many2one("res.partner", string="Invoice Address",
                                         compute="_compute_partner_invoice_id", store=True,
                                         readonly=False, index=True)
    partner_shipping_id = fields.Many2one("res.partner", string="Delivery Address",
                                          compute="_compute_partner_invoice_id", store=True,
                                          readonly=False, index=True)
    user_id = fields.Many2one("res.users", string="Salesperson", index=True, tracking=2,
                              default=lambda self: self.env.user,
                              domain=[("share", "=", False)])
    team_id = fields.Many2one("crm.team", string="Sales Team", index=True, tracking=True,
                              compute="_compute_team_id", store=True, readonly=False,
                              ondelete="set null")
    tag_ids = fields.Many2many("crm.tag", "sale_order_tag_rel", "order_id", "tag_id",
                               string="Tags")
    company_id = fields.Many2one("res.company", string="Company", required=True, index=True,
                                 default=lambda self: self.env.company)
    currency_id = fields.Many2one("res.currency", string="Currency", store=True,
                                  related="company_id.currency_id", readonly=True)
    payment_term = fields.Char(string="Payment Terms",
                               help="How and when the customer pays, printed on the "
                                    "quotation, e.g. \"30 days net\".")
    note = fields.Html(string="Terms and conditions")
    type_name = fields.Char(string="Type Name", compute="_compute_type_name")

    # -- defaults and computes -------------------------------------------------------------
    def _default_validity_date(self) -> dt.date:
        return fields.Date.context_today(self) + dt.timedelta(days=VALIDITY_DAYS)

    @api.depends("partner_id")
    def _compute_partner_invoice_id(self) -> None:
        """The customer's invoice and delivery addresses, else the customer himself."""
        addresses = self._addresses_of(self.mapped("partner_id"))
        for order in self:
            partner = order.partner_id
            found = addresses.get(partner.commercial_partner_id.id, {}) if partner else {}
            order.partner_invoice_id = found.get("invoice") or partner
            order.partner_shipping_id = found.get("delivery") or partner

    def _addresses_of(self, partners: Any) -> dict[int, dict[str, Any]]:
        """``{commercial partner: {"invoice": address, "delivery": address}}`` in one search."""
        if not partners:
            return {}
        commercial = partners.mapped("commercial_partner_id")
        result: dict[int, dict[str, Any]] = {}
        for address in self.env["res.partner"].sudo().search(
                [("commercial_partner_id", "in", commercial.ids),
                 ("type", "in", ["invoice", "delivery"])], order="id"):
            slot = result.setdefault(address.commercial_partner_id.id, {})
            slot.setdefault(address.type, address.sudo(False))
        return result

    @api.depends("user_id")
    def _compute_team_id(self) -> None:
        """The salesperson's team; a salesperson without one leaves the team as it was."""
        teams = self.env["crm.team"]
        for order in self:
            team = order.user_id.sudo().sale_team_id
            if team:
                order.team_id = teams.browse(team.id)
            else:
                order.team_id = order._stored_team()

    def _stored_team(self) -> Any:
        """The team in the database (never the value being computed: no recursion)."""
        rid = self._ids[0]
        origin = rid if isinstance(rid, int) else getattr(rid, "origin", None)
        return self.browse(origin).team_id if origin else self.env["crm.team"]

    @api.depends("state")
    @api.depends_context("lang")
    def _compute_type_name(self) -> None:
        for order in self:
            label = _("Quotation") if order.state in (*QUOTATION_STATES, "cancel") \
                else _("Sales Order")
            order.type_name = self.env._(label)

    # -- creation --------------------------------------------------------------------------
    @api.model
    def create(self, vals_list: Any) -> Any:
        self.check_access_rights("create")      # before a number is taken
        items = [vals_list] if isinstance(vals_list, dict) else list(vals_list)
        default_name = self.env._(_("New"))
        sequences = self.env["ir.sequence"].sudo()   # numbering is trusted code
        prepared = []
        for vals in items:
            if vals.get("name") in (None, False, "", default_name, "New"):
                vals = {**vals, "name": sequences.next_by_code("sale.order") or default_name}
            prepared.append(vals)
        return super().create(prepared)

    def _creation_message(self, lang: str) -> str:
        return _("Quotation created").translate(lang)

    def copy_data(self, default: dict | None = None) -> list[dict[str, Any]]:
        default = dict(default or {})
        default.setdefault("origin", False)
        return super().copy_data(default)


MODELS = [SaleOrder]
