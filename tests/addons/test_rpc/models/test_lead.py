"""Methods on test.lead whose results or signatures exercise the RPC contract."""

import datetime as dt

from core.exceptions import RedirectWarning, UserError
from core.orm import api, models


class Lead(models.Model):
    _inherit = "test.lead"

    def action_return_none(self):
        """A record-level method returning nothing (False over XML-RPC)."""
        self.ensure_one()

    def action_open_partner(self):
        """A button returning an action (call_button keeps it)."""
        return {"type": "ir.actions.act_window", "res_model": "test.partner",
                "res_id": self.partner_id.id or False}

    @api.model
    def rpc_sample(self):
        """Values the marshallers must convert."""
        return {
            "when": dt.datetime(2024, 5, 1, 10, 30, 15, 123456),
            "day": dt.date(2024, 5, 2),
            "by_id": {1: "one", 2: "two"},
            "text": "bell\x07 and tab\t kept",
            "nothing": None,
            "pair": (1, "a"),
            "records": self.search([], limit=2),
            "raw": b"bytes",
        }

    @api.model
    def rpc_add(self, a, b=0):
        """Keyword arguments bind by name."""
        return a + b

    def rpc_increment(self):
        """Read, add one, write back: a lost update shows as a missing increment."""
        for lead in self:
            lead.count = (lead.count or 0) + 1
        return self.read(["count"])

    @api.model
    def rpc_context(self):
        return dict(self.env.context)

    @api.model
    def rpc_big_int(self):
        return 2**40

    @api.model
    def rpc_fail(self, kind):
        """Raise an error of the given kind."""
        if kind == "user":
            raise UserError("Nothing to do here")
        if kind == "redirect":
            raise RedirectWarning("Configure first", {"type": "ir.actions.act_window"},
                                  "Configure", {})
        if kind == "zero":
            return 1 / 0
        raise ValueError(f"Unknown kind {kind}")

    @api.private
    def rpc_secret(self):
        return "secret"


MODELS = [Lead]
