"""``mail.message.subtype``: what kind of event a message reports.

A subtype says whether a message is a discussion (sent to the followers), an internal note,
a finished activity or a business event such as "Stage Changed" or "Opportunity Won";
reports and the chatter filter on it. Addons ship their own subtypes as data.
"""

from __future__ import annotations

from core.orm import fields, models


class MessageSubtype(models.Model):
    _name = "mail.message.subtype"
    _description = "Message subtypes"
    _order = "sequence, id"

    name = fields.Char(string="Message Type", required=True, translate=True,
                       help="Message subtype gives a more precise type on the message, "
                            "especially for system notifications.")
    description = fields.Text(translate=True,
                              help="Description that will be added in the message posted for "
                                   "this subtype. If void, the name will be added instead.")
    internal = fields.Boolean(string="Internal Only",
                              help="Messages with internal subtypes are visible only by "
                                   "employees and never sent to customers.")
    res_model = fields.Char(string="Model",
                            help="Model the subtype applies to. If False, this subtype "
                                 "applies to all models.")
    default = fields.Boolean(string="Default", default=True,
                             help="Activated by default when subscribing.")
    sequence = fields.Integer(default=1, help="Used to order subtypes.")
    hidden = fields.Boolean(help="Hide the subtype in the follower options")


MODELS = [MessageSubtype]
