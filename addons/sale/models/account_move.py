"""``account.move``: a minimal customer invoice, made from a confirmed sales order.

Not an accounting module — no journals, accounts or reconciliation — but enough for sales:
an invoice with lines, taxes and totals computed like the order's
(:mod:`addons.sale.amounts`), posted with a number from the ``account.move.out_invoice``
sequence (INV/2024/00001), and marked paid by "Register Payment". Its lines remember the
order lines they invoice (``sale_line_ids``), so orders know what remains to invoice and the
sales teams' overview knows what was invoiced this month::

    draft ──Confirm──▶ posted (not paid) ──Register Payment──▶ posted (paid)
      │  ◀──Reset to Draft──┘
      └──Cancel──▶ cancel
"""

from __future__ import annotations

from typing import Any

from addons.sale.amounts import document_totals, line_amounts
from core.exceptions import UserError
from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("sale")

MOVE_STATES = [("draft", "Draft"), ("posted", "Posted"), ("cancel", "Cancelled")]
PAYMENT_STATES = [("not_paid", "Not Paid"), ("paid", "Paid")]


class AccountMove(models.Model):
    _name = "account.move"
    _description = "Invoice"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "invoice_date desc, name desc, id desc"
    _rec_names_search = ["name", "partner_id.complete_name", "invoice_origin"]

    name = fields.Char(string="Number", copy=False, readonly=True, index=True, default="/")
    move_type = fields.Selection([("out_invoice", "Customer Invoice")], string="Type",
                                 required=True, readonly=True, default="out_invoice",
                                 index=True)
    state = fields.Selection(MOVE_STATES, string="Status", required=True, readonly=True,
                             copy=False, default="draft", tracking=True, index=True)
    payment_state = fields.Selection(PAYMENT_STATES, string="Payment Status", readonly=True,
                                     copy=False, default="not_paid", tracking=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True,
                                 tracking=True)
    invoice_date = fields.Date(string="Invoice Date", copy=False, index=True,
                               help="Set to today when the invoice is confirmed, if empty.")
    invoice_date_due = fields.Date(string="Due Date", copy=False)
    invoice_origin = fields.Char(string="Origin",
                                 help="The document(s) that generated the invoice.")
    invoice_user_id = fields.Many2one("res.users", string="Salesperson", index=True,
                                      default=lambda self: self.env.user)
    team_id = fields.Many2one("crm.team", string="Sales Team", index=True,
                              ondelete="set null")
    company_id = fields.Many2one("res.company", string="Company", required=True,
                                 default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one("res.currency", related="company_id.currency_id",
                                  store=True, string="Currency", readonly=True)
    payment_term = fields.Char(string="Payment Terms")
    narration = fields.Html(string="Terms and Conditions")
    invoice_line_ids = fields.One2many("account.move.line", "move_id",
                                       string="Invoice lines", copy=True)
    amount_untaxed = fields.Monetary(string="Untaxed Amount", store=True,
                                     compute="_compute_amount_total")
    amount_tax = fields.Monetary(string="Tax", store=True, compute="_compute_amount_total")
    amount_total = fields.Monetary(string="Total", store=True, compute="_compute_amount_total",
                                   tracking=True)
    amount_residual = fields.Monetary(string="Amount Due", store=True,
                                      compute="_compute_amount_total")

    @api.depends("invoice_line_ids.price_subtotal", "invoice_line_ids.price_tax",
                 "currency_id", "payment_state")
    def _compute_amount_total(self) -> None:
        for move in self:
            rounding = move.currency_id.rounding or 0.01
            untaxed, tax, total = document_totals(
                (line._amounts() for line in move.invoice_line_ids), rounding)
            move.amount_untaxed, move.amount_tax, move.amount_total = untaxed, tax, total
            move.amount_residual = 0.0 if move.payment_state == "paid" else total

    def _refuse_unless(self, test: Any, message: Any) -> None:
        wrong = self.filtered(lambda m: not test(m))
        if wrong:
            raise UserError(_("%(message)s (%(invoices)s)", message=message,
                              invoices=", ".join(wrong.mapped("display_name"))))

    def action_post(self) -> bool:
        """Confirm: number the invoice, date it today if it has no date."""
        self.check_access("write")              # before a number is taken
        self._refuse_unless(lambda m: m.state == "draft", _("Only draft invoices can be "
                                                            "confirmed."))
        self._refuse_unless(lambda m: m.invoice_line_ids, _("An invoice needs at least one "
                                                            "line to be confirmed."))
        today = fields.Date.context_today(self)
        sequences = self.env["ir.sequence"].sudo()   # numbering is trusted code
        for move in self:
            values: dict[str, Any] = {"state": "posted"}
            if move.name in (False, "", "/"):
                values["name"] = sequences.next_by_code("account.move.out_invoice") or "/"
            if not move.invoice_date:
                values["invoice_date"] = today
            if not move.invoice_date_due:
                values["invoice_date_due"] = values.get("invoice_date", move.invoice_date)
            move.write(values)
        return True

    def button_draft(self) -> bool:
        self._refuse_unless(lambda m: m.state in ("posted", "cancel"),
                            _("This invoice is already a draft."))
        self._refuse_unless(lambda m: m.payment_state != "paid",
                            _("A paid invoice cannot be reset to draft."))
        self.write({"state": "draft"})
        return True

    def button_cancel(self) -> bool:
        self._refuse_unless(lambda m: m.state == "draft",
                            _("Only draft invoices can be cancelled."))
        self.write({"state": "cancel"})
        return True

    def action_register_payment(self) -> bool:
        """The customer paid the whole amount."""
        self._refuse_unless(lambda m: m.state == "posted" and m.payment_state != "paid",
                            _("Only confirmed invoices that are not paid yet can be "
                              "paid."))
        self.write({"payment_state": "paid"})
        for move in self:
            move._message_log(body=_("Payment registered: the invoice is paid."
                                     ).translate(move._author_lang()))
        return True

    def unlink(self) -> bool:
        self._refuse_unless(lambda m: m.state != "posted",
                            _("A confirmed invoice cannot be deleted: reset it to draft "
                              "or cancel it first."))
        return super().unlink()

    @api.depends("name", "state")
    def _compute_display_name(self) -> None:
        for move in self:
            if move.name and move.name != "/":
                move.display_name = move.name
            else:
                move.display_name = self.env._(_("Draft Invoice (* %(id)s)", id=move.id))


class AccountMoveLine(models.Model):
    _name = "account.move.line"
    _description = "Invoice Line"
    _order = "move_id, sequence, id"

    move_id = fields.Many2one("account.move", string="Invoice", required=True, index=True,
                              ondelete="cascade")
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one("product.product", string="Product", ondelete="restrict")
    name = fields.Text(string="Label", required=True)
    quantity = fields.Float(string="Quantity", digits=(16, 2), default=1.0)
    product_uom_id = fields.Many2one("uom.uom", string="Unit of Measure",
                                     ondelete="restrict")
    price_unit = fields.Float(string="Unit Price", digits=(16, 2))
    discount = fields.Float(string="Discount (%)", digits=(16, 2), default=0.0)
    tax_ids = fields.Many2many("account.tax", "account_move_line_account_tax_rel",
                               "account_move_line_id", "account_tax_id", string="Taxes")
    currency_id = fields.Many2one("res.currency", related="move_id.currency_id", store=True,
                                  string="Currency", readonly=True)
    parent_state = fields.Selection(related="move_id.state", store=True, string="Status",
                                    readonly=True)
    partner_id = fields.Many2one("res.partner", related="move_id.partner_id", store=True,
                                 string="Partner", readonly=True)
    sale_line_ids = fields.Many2many("sale.order.line", "sale_order_line_invoice_rel",
                                     "invoice_line_id", "order_line_id",
                                     string="Sales Order Lines", readonly=True, copy=False)
    price_subtotal = fields.Monetary(string="Subtotal", compute="_compute_price_subtotal",
                                     store=True)
    price_tax = fields.Monetary(string="Tax", compute="_compute_price_subtotal", store=True)
    price_total = fields.Monetary(string="Total", compute="_compute_price_subtotal", store=True)

    @api.depends("quantity", "price_unit", "discount", "tax_ids", "tax_ids.amount",
                 "move_id.currency_id")
    def _compute_price_subtotal(self) -> None:
        for line in self:
            amounts = line._amounts()
            line.price_subtotal, line.price_tax = amounts.subtotal, amounts.tax
            line.price_total = amounts.total

    def _amounts(self) -> Any:
        self.ensure_one()
        return line_amounts(self.quantity, self.price_unit, self.discount,
                            self.tax_ids._rates(), self.move_id.currency_id.rounding or 0.01)

    def _check_move_editable(self) -> None:
        posted = self.mapped("move_id").filtered(lambda m: m.state == "posted")
        if posted:
            raise UserError(_("Only the lines of draft invoices can be changed."))

    @api.model
    def create(self, vals_list: Any) -> Any:
        items = [vals_list] if isinstance(vals_list, dict) else list(vals_list)
        moves = self.env["account.move"].browse(sorted({v["move_id"] for v in items
                                                        if v.get("move_id")}))
        if moves.filtered(lambda m: m.state == "posted"):
            raise UserError(_("Only the lines of draft invoices can be changed."))
        return super().create(vals_list)

    def write(self, vals: dict) -> bool:
        self._check_move_editable()
        return super().write(vals)

    def unlink(self) -> bool:
        self._check_move_editable()
        return super().unlink()


MODELS = [AccountMove, AccountMoveLine]
