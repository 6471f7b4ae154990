"""Realistic CRM views and field descriptions shared by the view engine tests.

The archs follow the shape of Odoo 17's crm views (crm_lead_views.xml) in the syntax this
project accepts; the field mappings are what ``fields_get`` returns for them.
"""

from __future__ import annotations


def _f(type_: str, string: str, relation: str | None = None, **extra) -> dict:
    info = {"type": type_, "string": string, **extra}
    if relation:
        info["relation"] = relation
    return info


LEAD_FIELDS = {
    "id": _f("integer", "ID"),
    "name": _f("char", "Opportunity"),
    "active": _f("boolean", "Active"),
    "type": _f("selection", "Type"),
    "partner_id": _f("many2one", "Customer", "res.partner"),
    "email_from": _f("char", "Email"),
    "phone": _f("char", "Phone"),
    "user_id": _f("many2one", "Salesperson", "res.users"),
    "team_id": _f("many2one", "Sales Team", "crm.team"),
    "company_id": _f("many2one", "Company", "res.company"),
    "stage_id": _f("many2one", "Stage", "crm.stage"),
    "tag_ids": _f("many2many", "Tags", "crm.tag"),
    "priority": _f("selection", "Priority"),
    "probability": _f("float", "Probability"),
    "expected_revenue": _f("monetary", "Expected Revenue"),
    "company_currency": _f("many2one", "Currency", "res.currency"),
    "date_deadline": _f("date", "Expected Closing"),
    "date_closed": _f("datetime", "Closed Date"),
    "create_date": _f("datetime", "Created on"),
    "lost_reason_id": _f("many2one", "Lost Reason", "crm.lost.reason"),
    "description": _f("html", "Notes"),
    "color": _f("integer", "Color Index"),
    "activity_state": _f("selection", "Activity State"),
    "activity_ids": _f("one2many", "Activities", "mail.activity"),
    "calendar_event_count": _f("integer", "# Meetings"),
    "campaign_id": _f("many2one", "Campaign", "utm.campaign"),
    "medium_id": _f("many2one", "Medium", "utm.medium"),
    "source_id": _f("many2one", "Source", "utm.source"),
    "my_activity_date_deadline": _f("date", "My Deadline"),
}

LEAD_METHODS = frozenset(
    {"action_set_won", "action_set_lost", "action_set_won_rainbowman", "toggle_active"}
    | {"action_schedule_meeting", "action_restore"}
)

OPPORTUNITY_FORM = """<form string="Opportunity" class="o_lead_opportunity_form">
    <header>
        <button name="action_set_won_rainbowman" string="Mark Won" type="object"
                class="oe_highlight" data-hotkey="w" title="Mark as won"
                invisible="not active or probability == 100 or type == 'lead'"/>
        <button name="%(crm.crm_lead_lost_action)d" string="Mark Lost" type="action"
                data-hotkey="l" title="Mark as lost" context="{'dialog_size': 'medium'}"
                invisible="type == 'lead' or not active and probability &lt; 100"/>
        <button name="action_restore" string="Restore" type="object"
                invisible="probability &gt; 0 or active"/>
        <field name="stage_id" widget="statusbar" options="{'clickable': '1', 'fold_field': 'fold'}"
               domain="['|', ('team_id', '=', team_id), ('team_id', '=', False)]"
               invisible="not active or type == 'lead'"/>
    </header>
    <sheet>
        <div class="oe_button_box" name="button_box">
            <button class="oe_stat_button" type="object" name="action_schedule_meeting"
                    icon="fa-calendar" context="{'partner_id': partner_id}"
                    invisible="type == 'lead'">
                <div class="o_stat_info">
                    <field name="calendar_event_count" class="o_stat_value"/>
                    <span class="o_stat_text">Meetings</span>
                </div>
            </button>
        </div>
        <widget name="web_ribbon" title="Lost" bg_color="text-bg-danger"
                invisible="probability &gt; 0 or active"/>
        <widget name="web_ribbon" title="Won" invisible="probability &lt; 100"/>
        <div class="oe_title">
            <h1><field class="text-break" name="name" placeholder="e.g. Product Pricing"/></h1>
            <h2 class="d-flex gap-2 g-0 align-items-end pb-3">
                <div invisible="type == 'lead'">
                    <label for="expected_revenue" class="oe_edit_only"/>
                    <field name="company_currency" invisible="1"/>
                    <field name="expected_revenue" class="oe_inline" widget="monetary"
                           options="{'currency_field': 'company_currency'}"/>
                    <span class="oe_grey p-2"> at </span>
                </div>
                <div>
                    <label for="probability" class="oe_edit_only"/>
                    <field name="probability" widget="float" class="oe_inline"/>
                    <span class="oe_grey"> %</span>
                </div>
            </h2>
        </div>
        <group>
            <group name="opportunity_partner" invisible="type == 'lead'">
                <field name="partner_id" widget="res_partner_many2one"
                       context="{'res_partner_search_mode': type == 'opportunity' and 'customer' or False}"/>
                <field name="email_from" widget="email"/>
                <field name="phone" widget="phone"/>
            </group>
            <group name="opportunity_info">
                <field name="date_deadline"/>
                <field name="priority" widget="priority"/>
                <field name="tag_ids" widget="many2many_tags" options="{'color_field': 'color', 'no_create_edit': True}"/>
            </group>
            <group>
                <field name="user_id" widget="many2one_avatar_user"
                       domain="[('share', '=', False)]"/>
                <field name="team_id" options="{'no_open': True, 'no_create': True}"/>
            </group>
            <group>
                <field name="lost_reason_id" invisible="active"/>
                <field name="company_id" groups="base.group_multi_company"/>
            </group>
        </group>
        <notebook>
            <page string="Internal Notes" name="internal_notes">
                <field name="description" placeholder="Add a description..." options="{'collaborative': true}"/>
            </page>
            <page name="extra" string="Extra Information" invisible="type == 'lead'">
                <group>
                    <group string="Marketing" name="categorization">
                        <field name="campaign_id" options="{'create_name_field': 'title'}"/>
                        <field name="medium_id"/>
                        <field name="source_id"/>
                    </group>
                    <group string="Analysis">
                        <field name="date_closed"/>
                    </group>
                </group>
            </page>
        </notebook>
    </sheet>
    <chatter/>
</form>"""

