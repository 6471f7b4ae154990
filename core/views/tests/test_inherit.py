"""Tests for core.views.inherit: every position, chained extensions, errors."""

from __future__ import annotations

import pytest
from lxml import etree

from core.views import ViewInheritanceError, apply_inheritance, combine, parse_arch

BASE = """
<form string="Lead">
    <header>
        <button name="action_set_won" type="object" string="Mark Won"/>
        <button name="action_set_lost" type="object" string="Mark Lost"/>
        <field name="stage_id" widget="statusbar"/>
    </header>
    <sheet>
        <group name="main">
            <field name="partner_id"/>
            <field name="email_from" class="o_email"/>
            <field name="probability" invisible="not active"/>
        </group>
        <notebook>
            <page string="Internal Notes" name="internal_notes">
                <field name="description"/>
            </page>
        </notebook>
    </sheet>
</form>
"""


def apply(spec: str, base: str = BASE, view_name: str = "crm.lead.form.ext"):
    return apply_inheritance(parse_arch(base), parse_arch(spec), view_name=view_name)


def names(root, tag="field"):
    return [node.get("name") for node in root.iter(tag)]


def xml(node) -> str:
    return etree.tostring(node, encoding="unicode")


# -- positions -----------------------------------------------------------------------------


def test_inside_is_the_default_position():
    result = apply('<group name="main"><field name="tag_ids"/></group>')
    assert names(result.find("sheet/group")) == [
        "partner_id",
        "email_from",
        "probability",
        "tag_ids",
    ]


def test_after_with_field_shorthand():
    result = apply('<field name="partner_id" position="after"><field name="phone"/></field>')
    assert names(result.find("sheet/group"))[:3] == ["partner_id", "phone", "email_from"]


def test_before_with_xpath():
    spec = """<xpath expr="//button[@name='action_set_won']" position="before">
        <button name="action_new_quotation" type="object" string="New Quotation"/>
    </xpath>"""
    assert names(apply(spec), "button") == [
        "action_new_quotation",
        "action_set_won",
        "action_set_lost",
    ]


def test_several_items_keep_their_order():
    spec = '<field name="email_from" position="after"><field name="a"/><field name="b"/></field>'
    assert names(apply(spec).find("sheet/group")) == [
        "partner_id",
        "email_from",
        "a",
        "b",
        "probability",
    ]


def test_replace_removes_the_node():
    result = apply('<field name="email_from" position="replace"/>')
    assert "email_from" not in names(result)


def test_replace_with_new_content():
    spec = '<field name="email_from" position="replace"><field name="email_cc"/></field>'
    assert names(apply(spec).find("sheet/group")) == ["partner_id", "email_cc", "probability"]


def test_replace_inner_keeps_the_node():
    spec = """<page name="internal_notes" position="replace" mode="inner">
        <field name="note"/></page>"""
    page = apply(spec).find(".//page")
    assert page.get("string") == "Internal Notes"
    assert names(page) == ["note"]


def test_replace_root():
    result = apply('<form position="replace"><form string="New"><sheet/></form></form>')
    assert result.get("string") == "New"
    assert result.getparent() is None


def test_replace_root_needs_exactly_one_element():
    with pytest.raises(ViewInheritanceError, match="must contain one element"):
        apply('<form position="replace"><sheet/><sheet/></form>')


def test_generic_element_matches_tag_and_attributes():
    spec = '<page string="Internal Notes" position="after"><page string="Extra"/></page>'
    pages = apply(spec).findall(".//page")
    assert [page.get("string") for page in pages] == ["Internal Notes", "Extra"]


def test_root_can_be_located_by_its_tag():
    result = apply('<form position="attributes"><attribute name="create">0</attribute></form>')
    assert result.get("create") == "0"


# -- attributes ----------------------------------------------------------------------------


def test_attributes_set_and_delete():
    spec = """<field name="probability" position="attributes">
        <attribute name="invisible"></attribute>
        <attribute name="widget">percentage</attribute>
    </field>"""
    field = apply(spec).find(".//field[@name='probability']")
    assert field.get("widget") == "percentage"
    assert "invisible" not in field.attrib


def test_attributes_add_and_remove_items():
    spec = """<field name="email_from" position="attributes">
        <attribute name="class" add="o_bold o_email" remove="o_missing" separator=" "/>
        <attribute name="groups" add="base.group_user,sales_team.group_sale_manager"/>
    </field>"""
    field = apply(spec).find(".//field[@name='email_from']")
    assert field.get("class") == "o_email o_bold"
    assert field.get("groups") == "base.group_user,sales_team.group_sale_manager"


def test_attributes_remove_last_item_deletes_attribute():
    spec = """<field name="email_from" position="attributes">
        <attribute name="class" remove="o_email" separator=" "/></field>"""
    assert "class" not in apply(spec).find(".//field[@name='email_from']").attrib


