"""``ir.actions.report``: report actions, as Odoo's clients expect to find them.

The platform renders no printed reports yet; the model exists so that client libraries
listing reports (odoorpc's ``odoo.report.list()``) get an empty answer rather than an error,
and so that addons have the usual place to declare reports once rendering exists.
"""

from __future__ import annotations

from core.orm import fields, models


class ReportAction(models.Model):
    _name = "ir.actions.report"
    _description = "Report Action"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    model = fields.Char(string="Model Name", required=True)
    report_name = fields.Char(string="Template Name", required=True)
    report_type = fields.Selection([("qweb-html", "HTML"), ("qweb-pdf", "PDF"),
                                    ("qweb-text", "Text")], required=True,
                                   default="qweb-pdf")


MODELS = [ReportAction]
