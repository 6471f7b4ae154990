"""Tests for the typed tree (core.views.tree and friends): one parser per view type."""

from __future__ import annotations

import dataclasses

import pytest

from core.views import (
    ButtonBoxNode,
    ButtonNode,
    ChatterNode,
    FieldNode,
    FormView,
    GroupNode,
    HtmlNode,
    KanbanView,
    LabelNode,
    ListView,
    NotebookNode,
    RibbonNode,
    SeparatorNode,
    TextNode,
    ViewValidationError,
    WidgetNode,
    fields_used,
    iter_nodes,
    parse_arch,
    parse_view,
)
from core.views.tests import crm_examples as crm


def parse(arch: str, view_type: str):
    return parse_view(parse_arch(arch), view_type, view_name="test.view")


def find(nodes, kind, **wanted):
    """The first node of ``kind`` (recursively) whose attributes match ``wanted``."""
    for node in iter_nodes(nodes):
        if node.kind == kind and all(getattr(node, k) == v for k, v in wanted.items()):
            return node
    raise AssertionError(f"no {kind} node with {wanted}")


# -- form ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def form() -> FormView:
    return parse(crm.OPPORTUNITY_FORM, "form")


def test_form_header(form):
    assert [b.string for b in form.header_buttons] == ["Mark Won", "Mark Lost", "Restore"]
    won = form.header_buttons[0]
    assert (won.name, won.type, won.cls, won.hotkey) == (
        "action_set_won_rainbowman",
        "object",
        "oe_highlight",
        "w",
    )
    assert won.invisible == "not active or probability == 100 or type == 'lead'"
    assert won.title == "Mark as won"
    lost = form.header_buttons[1]
    assert (lost.type, lost.context) == ("action", "{'dialog_size': 'medium'}")


def test_form_statusbar(form):
    bar = form.statusbar
    assert isinstance(bar, FieldNode)
    assert bar.name == "stage_id"
    assert dict(bar.options) == {"clickable": "1", "fold_field": "fold"}
    assert bar.domain == "['|', ('team_id', '=', team_id), ('team_id', '=', False)]"


def test_form_sheet_and_chatter(form):
    assert form.sheet is True
    assert form.string == "Opportunity"
    assert form.cls == "o_lead_opportunity_form"
    assert isinstance(form.chatter, ChatterNode)
    assert (form.create, form.edit, form.delete) == (True, True, True)


def test_form_smart_button_box(form):
    box = form.body[0]
    assert isinstance(box, ButtonBoxNode)
    meetings = box.children[0]
    assert isinstance(meetings, ButtonNode)
    assert (meetings.name, meetings.icon) == ("action_schedule_meeting", "fa-calendar")
    stat = find(meetings.children, "field")
    assert stat.name == "calendar_event_count"
    assert find(meetings.children, "text").text == "Meetings"


def test_form_ribbons(form):
    ribbons = [node for node in form.body if isinstance(node, RibbonNode)]
    assert [(r.title, r.bg_color) for r in ribbons] == [
        ("Lost", "text-bg-danger"),
        ("Won", None),
    ]
    assert ribbons[1].invisible == "probability < 100"


def test_form_title_keeps_html_and_text(form):
    title = find(form.body, "html", tag="h1")
    name = title.children[0]
    assert (name.name, name.placeholder, name.cls) == ("name", "e.g. Product Pricing", "text-break")
    span = find(form.body, "html", tag="span", cls="oe_grey p-2")
    assert span.children == (TextNode(" at "),)
    label = find(form.body, "label")
    assert isinstance(label, LabelNode)
    assert (label.for_field, label.cls) == ("expected_revenue", "oe_edit_only")


def test_form_groups_and_fields(form):
    partner_group = find(form.body, "group", name="opportunity_partner")
    assert isinstance(partner_group, GroupNode)
    assert partner_group.invisible == "type == 'lead'"
    assert partner_group.col == 2
    assert [f.name for f in partner_group.children] == ["partner_id", "email_from", "phone"]
    tags = find(form.body, "field", name="tag_ids")
    assert tags.widget == "many2many_tags"
    assert dict(tags.options) == {"color_field": "color", "no_create_edit": True}
    assert find(form.body, "field", name="company_id").groups == "base.group_multi_company"


