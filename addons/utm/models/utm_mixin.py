"""``utm.mixin``: the three UTM fields a tracked document carries."""

from __future__ import annotations

from core.orm import fields, models


class UtmMixin(models.AbstractModel):
    _name = "utm.mixin"
    _description = "UTM Mixin"

    campaign_id = fields.Many2one("utm.campaign", string="Campaign", index=True,
                                  ondelete="set null",
                                  help="This is a name that helps you keep track of your "
                                       "different campaign efforts, e.g. Fall_Drive, "
                                       "Christmas_Special")
    source_id = fields.Many2one("utm.source", string="Source", index=True, ondelete="set null",
                                help="This is the source of the link, e.g. Search Engine, "
                                     "another domain, or name of email list")
    medium_id = fields.Many2one("utm.medium", string="Medium", index=True, ondelete="set null",
                                help="This is the method of delivery, e.g. Postcard, Email, "
                                     "or Banner Ad")


MODELS = [UtmMixin]
