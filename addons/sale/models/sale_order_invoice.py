"""What remains to invoice on an order, and "Create Invoice".

A confirmed order's lines are invoiced by quantity: every invoice line remembers the order
lines it bills, cancelled invoices do not count. ``invoice_status`` sums it up per order —
"Nothing to Invoice" for quotations and cancelled orders, "To Invoice" while a quantity
remains, "Fully Invoiced" once everything is — and is stored, so that the "To Invoice" menu
and the sales teams' overview are plain searches. "Create Invoice" makes one draft invoice
per order with the quantities still to invoice and opens it.
"""

from __future__ import annotations

from typing import Any

from addons.sale.models.sale_order import CONFIRMED_STATES
from core.exceptions import UserError
from core.i18n import Domain
from core.orm import api, fields, models

_ = Domain("sale")

INVOICE_STATUS = [("no", "Nothing to Invoice"), ("to invoice", "To Invoice"),
                  ("invoiced", "Fully Invoiced")]


class SaleOrderLineInvoice(models.Model):
    _inherit = "sale.order.line"

    invoice_lines = fields.Many2many("account.move.line", "sale_order_line_invoice_rel",
                                     "order_line_id", "invoice_line_id",
                                     string="Invoice Lines", copy=False, readonly=True)
    qty_invoiced = fields.Float(string="Invoiced Quantity", digits=(16, 2), store=True,
                                compute="_compute_qty_invoiced")
    qty_to_invoice = fields.Float(string="Quantity To Invoice", digits=(16, 2), store=True,
                                  compute="_compute_qty_invoiced")
    invoice_status = fields.Selection(INVOICE_STATUS, string="Invoice Status", store=True,
                                      compute="_compute_qty_invoiced", default="no")

    @api.depends("invoice_lines.quantity", "invoice_lines.parent_state", "product_uom_qty",
                 "state")
    def _compute_qty_invoiced(self) -> None:
        self.mapped("invoice_lines.parent_state")             # one read for the batch
        for line in self:
            invoiced = sum(inv.quantity for inv in line.invoice_lines
                           if inv.parent_state != "cancel")
            line.qty_invoiced = invoiced
            if line.state not in CONFIRMED_STATES:
                line.qty_to_invoice, line.invoice_status = 0.0, "no"
                continue
            remaining = round(line.product_uom_qty - invoiced, 2)
            line.qty_to_invoice = max(remaining, 0.0)
            if remaining > 0:
                line.invoice_status = "to invoice"
            else:
                line.invoice_status = "invoiced" if invoiced else "no"

    def _invoice_line_values(self) -> dict[str, Any]:
        self.ensure_one()
        return {"product_id": self.product_id.id, "name": self.name,
                "quantity": self.qty_to_invoice, "product_uom_id": self.product_uom.id,
                "price_unit": self.price_unit, "discount": self.discount,
                "tax_ids": [(6, 0, self.tax_id.ids)], "sale_line_ids": [(6, 0, [self.id])],
                "sequence": self.sequence}


class SaleOrderInvoice(models.Model):
    _inherit = "sale.order"

    invoice_status = fields.Selection(INVOICE_STATUS, string="Invoice Status", store=True,
                                      compute="_compute_invoice_status", index=True,
                                      default="no")
    invoice_ids = fields.Many2many("account.move", string="Invoices",
                                   compute="_compute_invoice_ids")
    invoice_count = fields.Integer(string="Invoice Count", compute="_compute_invoice_ids")

    @api.depends("state", "order_line.invoice_status")
    def _compute_invoice_status(self) -> None:
        for order in self:
            statuses = set(order.order_line.mapped("invoice_status"))
            if order.state not in CONFIRMED_STATES:
                order.invoice_status = "no"
            elif "to invoice" in statuses:
                order.invoice_status = "to invoice"
            elif statuses and statuses <= {"invoiced", "no"} and "invoiced" in statuses:
                order.invoice_status = "invoiced"
            else:
                order.invoice_status = "no"

    @api.depends("order_line.invoice_lines.move_id")
    def _compute_invoice_ids(self) -> None:
        self.mapped("order_line.invoice_lines.move_id")     # one read per level, all orders
        for order in self:
            moves = order.order_line.mapped("invoice_lines").mapped("move_id")
            order.invoice_ids = moves
            order.invoice_count = len(moves)

    def _prepare_invoice(self) -> dict[str, Any]:
        self.ensure_one()
        return {"move_type": "out_invoice", "partner_id": self.partner_invoice_id.id
                or self.partner_id.id, "invoice_origin": self.name,
                "invoice_user_id": self.user_id.id, "team_id": self.team_id.id,
                "company_id": self.company_id.id, "payment_term": self.payment_term,
                "narration": self.note}

    def _create_invoices(self) -> Any:
        """One draft invoice per order with what remains to invoice (refused if nothing)."""
        nothing = self.filtered(lambda o: o.invoice_status != "to invoice")
        if nothing:
            raise UserError(_("There is nothing to invoice on %(orders)s: only confirmed "
                              "orders with quantities left to invoice can be invoiced.",
                              orders=", ".join(nothing.mapped("name"))))
        moves = self.env["account.move"]
        for order in self:
            lines = order.order_line.filtered(lambda line: line.qty_to_invoice > 0)
            values = order._prepare_invoice()
            values["invoice_line_ids"] = [(0, 0, line._invoice_line_values()) for line in lines]
            moves |= moves.create(values)
        return moves

    def action_create_invoice(self) -> dict[str, Any]:
        """Create Invoice: the draft invoice of each order, then open it (or the list)."""
        return self._action_view_moves(self._create_invoices())

    def action_view_invoice(self) -> dict[str, Any]:
        return self._action_view_moves(self.mapped("invoice_ids"))

    def _action_view_moves(self, moves: Any) -> dict[str, Any]:
        action: dict[str, Any] = {"type": "ir.actions.act_window", "res_model": "account.move",
                                  "name": self.env._(_("Invoices"))}
        if len(moves) == 1:
            return {**action, "view_mode": "form", "res_id": moves.id}
        return {**action, "view_mode": "list,form", "domain": [("id", "in", moves.ids)]}


class AccountMoveSale(models.Model):
    _inherit = "account.move"

    sale_order_ids = fields.Many2many("sale.order", string="Sales Orders",
                                      compute="_compute_sale_order_ids")
    sale_order_count = fields.Integer(string="Sale Order Count",
                                      compute="_compute_sale_order_ids")

    @api.depends("invoice_line_ids.sale_line_ids")
    def _compute_sale_order_ids(self) -> None:
        self.mapped("invoice_line_ids.sale_line_ids.order_id")
        for move in self:
            orders = move.invoice_line_ids.mapped("sale_line_ids").mapped("order_id")
            move.sale_order_ids = orders
            move.sale_order_count = len(orders)

    def action_view_source_sale_orders(self) -> dict[str, Any]:
        """The orders this invoice bills (the form of the one, or the list)."""
        self.ensure_one()
        orders = self.sale_order_ids
        action: dict[str, Any] = {"type": "ir.actions.act_window", "res_model": "sale.order",
                                  "name": self.env._(_("Sales Orders"))}
        if len(orders) == 1:
            return {**action, "view_mode": "form", "res_id": orders.id}
        return {**action, "view_mode": "list,form", "domain": [("id", "in", orders.ids)]}


MODELS = [SaleOrderLineInvoice, SaleOrderInvoice, AccountMoveSale]