def test_form_notebook(form):
    notebook = find(form.body, "notebook")
    assert isinstance(notebook, NotebookNode)
    assert [(p.string, p.name) for p in notebook.pages] == [
        ("Internal Notes", "internal_notes"),
        ("Extra Information", "extra"),
    ]
    notes = notebook.pages[0].children[0]
    assert (notes.name, dict(notes.options)) == ("description", {"collaborative": True})
    marketing = find(notebook.pages, "group", string="Marketing")
    assert [f.name for f in marketing.children] == ["campaign_id", "medium_id", "source_id"]


def test_form_without_sheet_footer_and_flags():
    view = parse(
        """<form create="0" delete="false">
            <group><field name="lost_reason_id"/></group>
            <separator string="Notes"/>
            <footer>
                <button name="action_lost_reason_apply" type="object" string="Submit"/>
                <button string="Cancel" special="cancel"/>
            </footer>
        </form>""",
        "form",
    )
    assert (view.sheet, view.create, view.delete, view.chatter) == (False, False, False, None)
    assert isinstance(view.body[1], SeparatorNode) and view.body[1].string == "Notes"
    assert [b.special for b in view.footer] == [None, "cancel"]


def test_form_other_widget():
    view = parse('<form><widget name="attach_document" options="{\'x\': 1}"/></form>', "form")
    widget = view.body[0]
    assert isinstance(widget, WidgetNode)
    assert (widget.name, dict(widget.options)) == ("attach_document", {"x": 1})


def test_form_inline_x2many_views():
    view = parse(crm.ORDER_FORM, "form")
    lines = find(view.body, "field", name="order_line")
    assert set(lines.subviews) == {"list", "form"}
    inline = lines.subviews["list"]
    assert isinstance(inline, ListView)
    assert inline.editable == "bottom"
    assert [c.name for c in inline.columns] == [
        "product_id",
        "name",
        "product_uom_qty",
        "price_unit",
        "price_subtotal",
    ]
    assert inline.columns[0].readonly == "parent.state == 'done'"
    assert isinstance(lines.subviews["form"], FormView)
    assert fields_used(inline) == {
        "product_id",
        "name",
        "product_uom_qty",
        "price_unit",
        "price_subtotal",
    }


def test_nodes_are_immutable(form):
    with pytest.raises(dataclasses.FrozenInstanceError):
        form.header_buttons[0].name = "x"
    with pytest.raises(TypeError):
        form.statusbar.options["clickable"] = "0"


def test_unvalidated_unknown_elements_are_refused():
    with pytest.raises(ViewValidationError, match="<script> is not allowed"):
        parse("<form>\n<div><script>alert(1)</script></div></form>", "form")


def test_invalid_options_name_the_view_and_line():
    with pytest.raises(ViewValidationError, match="View 'test.view' \\(line 2\\)"):
        parse("<form>\n<field name='x' options='[1]'/></form>", "form")


# -- list ----------------------------------------------------------------------------------


def test_list_view():
    view = parse(crm.OPPORTUNITY_LIST, "tree")
    assert isinstance(view, ListView)
    assert view.string == "Opportunities"
    assert (view.multi_edit, view.sample, view.editable) == (True, True, None)
    assert view.default_order == "priority desc, id desc"
    assert dict(view.decorations) == {
        "muted": "not active",
        "bf": "my_activity_date_deadline and my_activity_date_deadline <= today",
    }
    assert [b.name for b in view.header_buttons] == ["action_set_won"]
    assert [c.kind for c in view.columns].count("button") == 1
    revenue = next(c for c in view.fields if c.name == "expected_revenue")
    assert (revenue.sum, revenue.optional, revenue.widget) == (
        "Expected Revenues",
        "show",
        "monetary",
    )
    assert dict(revenue.decorations) == {"success": "probability == 100"}
    assert next(c for c in view.fields if c.name == "active").column_invisible == "True"
    assert next(c for c in view.fields if c.name == "probability").avg == "Average Probability"