OPPORTUNITY_LIST = """<tree string="Opportunities" sample="1" multi_edit="1"
      default_order="priority desc, id desc" decoration-muted="not active"
      decoration-bf="my_activity_date_deadline and my_activity_date_deadline &lt;= today">
    <header>
        <button name="action_set_won" type="object" string="Mark Won"/>
    </header>
    <field name="create_date" optional="hide"/>
    <field name="name" string="Opportunity" readonly="1"/>
    <field name="partner_id" optional="hide"/>
    <field name="email_from"/>
    <field name="user_id" widget="many2one_avatar_user" optional="show"/>
    <field name="my_activity_date_deadline" string="My Deadline" widget="remaining_days"
           options="{'allow_order': '1'}" optional="show"/>
    <field name="expected_revenue" sum="Expected Revenues" optional="show" widget="monetary"
           decoration-success="probability == 100"/>
    <field name="stage_id" decoration-bf="1"/>
    <field name="probability" avg="Average Probability" optional="hide"/>
    <field name="active" column_invisible="True"/>
    <field name="company_id" groups="base.group_multi_company" column_invisible="True"/>
    <button name="action_set_won" type="object" icon="fa-check" title="Mark Won"
            invisible="not active or probability == 100"/>
</tree>"""

OPPORTUNITY_KANBAN = """<kanban default_group_by="stage_id" class="o_kanban_small_column"
        quick_create_view="crm.quick_create_opportunity_form" archivable="false" sample="1"
        default_order="priority desc, expected_revenue desc">
    <field name="stage_id" options="{'group_by_tooltip': {'requirements': 'Description'}}"/>
    <field name="probability"/>
    <field name="color"/>
    <field name="active"/>
    <field name="company_currency"/>
    <progressbar field="activity_state"
                 colors='{"planned": "success", "today": "warning", "overdue": "danger"}'
                 sum_field="expected_revenue" help="This bar allows to filter the opportunities based on scheduled activities."/>
    <templates>
        <t t-name="menu">
            <a role="menuitem" type="edit" class="dropdown-item">Edit</a>
        </t>
        <t t-name="card">
            <widget name="web_ribbon" title="Lost" bg_color="text-bg-danger"
                    invisible="active or probability &gt; 0"/>
            <field name="name" class="fw-bold fs-5"/>
            <div class="d-flex">
                <field name="expected_revenue" widget="monetary"
                       options="{'currency_field': 'company_currency'}"
                       invisible="not expected_revenue"/>
            </div>
            <field name="partner_id" class="text-truncate"/>
            <field name="tag_ids" widget="many2many_tags" options="{'color_field': 'color'}"/>
            <footer class="pt-1">
                <div class="d-flex mt-auto align-items-center">
                    <field name="priority" widget="priority" class="me-2"/>
                    <field name="activity_ids" widget="kanban_activity"/>
                </div>
                <field name="user_id" widget="many2one_avatar_user" class="ms-auto"/>
            </footer>
        </t>
    </templates>
</kanban>"""