def test_expression_attributes_combine_with_and_or():
    spec = """<field name="probability" position="attributes">
        <attribute name="invisible" add="type == 'lead'" separator="or"/></field>"""
    field = apply(spec).find(".//field[@name='probability']")
    assert field.get("invisible") == "(not active) or (type == 'lead')"


def test_expression_attributes_remove_operand():
    base = '<form><field name="p" invisible="not active or type == \'lead\'"/></form>'
    spec = """<field name="p" position="attributes">
        <attribute name="invisible" remove="type == 'lead'" separator="or"/></field>"""
    assert apply(spec, base).find("field").get("invisible") == "not active"


@pytest.mark.parametrize(
    "current, remove, separator, expected",
    [
        ("a or b", "a", "or", "b"),
        ("(a) or (b)", "b", "or", "a"),
        ("((a) or (b)) or (c)", "b", "or", "a or c"),
        ("a and (b or c) and d", "d", "and", "a and (b or c)"),
        ("x == 1 and y", "x==1", "and", "y"),
        ("a", "(a)", "and", ""),
    ],
)
def test_expression_remove_works_on_syntax_not_text(current, remove, separator, expected):
    base = f'<form><field name="p" invisible="{current}"/></form>'
    spec = f"""<field name="p" position="attributes">
        <attribute name="invisible" remove="{remove}" separator="{separator}"/></field>"""
    assert apply(spec, base).find("field").get("invisible", "") == expected


def test_expression_remove_does_not_cut_inside_an_operand():
    base = '<form><field name="p" invisible="not active or x"/></form>'
    spec = """<field name="p" position="attributes">
        <attribute name="invisible" remove="active" separator="or"/></field>"""
    with pytest.raises(ViewInheritanceError, match="cannot remove 'active'"):
        apply(spec, base)


def test_expression_attributes_need_and_or_separator():
    spec = """<field name="probability" position="attributes">
        <attribute name="invisible" add="x" separator=","/></field>"""
    with pytest.raises(ViewInheritanceError, match="use 'and' or 'or'"):
        apply(spec)


def test_expression_remove_of_missing_operand_fails():
    spec = """<field name="probability" position="attributes">
        <attribute name="invisible" remove="foo" separator="and"/></field>"""
    with pytest.raises(ViewInheritanceError, match="cannot remove 'foo'"):
        apply(spec)


def test_attribute_with_text_and_add_fails():
    spec = """<field name="email_from" position="attributes">
        <attribute name="class" add="x">y</attribute></field>"""
    with pytest.raises(ViewInheritanceError, match="both text and add/remove"):
        apply(spec)


def test_attributes_accept_only_attribute_children():
    spec = '<field name="email_from" position="attributes"><field name="x"/></field>'
    with pytest.raises(ViewInheritanceError, match="may only contain <attribute"):
        apply(spec)


# -- move ----------------------------------------------------------------------------------


def test_move_node_after_another():
    spec = """<field name="partner_id" position="before">
        <xpath expr="//field[@name='probability']" position="move"/></field>"""
    assert names(apply(spec).find("sheet/group")) == ["probability", "partner_id", "email_from"]


def test_move_into_another_container():
    spec = """<page name="internal_notes" position="inside">
        <field name="email_from" position="move"/></page>"""
    result = apply(spec)
    assert names(result.find(".//page")) == ["description", "email_from"]
    assert "email_from" not in names(result.find("sheet/group"))


def test_move_of_missing_node_fails():
    spec = """<field name="partner_id" position="after">
        <xpath expr="//field[@name='nope']" position="move"/></field>"""
    with pytest.raises(ViewInheritanceError, match="which matches nothing"):
        apply(spec)


def test_move_must_be_empty():
    spec = """<field name="partner_id" position="after">
        <field name="email_from" position="move"><field name="x"/></field></field>"""
    with pytest.raises(ViewInheritanceError, match="must be empty"):
        apply(spec)


# -- text ----------------------------------------------------------------------------------


def test_text_and_tails_are_kept():
    base = "<form><div><span>a</span>tail-a</div></form>"
    after = apply('<span position="after">text<b>b</b>tail-b</span>', base)
    assert xml(after.find("div")) == "<div><span>a</span>text<b>b</b>tail-btail-a</div>"
    before = apply('<span position="before">text<b>b</b>tail-b</span>', base)
    assert xml(before.find("div")) == "<div>text<b>b</b>tail-b<span>a</span>tail-a</div>"
    inside = apply('<div position="inside">text<b>b</b></div>', base)
    assert xml(inside.find("div")) == "<div><span>a</span>tail-atext<b>b</b></div>"


def test_replace_keeps_the_tail_of_the_replaced_node():
    base = "<form><div>x<span>a</span>tail-a</div></form>"
    result = apply('<span position="replace"><b>b</b></span>', base)
    assert xml(result.find("div")) == "<div>x<b>b</b>tail-a</div>"