def test_list_defaults_and_limit():
    view = parse('<list editable="top" create="0" limit="80"/>', "list")
    assert (view.editable, view.create, view.delete, view.limit) == ("top", False, True, 80)
    assert parse("<list/>", "list").limit is None


# -- kanban --------------------------------------------------------------------------------


def test_kanban_view():
    view = parse(crm.OPPORTUNITY_KANBAN, "kanban")
    assert isinstance(view, KanbanView)
    assert view.default_group_by == "stage_id"
    assert view.quick_create_view == "crm.quick_create_opportunity_form"
    assert (view.quick_create, view.records_draggable, view.archivable) == (True, True, False)
    assert [f.name for f in view.fields] == [
        "stage_id",
        "probability",
        "color",
        "active",
        "company_currency",
    ]
    bar = view.progressbar
    assert (bar.field, bar.sum_field) == ("activity_state", "expected_revenue")
    assert dict(bar.colors) == {"planned": "success", "today": "warning", "overdue": "danger"}


def test_kanban_card_and_menu():
    view = parse(crm.OPPORTUNITY_KANBAN, "kanban")
    assert isinstance(view.card[0], RibbonNode)
    assert view.card[1].name == "name"
    footer = find(view.card, "html", tag="footer")
    assert isinstance(footer, HtmlNode)
    assert find(footer.children, "field", name="user_id").widget == "many2one_avatar_user"
    edit = view.menu[0]
    assert (edit.tag, edit.attrs["type"], edit.children) == ("a", "edit", (TextNode("Edit"),))


def test_kanban_box_alias_and_flags():
    view = parse(
        """<kanban quick_create="false" records_draggable="0" group_create="false">
            <templates><t t-name="kanban-box"><field name="name"/></t></templates>
        </kanban>""",
        "kanban",
    )
    assert [n.name for n in view.card] == ["name"]
    assert (view.quick_create, view.records_draggable, view.group_create) == (False, False, False)
    assert view.progressbar is None


# -- activity, search, graph, pivot --------------------------------------------------------


def test_activity_view():
    view = parse(crm.OPPORTUNITY_ACTIVITY, "activity")
    assert view.string == "Opportunities"
    assert [f.name for f in view.fields] == ["partner_id"]
    assert find(view.card, "field", name="partner_id").invisible == "not partner_id"


def test_search_view():
    view = parse(crm.OPPORTUNITY_SEARCH, "search")
    assert [f.name for f in view.fields][:2] == ["name", "partner_id"]
    assert view.fields[1].operator == "child_of"
    assert "('email_from', 'ilike', self)" in view.fields[0].filter_domain
    assert [[f.name for f in group] for group in view.filter_groups] == [
        ["assigned_to_me", "unassigned", "open_opportunities"],
        ["creation_date", "close_this_month"],
        ["won", "lost"],
        ["overdue_opp"],
        ["inactive"],
    ]
    assert view.filters[0].help == "Opportunities that are assigned to me"
    assert [(f.name, f.date, f.default_period) for f in view.dates] == [
        ("creation_date", "create_date", "this_month"),
        ("close_this_month", "date_closed", None),
    ]


def test_search_group_bys():
    view = parse(crm.OPPORTUNITY_SEARCH, "search")
    assert [(g.string, g.group_by) for g in view.group_bys] == [
        ("Salesperson", "user_id"),
        ("Sales Team", "team_id"),
        ("Stage", "stage_id"),
        ("Creation Date", "create_date:month"),
        ("Expected Closing", "date_deadline"),
    ]
    month = view.group_bys[3]
    assert (month.group_by_field, month.group_by_interval) == ("create_date", "month")
    assert view.group_bys[0].group_by_interval is None


def test_search_context_with_names_is_not_a_group_by():
    view = parse(
        """<search><filter name="mine" context="{'default_user_id': uid}"/></search>""",
        "search",
    )
    assert view.group_bys == ()
    assert view.filters[0].group_by is None


