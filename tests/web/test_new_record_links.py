"""Buttons that open a new record's form with defaults, and the inputs that carry them.

An action such as CRM's "New Quotation" answers ``{"view_mode": "form", "context":
{"default_partner_id": 7, "default_tag_ids": [(6, 0, [1, 2])]}}``; the client opens the
new record's form with those defaults in its URL, which the form reads like any input.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from core.views import parse_arch, validate_arch
from core.views.render_values import InputError, parse_input
from core.views.tests import crm_examples as crm
from core.web.client.actions import action_url


def test_a_form_action_without_record_opens_a_new_form_with_its_defaults():
    url = action_url({"type": "ir.actions.act_window", "res_model": "sale.order",
                      "view_mode": "form", "context": {
                          "default_partner_id": 7, "default_origin": "Big deal",
                          "default_tag_ids": [(6, 0, [1, 2])], "default_is_rental": True,
                          "search_default_x": 1, "lang": "de_DE"}}, "/back")
    parts = urlsplit(url)
    assert parts.path == "/web/model/sale.order/form/new"
    assert parse_qs(parts.query) == {"default_partner_id": ["7"], "default_origin": ["Big deal"],
                                     "default_tag_ids": ["1,2"], "default_is_rental": ["1"]}
    assert action_url({"type": "ir.actions.act_window", "res_model": "sale.order", "id": 12,
                       "view_mode": "form"}, "/back") == "/web/action/12/form/new"
    # a record or a list still open as before
    assert action_url({"type": "ir.actions.act_window", "res_model": "sale.order", "id": 12,
                       "view_mode": "form", "res_id": 3}, "/back") == "/web/action/12"
    assert action_url({"type": "ir.actions.act_window", "res_model": "sale.order",
                       "view_mode": "form", "res_id": 3}, "/b") == "/web/model/sale.order/form/3?vm=form"


def test_many2many_ids_typed_in_a_link_become_a_replace_command():
    info = {"type": "many2many", "relation": "crm.tag"}
    assert parse_input(info, "3, 4", "en_US") == [(6, 0, [3, 4])]
    assert parse_input(info, "", "en_US") is False
    with pytest.raises(InputError):
        parse_input(info, "3,x", "en_US")


def test_statusbar_visible_is_part_of_the_form_schema():
    arch = ('<form><header><field name="stage_id" widget="statusbar" '
            'statusbar_visible="1,2"/></header><sheet><field name="name"/></sheet></form>')
    validate_arch(parse_arch(arch), "form", fields=crm.LEAD_FIELDS, methods=crm.LEAD_METHODS,
                  view_name="test.statusbar")