OPPORTUNITY_SEARCH = """<search string="Search Opportunities">
    <field name="name" string="Opportunity"
           filter_domain="['|', '|', ('name', 'ilike', self), ('email_from', 'ilike', self), ('partner_id', 'ilike', self)]"/>
    <field name="partner_id" operator="child_of" string="Customer"/>
    <field name="tag_ids" string="Tag" filter_domain="[('tag_ids', 'ilike', self)]"/>
    <field name="user_id"/>
    <field name="team_id"/>
    <field name="stage_id" domain="[]"/>
    <filter string="My Pipeline" name="assigned_to_me" domain="[('user_id', '=', uid)]"
            help="Opportunities that are assigned to me"/>
    <filter string="Unassigned" name="unassigned" domain="[('user_id', '=', False)]"/>
    <filter string="Open Opportunities" name="open_opportunities"
            domain="[('probability', '&lt;', 100), ('type', '=', 'opportunity')]"/>
    <separator/>
    <filter string="Creation Date" name="creation_date" date="create_date"
            default_period="this_month"/>
    <filter string="Closed Date" name="close_this_month" date="date_closed"/>
    <separator/>
    <filter string="Won" name="won" domain="['&amp;', ('active', '=', True), ('stage_id.is_won', '=', True)]"/>
    <filter string="Lost" name="lost" domain="['&amp;', ('active', '=', False), ('probability', '=', 0)]"/>
    <separator/>
    <filter string="Overdue Opportunities" name="overdue_opp" invisible="1"
            domain="[('date_closed', '=', False), ('date_deadline', '&lt;', context_today().strftime('%Y-%m-%d'))]"/>
    <separator/>
    <filter string="Archived" name="inactive" domain="[('active', '=', False)]"/>
    <group expand="0" string="Group By">
        <filter string="Salesperson" name="salesperson" context="{'group_by': 'user_id'}"/>
        <filter string="Sales Team" name="saleschannel" context="{'group_by': 'team_id'}"/>
        <filter name="stage" string="Stage" context="{'group_by': 'stage_id'}"/>
        <filter string="Creation Date" context="{'group_by': 'create_date:month'}" name="month"/>
        <filter string="Expected Closing" name="date_deadline" context="{'group_by': 'date_deadline'}"/>
    </group>
</search>"""

OPPORTUNITY_GRAPH = """<graph string="Opportunities" sample="1" type="bar" stacked="1">
    <field name="stage_id" type="col"/>
    <field name="user_id" type="row"/>
    <field name="expected_revenue" type="measure"/>
</graph>"""

OPPORTUNITY_PIVOT = """<pivot string="Pipeline Analysis" sample="1">
    <field name="create_date" interval="month" type="row"/>
    <field name="stage_id" type="col"/>
    <field name="expected_revenue" type="measure"/>
    <field name="__count" type="measure" string="Count"/>
</pivot>"""

OPPORTUNITY_ACTIVITY = """<activity string="Opportunities">
    <field name="partner_id"/>
    <templates>
        <t t-name="card">
            <div class="d-flex">
                <field name="name" display="full" class="o_text_block o_text_bold"/>
            </div>
            <field name="partner_id" display="full" invisible="not partner_id"/>
            <field name="expected_revenue" widget="monetary" invisible="not expected_revenue"/>
        </t>
    </templates>
</activity>"""

ORDER_FIELDS = {
    "name": _f("char", "Order Reference"),
    "partner_id": _f("many2one", "Customer", "res.partner"),
    "state": _f("selection", "Status"),
    "order_line": _f("one2many", "Order Lines", "sale.order.line"),
    "amount_total": _f("monetary", "Total"),
}

ORDER_LINE_FIELDS = {
    "product_id": _f("many2one", "Product", "product.product"),
    "name": _f("text", "Description"),
    "product_uom_qty": _f("float", "Quantity"),
    "price_unit": _f("float", "Unit Price"),
    "price_subtotal": _f("monetary", "Subtotal"),
    "display_type": _f("selection", "Display Type"),
}

ORDER_FORM = """<form string="Sales Order">
    <header>
        <field name="state" widget="statusbar"/>
    </header>
    <sheet>
        <group><field name="partner_id"/></group>
        <notebook>
            <page string="Order Lines" name="order_lines">
                <field name="order_line" mode="list,kanban" readonly="state == 'cancel'">
                    <list editable="bottom" string="Sales Order Lines">
                        <field name="product_id" readonly="parent.state == 'done'"/>
                        <field name="name" widget="section_and_note_text" optional="show"/>
                        <field name="product_uom_qty"/>
                        <field name="price_unit"/>
                        <field name="price_subtotal" sum="Total"/>
                    </list>
                    <form>
                        <group>
                            <field name="product_id"/>
                            <field name="product_uom_qty"/>
                        </group>
                    </form>
                </field>
                <group class="oe_subtotal_footer"><field name="amount_total"/></group>
            </page>
        </notebook>
    </sheet>
</form>"""


def comodel_fields(model: str) -> dict:
    """The ``comodel_fields`` callback of the tests: only sale.order.line is known."""
    return {"sale.order.line": ORDER_LINE_FIELDS}[model]
