"""Pure parts of the renderers: values, modifiers, charts, pivot headers, URLs, domains."""

import datetime as dt

import pytest
from lxml import etree

from core.views.render_modifiers import decoration_classes, evaluate, namespace
from core.views.render_pivot import Axis
from core.views.render_svg import Series, bar_chart, line_chart, nice_max, pie_chart
from core.views.render_values import InputError, display, input_value, parse_input
from core.web.client.search import _and, _or
from core.web.client.search_dates import period_bounds, period_domain
from core.web.client.templating import classes, initials
from core.web.client.urls import Location

FLOAT = {"type": "float"}
MONEY = {"type": "monetary"}
DATE = {"type": "date"}
SELECTION = {"type": "selection", "selection": [["draft", "Draft"], ["done", "Done"]]}


@pytest.mark.parametrize(("info", "value", "lang", "shown"), [
    (FLOAT, 1234.5, "en_US", "1,234.50"),
    (FLOAT, 1234.5, "de_DE", "1.234,50"),
    ({"type": "integer"}, 1234, "de_DE", "1.234"),
    (DATE, "2024-05-31", "de_DE", "31.05.2024"),
    (DATE, "2024-05-31", "en_US", "May 31, 2024"),
    (SELECTION, "done", "en_US", "Done"),
    ({"type": "many2one"}, [3, "Acme"], "en_US", "Acme"),
    ({"type": "boolean"}, True, "de_DE", "Ja"),
    (MONEY, False, "en_US", "0.00"),
    ({"type": "char"}, False, "en_US", ""),
])
def test_display(info, value, lang, shown):
    assert display(info, value, lang) == shown


@pytest.mark.parametrize(("info", "typed", "lang", "value"), [
    (FLOAT, "1.234,5", "de_DE", 1234.5),
    (FLOAT, "1,234.5", "en_US", 1234.5),
    (FLOAT, "12 €", "de_DE", 12.0),
    ({"type": "integer"}, "42", "en_US", 42),
    (DATE, "2024-05-31", "de_DE", "2024-05-31"),
    (DATE, "31.05.2024", "de_DE", "2024-05-31"),
    (SELECTION, "draft", "en_US", "draft"),
    ({"type": "many2one"}, "7", "en_US", 7),
    ({"type": "many2one"}, "", "en_US", False),
    (FLOAT, "", "en_US", 0),
])
def test_parse_input(info, typed, lang, value):
    assert parse_input(info, typed, lang) == value


@pytest.mark.parametrize(("info", "typed", "message"), [
    (FLOAT, "abc", "Not a valid number."),
    ({"type": "integer"}, "1.5", "Not a valid whole number."),
    (DATE, "31.31.2020", "Not a valid date."),
    (SELECTION, "other", "Not one of the available choices."),
    ({"type": "many2one"}, "Acme", "Choose a value from the list."),
])
def test_parse_input_errors(info, typed, message):
    with pytest.raises(InputError) as error:
        parse_input(info, typed, "en_US")
    assert str(error.value.args[0]) == message


def test_input_value_of_datetime_in_the_users_time_zone():
    info = {"type": "datetime"}
    assert input_value(info, "2024-01-15 09:30:00", "de_DE", "Europe/Berlin") == \
        "2024-01-15T10:30"
    assert parse_input(info, "2024-01-15T10:30", "de_DE", "Europe/Berlin") == \
        "2024-01-15 09:30:00"


def test_modifiers_read_record_values_and_context():
    fields = {"state": {"type": "selection"}, "partner_id": {"type": "many2one"},
              "date": {"type": "date"}}
    ns = namespace({"state": "done", "partner_id": [4, "Acme"], "date": "2000-01-01"}, fields,
                   context={"default_type": "lead"}, uid=2)
    assert evaluate("state == 'done'", ns)
    assert evaluate("partner_id == 4 and uid == 2", ns)
    assert evaluate("date < today", ns)
    assert evaluate("context.get('default_type') == 'lead'", ns)
    assert evaluate("1", ns) and not evaluate("0", ns) and not evaluate(None, ns)
    assert evaluate("missing_name", ns, default=True) is True
    assert decoration_classes({"danger": "state == 'done'", "bf": "True", "muted": "False"},
                              ns) == ["text-danger", "fw-bold"]


def test_parent_values_in_inline_views():
    ns = namespace({}, {}, parent={"state": "done"})
    assert evaluate("parent.state == 'done'", ns)


