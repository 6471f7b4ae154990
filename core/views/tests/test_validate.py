"""Tests for core.views.validate: the CRM views pass, each kind of mistake is named."""

from __future__ import annotations

import pytest

from core.views import ViewValidationError, parse_arch, validate_arch
from core.views.tests import crm_examples as crm
from core.views.validate import load_schema, normalize_view_type

VALID = [
    ("form", crm.OPPORTUNITY_FORM),
    ("list", crm.OPPORTUNITY_LIST),
    ("tree", crm.OPPORTUNITY_LIST),
    ("kanban", crm.OPPORTUNITY_KANBAN),
    ("search", crm.OPPORTUNITY_SEARCH),
    ("graph", crm.OPPORTUNITY_GRAPH),
    ("pivot", crm.OPPORTUNITY_PIVOT),
    ("activity", crm.OPPORTUNITY_ACTIVITY),
]


def check(arch: str, view_type: str = "form", **kwargs) -> None:
    kwargs.setdefault("fields", crm.LEAD_FIELDS)
    kwargs.setdefault("methods", crm.LEAD_METHODS)
    kwargs.setdefault("view_name", "crm.crm_lead_view_form")
    validate_arch(parse_arch(arch), view_type, **kwargs)


def fails(arch: str, view_type: str = "form", match: str = "", **kwargs) -> ViewValidationError:
    with pytest.raises(ViewValidationError, match=match) as info:
        check(arch, view_type, **kwargs)
    return info.value


# -- valid views ---------------------------------------------------------------------------


@pytest.mark.parametrize("view_type, arch", VALID, ids=[v[0] for v in VALID])
def test_crm_views_are_valid(view_type, arch):
    check(arch, view_type)


def test_inline_x2many_views_are_checked_on_the_related_model():
    check(
        crm.ORDER_FORM,
        fields=crm.ORDER_FIELDS,
        methods=set(),
        comodel_fields=crm.comodel_fields,
    )


def test_inline_views_are_not_checked_without_comodel_fields():
    arch = crm.ORDER_FORM.replace('name="price_unit"', 'name="no_such_field"')
    check(arch, fields=crm.ORDER_FIELDS, methods=set())


def test_methods_are_not_checked_when_not_given():
    check('<form><header><button name="anything" type="object"/></header></form>', methods=None)


def test_minimal_views():
    check("<form/>")
    check("<list/>", "list")
    check("<kanban/>", "kanban")
    check("<search/>", "search")


def test_schemas_load_once():
    assert load_schema("form") is load_schema("form")
    assert load_schema("tree") is load_schema("list")


def test_view_type_normalisation():
    assert normalize_view_type("tree") == "list"
    with pytest.raises(ValueError, match="Unknown view type 'calendar'"):
        normalize_view_type("calendar")


# -- structure (RelaxNG) -------------------------------------------------------------------


def test_unknown_element():
    error = fails("<form>\n<sheet>\n<blink/>\n</sheet>\n</form>", match="<blink> does not match")
    assert error.line == 3
    assert "line 3" in str(error)


def test_odoo16_attrs_are_refused():
    arch = """<form>
        <field name="name" attrs="{'invisible': [('active', '=', False)]}"/>
    </form>"""
    error = fails(arch, match="Invalid attribute attrs for element field")
    assert error.line == 2


def test_qweb_in_kanban_cards_is_refused():
    arch = """<kanban><templates><t t-name="card">
        <div t-if="record.active.raw_value"/>
    </t></templates></kanban>"""
    error = fails(arch, "kanban", match='<div t-if="record.active.raw_value">')
    assert error.line == 2


def test_kanban_card_html_is_restricted():
    arch = '<kanban><templates><t t-name="card"><div>\n<table/></div></t></templates></kanban>'
    fails(arch, "kanban", match="Did not expect element table")


def test_page_needs_a_string():
    fails("<form><notebook>\n<page name='p'/></notebook></form>", match='<page name="p">')


def test_bad_enumerated_values():
    fails('<graph type="donut"/>', "graph", match="graph view schema")
    fails('<list><field name="name" optional="maybe"/></list>', "list", match="optional")
    fails('<list editable="middle"/>', "list", match="editable")