# -- purity, data, chaining ----------------------------------------------------------------


def test_inputs_are_not_modified():
    base, spec = (
        parse_arch(BASE),
        parse_arch('<field name="partner_id" position="after"><field name="x"/></field>'),
    )
    before_base, before_spec = xml(base), xml(spec)
    result = apply_inheritance(base, spec, view_name="v")
    assert result is not base
    assert (xml(base), xml(spec)) == (before_base, before_spec)


def test_data_root_holds_several_specs_applied_in_order():
    spec = """<data>
        <field name="partner_id" position="after"><field name="phone"/></field>
        <!-- a comment between specs -->
        <field name="phone" position="after"><field name="mobile"/></field>
    </data>"""
    assert names(apply(spec).find("sheet/group"))[:3] == ["partner_id", "phone", "mobile"]


def test_combine_chains_extensions_in_order():
    first = parse_arch('<field name="partner_id" position="after"><field name="phone"/></field>')
    second = parse_arch(
        '<field name="phone" position="attributes"><attribute name="widget">phone</attribute>'
        "</field>"
    )
    result = combine(BASE, [("crm.ext.one", first), ("crm.ext.two", second)])
    assert result.find(".//field[@name='phone']").get("widget") == "phone"


def test_combine_accepts_bytes_and_elements():
    spec = parse_arch('<group name="main"><field name="x"/></group>')
    from_bytes = combine(BASE.encode(), [("v", spec)])
    base = parse_arch(BASE)
    from_element = combine(base, [("v", spec)])
    assert xml(from_bytes) == xml(from_element)
    assert "x" not in names(base)


def test_combine_error_names_the_failing_extension():
    ok = parse_arch('<group name="main"><field name="x"/></group>')
    broken = parse_arch('<field name="x" position="after"><field name="y"/></field>')
    broken_missing = parse_arch('<field name="nope" position="after"/>')
    combine(BASE, [("one", ok), ("two", broken)])
    with pytest.raises(ViewInheritanceError) as info:
        combine(BASE, [("one", ok), ("sale_crm.crm_lead_form", broken_missing)])
    assert info.value.view_name == "sale_crm.crm_lead_form"


def test_parse_arch_accepts_xml_declaration():
    root = parse_arch('<?xml version="1.0" encoding="utf-8"?>\n<form string="Ä"/>')
    assert root.get("string") == "Ä"


def test_parse_arch_does_not_resolve_entities(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    arch = f'<!DOCTYPE form [<!ENTITY x SYSTEM "file://{secret}">]><form string="&x;"/>'
    try:
        root = parse_arch(arch)
    except etree.XMLSyntaxError:
        return  # refused outright: fine
    assert "TOP SECRET" not in xml(root)


# -- errors --------------------------------------------------------------------------------


def test_unmatched_field_names_view_and_field():
    with pytest.raises(ViewInheritanceError) as info:
        apply('<field name="expected_revenue" position="after"/>', view_name="crm.ext")
    error = info.value
    assert error.view_name == "crm.ext"
    assert error.expr == '<field name="expected_revenue" position="after">'
    assert error.line == 1
    assert str(error) == (
        "View 'crm.ext' (line 1) cannot be applied: <field name=\"expected_revenue\" "
        'position="after"> matches nothing in the view it extends.'
    )


def test_error_gives_the_line_of_the_spec():
    spec = """<data>
        <field name="partner_id" position="after"/>
        <field name="nope" position="after"/>
    </data>"""
    with pytest.raises(ViewInheritanceError, match=r"\(line 3\)") as info:
        apply(spec)
    assert info.value.line == 3


def test_unmatched_xpath_names_the_expression():
    with pytest.raises(ViewInheritanceError, match=r"//page\[@name='extra'\]"):
        apply('<xpath expr="//page[@name=\'extra\']" position="after"/>')


def test_invalid_xpath():
    with pytest.raises(ViewInheritanceError, match="is not a valid XPath"):
        apply('<xpath expr="//field[" position="after"/>')


def test_xpath_without_expr():
    with pytest.raises(ViewInheritanceError, match="has no expr attribute"):
        apply('<xpath position="after"/>')


def test_xpath_selecting_a_value_is_an_error():
    with pytest.raises(ViewInheritanceError, match="does not select an element"):
        apply('<xpath expr="count(//field)" position="after"/>')


def test_unknown_position():
    with pytest.raises(ViewInheritanceError, match="unknown position 'around'"):
        apply('<field name="partner_id" position="around"/>')


def test_unknown_replace_mode():
    with pytest.raises(ViewInheritanceError, match="unknown mode 'sideways'"):
        apply('<field name="partner_id" position="replace" mode="sideways"/>')


def test_error_is_a_value_error():
    assert issubclass(ViewInheritanceError, ValueError)