def test_graph_view():
    view = parse(crm.OPPORTUNITY_GRAPH, "graph")
    assert (view.type, view.stacked, view.sample) == ("bar", True, True)
    assert [f.name for f in view.rows] == ["user_id"]
    assert [f.name for f in view.cols] == ["stage_id"]
    assert [f.name for f in view.measures] == ["expected_revenue"]


def test_graph_defaults():
    view = parse('<graph type="pie" stacked="0"><field name="stage_id"/></graph>', "graph")
    assert (view.type, view.stacked, view.order) == ("pie", False, None)
    assert [f.name for f in view.rows] == ["stage_id"]


def test_pivot_view():
    view = parse(crm.OPPORTUNITY_PIVOT, "pivot")
    assert [(f.name, f.interval) for f in view.rows] == [("create_date", "month")]
    assert [f.name for f in view.cols] == ["stage_id"]
    assert [(f.name, f.string) for f in view.measures] == [
        ("expected_revenue", None),
        ("__count", "Count"),
    ]


def test_unknown_view_type():
    with pytest.raises(ValueError, match="Unknown view type 'calendar'"):
        parse("<calendar/>", "calendar")


# -- fields_used ---------------------------------------------------------------------------


def test_fields_used_by_the_form_includes_expression_fields(form):
    used = fields_used(form)
    assert {"name", "stage_id", "partner_id", "calendar_event_count"} <= used
    assert {"active", "probability", "type"} <= used  # read by invisible="..." only
    assert "team_id" in used  # read by the statusbar's domain
    assert not used & {"context", "uid", "parent", "today"}


def test_fields_used_by_the_list_includes_decorations():
    used = fields_used(parse(crm.OPPORTUNITY_LIST, "list"))
    assert {"active", "my_activity_date_deadline", "probability", "expected_revenue"} <= used
    assert "today" not in used


def test_fields_used_by_the_kanban():
    used = fields_used(parse(crm.OPPORTUNITY_KANBAN, "kanban"))
    assert {"activity_state", "expected_revenue", "stage_id", "color", "user_id"} <= used
    assert {"active", "probability"} <= used  # the ribbon's invisible


def test_fields_used_by_other_views():
    assert fields_used(parse(crm.OPPORTUNITY_ACTIVITY, "activity")) == {
        "name",
        "partner_id",
        "expected_revenue",
    }
    search = fields_used(parse(crm.OPPORTUNITY_SEARCH, "search"))
    assert {"name", "create_date", "date_closed", "team_id", "date_deadline"} <= search
    assert fields_used(parse(crm.OPPORTUNITY_PIVOT, "pivot")) == {
        "create_date",
        "stage_id",
        "expected_revenue",
    }
    assert fields_used(parse(crm.OPPORTUNITY_GRAPH, "graph")) == {
        "stage_id",
        "user_id",
        "expected_revenue",
    }


def test_fields_used_rejects_other_objects():
    with pytest.raises(TypeError):
        fields_used(object())


def test_validated_merged_arch_end_to_end():
    """arch → inherit → validate → tree, as the loader and web layer will chain them."""
    from core.views import combine, validate_arch

    spec = parse_arch(
        """<data>
            <xpath expr="//button[@name='action_set_won_rainbowman']" position="before">
                <button name="action_new_quotation" type="object" string="New Quotation"
                        invisible="type == 'lead' or not active"/>
            </xpath>
            <field name="tag_ids" position="after"><field name="campaign_id"/></field>
        </data>"""
    )
    arch = combine(crm.OPPORTUNITY_FORM, [("sale_crm.crm_case_form_view_oppor", spec)])
    methods = crm.LEAD_METHODS | {"action_new_quotation"}
    validate_arch(arch, "form", view_name="crm.lead.form", fields=crm.LEAD_FIELDS, methods=methods)
    view = parse_view(arch, "form")
    assert [b.string for b in view.header_buttons][:2] == ["New Quotation", "Mark Won"]