def test_root_must_match_the_view_type():
    fails("<kanban/>", "form", match="the root element <kanban> is not a form view")
    fails("<form/>", "list", match="<form> is not a list view")


def test_schema_errors_inside_inline_views():
    arch = '<form><field name="order_line">\n<list><field name="x" bad="1"/></list></field></form>'
    error = fails(arch, fields=crm.ORDER_FIELDS, match="Invalid attribute bad for element field")
    assert error.line == 2


def test_file_name_is_given_when_known(tmp_path):
    path = tmp_path / "crm_lead_views.xml"
    path.write_text("<form>\n  <field name='nope'/>\n</form>")
    from lxml import etree

    arch = etree.parse(str(path)).getroot()
    with pytest.raises(ViewValidationError) as info:
        validate_arch(arch, "form", view_name="crm.form", fields=crm.LEAD_FIELDS)
    assert info.value.file.endswith("crm_lead_views.xml")
    assert "crm_lead_views.xml, line 2" in str(info.value)


# -- fields --------------------------------------------------------------------------------


def test_unknown_field():
    error = fails(
        "<form>\n<group>\n<field name='expected_revenu'/></group></form>",
        match="field 'expected_revenu' does not exist",
    )
    assert (error.view_name, error.line) == ("crm.crm_lead_view_form", 3)
    assert str(error) == (
        "View 'crm.crm_lead_view_form' (line 3): field 'expected_revenu' does not exist."
    )


def test_unknown_field_names_the_model_when_given():
    fails("<form><field name='nope'/></form>", model="crm.lead", match="on model crm.lead")


def test_unknown_field_in_inline_list_names_the_related_model():
    arch = crm.ORDER_FORM.replace('name="price_unit"', 'name="price_unitt"')
    error = fails(
        arch,
        fields=crm.ORDER_FIELDS,
        methods=set(),
        comodel_fields=crm.comodel_fields,
        match="field 'price_unitt' does not exist on model sale.order.line",
    )
    assert (
        error.line
        == arch.splitlines().index(
            next(line for line in arch.splitlines() if "price_unitt" in line)
        )
        + 1
    )


def test_inline_view_on_a_many2one_is_refused():
    arch = '<form><field name="partner_id"><list><field name="name"/></list></field></form>'
    fails(arch, match="field 'partner_id' is a many2one; only one2many and many2many")


def test_inline_view_of_unknown_model():
    fields = dict(crm.ORDER_FIELDS, order_line={"type": "one2many", "relation": "nope"})
    fails(
        crm.ORDER_FORM,
        fields=fields,
        methods=set(),
        comodel_fields=crm.comodel_fields,
        match="relates to the unknown model 'nope'",
    )


def test_unknown_fields_in_every_view_type():
    fails('<list><field name="nope"/></list>', "list", match="'nope'")
    fails('<kanban><field name="nope"/></kanban>', "kanban", match="'nope'")
    fails('<search><field name="nope"/></search>', "search", match="'nope'")
    fails('<graph><field name="nope"/></graph>', "graph", match="'nope'")
    fails('<pivot><field name="nope"/></pivot>', "pivot", match="'nope'")
    fails('<activity><field name="nope"/></activity>', "activity", match="'nope'")


def test_kanban_card_fields_are_checked():
    arch = '<kanban><templates><t t-name="card"><field name="nope"/></t></templates></kanban>'
    fails(arch, "kanban", match="field 'nope' does not exist")


def test_label_for_must_name_a_field_of_the_view():
    fails('<form><label for="name"/></form>', match="<label for='name'> names no field")


def test_default_group_by_and_order_fields():
    fails('<kanban default_group_by="stage"/>', "kanban", match="field 'stage'")
    fails('<list default_order="priority desc, sequence"/>', "list", match="field 'sequence'")


def test_progressbar_fields():
    bar = '<kanban><progressbar field="%s" colors="{}" sum_field="%s"/></kanban>'
    fails(bar % ("nope", "expected_revenue"), "kanban", match="field 'nope'")
    fails(bar % ("activity_state", "name"), "kanban", match="field 'name' is of type char")