def test_bar_chart_stacked_and_grouped():
    chart = bar_chart(["New", "Won"], [Series("Alice", [1, 2]), Series("Bob", [3, 0])],
                      stacked=True, title="Revenue & more")
    svg = etree.fromstring(str(chart))
    rects = svg.findall(".//{http://www.w3.org/2000/svg}rect[@class]")
    assert len([r for r in rects if "bar" in r.get("class")]) == 4
    assert svg.get("aria-label") == "Revenue & more"
    assert "Revenue &amp; more" in str(chart)
    side = bar_chart(["A"], [Series("x", [1]), Series("y", [2])], stacked=False)
    assert str(side).count('class="bar series-') == 2


def test_line_and_pie_charts():
    assert "<polyline" in str(line_chart(["a", "b"], [Series("s", [1, 5])]))
    pie = str(pie_chart(["a", "b", "c"], [1, 3, 0]))
    assert pie.count("<path") == 2
    assert "<circle" in str(pie_chart(["only"], [5]))


def test_nice_axis_maximum():
    assert [nice_max(v) for v in (0, 7, 12, 180, 2400)] == [1, 10, 20, 200, 2500]


def test_pivot_axis_visible_leaves_and_header_rows():
    levels = [[((), "Total")], [(("1",), "New"), (("2",), "Won")],
              [(("1", "a"), "Alice"), (("1", "b"), "Bob"), (("2", "a"), "Alice")]]
    axis = Axis(levels, collapsed=set())
    assert [n.label for n in axis.visible()] == ["Total", "New", "Alice", "Bob", "Won",
                                                 "Alice"]
    assert [n.path for n in axis.leaves()] == [("1", "a"), ("1", "b"), ("2", "a")]
    rows = axis.header_rows(measures=2)
    assert [c.colspan for c in rows[0]] == [6]
    assert [c.colspan for c in rows[1]] == [4, 2]
    folded = Axis(levels, collapsed={("1",)})
    assert [n.label for n in folded.visible()] == ["Total", "New", "Won", "Alice"]
    assert folded.header_rows(1)[1][0].rowspan == 2


def test_locations_are_bookmarkable():
    loc = Location("test.task", "kanban", 5, None, (("f", "mine"), ("g", "stage_id"),
                                                     ("kf", "3")))
    assert loc.href() == "/web/action/5/kanban?f=mine&g=stage_id&kf=3"
    assert loc.view("list").href() == "/web/action/5/list?f=mine&g=stage_id"
    record = loc.record(9)
    assert record.href() == "/web/action/5/form/9?f=mine&g=stage_id&from=kanban"
    assert record.origin().href() == "/web/action/5/kanban?f=mine&g=stage_id"
    assert loc.toggled("f", "mine").getlist("f") == []
    assert Location("res.partner", "list").href() == "/web/model/res.partner/list"


def test_domain_combination():
    assert _or([[("a", "=", 1)], [("b", "=", 2), ("c", "=", 3)]]) == [
        "|", ("a", "=", 1), "&", ("b", "=", 2), ("c", "=", 3)]
    assert _and([[("a", "=", 1)], [], ["|", ("b", "=", 2), ("c", "=", 3)]]) == [
        "&", ("a", "=", 1), "|", ("b", "=", 2), ("c", "=", 3)]


def test_date_periods():
    today = dt.date(2024, 5, 15)
    assert period_bounds("this_month", today) == (dt.date(2024, 5, 1), dt.date(2024, 6, 1))
    assert period_bounds("last_month", today) == (dt.date(2024, 4, 1), dt.date(2024, 5, 1))
    assert period_bounds("this_quarter", today) == (dt.date(2024, 4, 1), dt.date(2024, 7, 1))
    assert period_domain("d", "today", today, "datetime") == [
        ("d", ">=", "2024-05-15 00:00:00"), ("d", "<", "2024-05-16 00:00:00")]


def test_template_helpers():
    assert initials("Mitchell Admin") == "MA" and initials("") == "?"
    assert classes("a", None, ["b", ""], "c") == "a b c"


def test_macros_work_when_imported_without_context(tmp_path):
    from core.web.client.templating import environment, render

    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "addon.html").write_text('{% from "macros.html" import csrf, icon %}'
                                       '{{ csrf() }}{{ icon("star") }}')

    class Addon:
        path = tmp_path

    class Registry:
        addons = [Addon()]

    environment.cache_clear()
    html = render(Registry(), "addon.html", csrf_token="tok")
    assert 'name="csrf_token" value="tok"' in html and "icons.svg" in html


def test_remaining_days():
    from core.views.render_values import remaining_days
    today = dt.date(2024, 5, 15)
    assert remaining_days("2024-05-15", today, "en_US") == ("Today", "text-warning")
    assert remaining_days("2024-05-18", today, "en_US") == ("In 3 days", "")
    assert remaining_days("2024-05-14", today, "de_DE") == ("Gestern", "text-danger")
    assert remaining_days("2024-05-10", today, "de_DE") == ("Vor 5 Tagen", "text-danger")
    assert remaining_days(False, today, "en_US") == ("", "")
