"""A model that goes (its addon uninstalled) takes its chatter with it.

Dropping a model's table bypasses ``mail.thread.unlink``, so the messages, followers and
activities of its records would stay behind, pointing at nothing. As in Odoo, removing the
``ir.model`` record removes them.
"""

from __future__ import annotations

from core.orm import models


class IrModelMail(models.Model):
    _inherit = "ir.model"

    def unlink(self) -> bool:
        self.check_access("unlink")
        names = self.mapped("model")
        if names:
            env = self.env(su=True)
            for comodel, column in (("mail.activity", "res_model"),
                                    ("mail.followers", "res_model"),
                                    ("mail.message", "model")):
                env[comodel].with_context(active_test=False).search(
                    [(column, "in", names)]).unlink()
        return super().unlink()


MODELS = [IrModelMail]