def test_graph_measures_must_be_numeric_and_intervals_dates():
    fails('<graph><field name="name" type="measure"/></graph>', "graph", match="type char")
    fails('<pivot><field name="stage_id" interval="month"/></pivot>', "pivot", match="many2one")


def test_search_group_by_and_date_filters():
    fails(
        """<search><filter name="g" context="{'group_by': 'stage'}"/></search>""",
        "search",
        match="field 'stage'",
    )
    fails(
        """<search><filter name="g" context="{'group_by': 'create_date:fortnight'}"/></search>""",
        "search",
        match="unknown interval",
    )
    fails('<search><filter name="d" date="name"/></search>', "search", match="type char")


# -- buttons -------------------------------------------------------------------------------


def test_unknown_method():
    arch = """<form><header>
        <button name="action_set_wonn" type="object" string="Mark Won"/>
    </header></form>"""
    error = fails(arch, match="button calls the method 'action_set_wonn', which does not exist")
    assert error.line == 2


def test_links_calling_methods_are_checked():
    arch = """<kanban><templates><t t-name="card">
        <a type="object" name="action_nope">Go</a>
    </t></templates></kanban>"""
    fails(arch, "kanban", match="'action_nope', which does not exist")


def test_private_method():
    fails('<form><button name="_compute_x" type="object"/></form>', match="private method")


def test_object_button_needs_a_name():
    fails('<form><button type="object" string="Go"/></form>', match="needs a name")


def test_action_buttons_are_not_methods():
    check('<form><button name="%(crm.crm_lead_lost_action)d" type="action"/></form>')


def test_buttons_of_inline_views_are_not_checked_against_the_model():
    arch = crm.ORDER_FORM.replace(
        '<field name="price_unit"/>',
        '<field name="price_unit"/><button name="action_line" type="object"/>',
    )
    check(arch, fields=crm.ORDER_FIELDS, methods=set(), comodel_fields=crm.comodel_fields)


# -- expressions ---------------------------------------------------------------------------


def test_bad_modifier_syntax():
    arch = '<form>\n<field name="name" invisible="not active and"/></form>'
    error = fails(arch, match="attribute invisible is not a valid expression: Invalid expression")
    assert error.line == 2


def test_forbidden_modifier_construct():
    fails(
        '<form><field name="name" readonly="__import__(\'os\')"/></form>',
        match="Forbidden expression",
    )


def test_modifier_reading_an_unknown_field():
    fails(
        '<form><field name="name" invisible="stage_idd.is_won or not active"/></form>',
        match="it reads 'stage_idd', which is not a field",
    )


def test_modifier_may_read_context_names():
    check("""<form><field name="name" invisible="context.get('hide') or uid == 1"/></form>""")


def test_inline_list_modifier_may_read_parent():
    check(crm.ORDER_FORM, fields=crm.ORDER_FIELDS, methods=set(), comodel_fields=crm.comodel_fields)


def test_decorations_are_checked():
    fails('<list decoration-danger="nope &lt; 1"/>', "list", match="'nope'")
    fails('<list><field name="name" decoration-bf="a ="/></list>', "list", match="decoration-bf")


def test_filter_domain_and_context_must_parse():
    fails(
        "<search><filter name=\"f\" domain=\"[('a', '='\"/></search>",
        "search",
        match="attribute domain",
    )
    fails(
        '<search><filter name="f" context="{\'a\': }"/></search>',
        "search",
        match="attribute context",
    )


def test_search_domains_may_use_request_names():
    check(
        """<search><filter name="f"
            domain="[('date_deadline', '&lt;', context_today().strftime('%Y-%m-%d'))]"/>
        </search>""",
        "search",
    )


def test_options_must_be_a_dict():
    fails('<form><field name="name" options="[1]"/></form>', match="is not a dictionary")
    fails('<form><field name="name" options="{\'a\': x}"/></form>', match="Unknown name 'x'")


def test_options_accept_json_constants():
    check("""<form><field name="name" options="{'collaborative': true, 'x': null}"/></form>""")


def test_error_is_a_value_error():
    assert issubclass(ViewValidationError, ValueError)
