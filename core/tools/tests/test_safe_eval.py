"""Tests for core.tools.safe_eval: what expressions may do, and what they may not."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from core.tools.safe_eval import (
    compile_expr,
    eval_context_time,
    safe_eval,
    safe_for_eval,
)


class Record:
    """A stand-in for a record: plain attributes and one method marked safe."""

    def __init__(self, **values):
        self.__dict__.update(values)

    @safe_for_eval
    def display(self):
        return f"#{self.id}"

    def write(self, values):  # not marked: must stay out of reach
        raise AssertionError("write() reached from an expression")


@pytest.fixture
def ns():
    stage = Record(id=7, is_won=True)
    user = Record(id=2, name="Mitchell", stage=stage)
    return {"user": user, "uid": 2, "company_ids": [1, 3], "active": False, "stage_id": stage}


# -- allowed -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expr, expected",
    [
        ("1", 1),
        ("1.5", 1.5),
        ("'a'", "a"),
        ("None", None),
        ("True", True),
        ("False", False),
        ("[1, 2]", [1, 2]),
        ("(1,)", (1,)),
        ("{'a': 1}", {"a": 1}),
        ("{1, 2}", {1, 2}),
        ("-1 + 2 * 3 - 4 / 2", 3.0),
        ("7 // 2", 3),
        ("7 % 4", 3),
        ("+3", 3),
        ("1 < 2 <= 2", True),
        ("1 == 1 != 2", True),
        ("2 in [1, 2]", True),
        ("3 not in (1,)", True),
        ("None is None", True),
        ("None is not False", True),
        ("1 and 0", 0),
        ("0 or 'x'", "x"),
        ("not 0", True),
        ("'yes' if 1 else 'no'", "yes"),
        ("[x * 2 for x in [1, 2] if x > 1]", [4]),
        ("{x: x for x in 'ab'}", {"a": "a", "b": "b"}),
        ("{x for x in [1, 1]}", {1}),
        ("any(x > 1 for x in [1, 2])", True),
        ("[1, 2, 3][1:]", [2, 3]),
        ("'abc'[0]", "a"),
        ("{1, 2} | {3}", {1, 2, 3}),
        ("f'n={1 + 1}'", "n=2"),
        ("len([1]) + max(1, 2) + min(3, 4) + abs(-1) + round(1.4)", 8),
        ("sorted([3, 1]) + list((2,))", [1, 3, 2]),
        ("dict(a=1)", {"a": 1}),
        ("str(1) + 'x'.upper()", "1X"),
        ("'a,b'.split(',')", ["a", "b"]),
        ("{'a': 1}.get('b', 2)", 2),
        ("[*[1], 2]", [1, 2]),
    ],
)
def test_allowed_constructs(expr, expected):
    assert safe_eval(expr, {}) == expected


def test_record_rule_domain(ns):
    domain = "['|', ('user_id', '=', user.id), ('user_id', '=', False)]"
    assert safe_eval(domain, ns) == ["|", ("user_id", "=", 2), ("user_id", "=", False)]


def test_company_rule_domain(ns):
    domain = "['|', ('company_id', '=', False), ('company_id', 'in', company_ids)]"
    assert safe_eval(domain, ns)[2] == ("company_id", "in", [1, 3])


def test_modifier_with_attribute_chain(ns):
    assert safe_eval("stage_id.is_won or not active", ns) is True
    assert safe_eval("user.stage.is_won and user.stage.id == 7", ns) is True


def test_action_context_literal():
    ctx = "{'search_default_my_pipeline': 1, 'default_type': 'opportunity'}"
    assert safe_eval(ctx, {}) == {"search_default_my_pipeline": 1, "default_type": "opportunity"}


def test_multiline_expression_with_surrounding_whitespace():
    assert safe_eval("\n    [('a', '=', 1),\n     ('b', '=', 2)]\n  ", {}) == [
        ("a", "=", 1),
        ("b", "=", 2),
    ]


def test_comprehension_sees_namespace(ns):
    assert safe_eval("[c for c in company_ids if c != uid]", ns) == [1, 3]


def test_calls_namespace_values_and_marked_methods(ns):
    ns["double"] = lambda value: value * 2
    assert safe_eval("double(uid)", ns) == 4
    assert safe_eval("user.display()", ns) == "#2"


def test_namespace_callable_as_attribute_needs_mark():
    helpers = SimpleNamespace(plain=lambda: 1, marked=safe_for_eval(lambda: 2))
    assert safe_eval("helpers.marked()", {"helpers": helpers}) == 2
    with pytest.raises(ValueError, match="calling 'plain'"):
        safe_eval("helpers.plain()", {"helpers": helpers})


def test_compile_once_and_reuse(ns):
    compiled = compile_expr("uid + 1")
    assert compiled is compile_expr("uid + 1")
    assert compiled(ns) == 3
    assert compiled({"uid": 10}) == 11
    assert compiled.names == frozenset({"uid"})


def test_free_names_exclude_comprehension_variables():
    compiled = compile_expr("[x for x in ids if x in allowed] and stage_id.is_won")
    assert compiled.names == frozenset({"ids", "allowed", "stage_id"})


def test_short_circuit_does_not_evaluate_unknown_names():
    assert safe_eval("True or missing", {}) is True


def test_namespace_is_not_modified(ns):
    before = dict(ns)
    safe_eval("[x for x in company_ids]", ns)
    assert ns == before


# -- forbidden -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "expr, construct",
    [
        ("lambda: 1", "lambda"),
        ("(x := 1)", "assignment expression"),
        ("().__class__", "attribute '__class__'"),
        ("user._name", "attribute '_name'"),
        ("__import__('os')", "name '__import__'"),
        ("_secret", "name '_secret'"),
        ("2 ** 100", "operator \\*\\*"),
        ("1 << 100", "operator <<"),
        ("~1", "operator ~"),
        ("'{0.__class__}'.format(1)", "attribute 'format'"),
        ("(x for x in []).gi_frame", "attribute 'gi_frame'"),
        ("b'bytes'", "constant b'bytes'"),
        ("...", "constant Ellipsis"),
        ("(lambda: 1)()", "call of a computed value"),
        ("[len][0]([])", "call of a computed value"),
        ("f'{user.__dict__}'", "attribute '__dict__'"),
    ],
)
def test_forbidden_constructs_name_the_construct(expr, construct):
    with pytest.raises(ValueError, match=f"Forbidden expression: {construct}"):
        compile_expr(expr)


@pytest.mark.parametrize(
    "expr", ["user.write({})", "[].append(1)", "{}.update(a=1)", "'x'.encode()"]
)
def test_unmarked_methods_cannot_be_called(ns, expr):
    with pytest.raises(ValueError, match="Forbidden expression: calling"):
        safe_eval(expr, ns)


def test_builtins_outside_whitelist_are_unknown():
    for expr in ("open('/etc/passwd')", "eval('1')", "getattr(1, 'real')", "type(1)"):
        with pytest.raises(ValueError, match="Unknown name"):
            safe_eval(expr, {})


def test_unknown_name_is_named():
    with pytest.raises(ValueError, match="Unknown name 'partner' in expression “partner.id”"):
        safe_eval("partner.id", {})


def test_name_error_inside_a_namespace_callable_is_not_masked():
    def broken():
        return undefined_global  # noqa: F821

    with pytest.raises(NameError):
        safe_eval("broken()", {"broken": broken})


def test_syntax_error_is_value_error():
    with pytest.raises(ValueError, match="Invalid expression “\\[1,”"):
        compile_expr("[1,")


def test_statements_are_not_expressions():
    with pytest.raises(ValueError, match="Invalid expression"):
        compile_expr("import os")


def test_non_text_is_refused():
    with pytest.raises(ValueError, match="must be text"):
        compile_expr(42)


def test_deep_nesting_is_refused_cleanly():
    with pytest.raises(ValueError):
        compile_expr("(" * 5000 + "1" + ")" * 5000)


# -- time helpers --------------------------------------------------------------------------


def test_eval_context_time_names():
    ctx = eval_context_time()
    assert set(ctx) == {"time", "datetime", "date", "timedelta", "context_today"}
    assert safe_eval("context_today()", ctx) == datetime.datetime.now(datetime.UTC).date()
    assert safe_eval("time.strftime('%Y')", ctx) == str(datetime.datetime.now(datetime.UTC).year)


def test_date_arithmetic_in_domains():
    ctx = eval_context_time("Europe/Berlin")
    domain = safe_eval(
        "[('date_deadline', '<', (context_today() - timedelta(days=7)).strftime('%Y-%m-%d'))]", ctx
    )
    expected = (safe_eval("context_today()", ctx) - datetime.timedelta(days=7)).isoformat()
    assert domain == [("date_deadline", "<", expected)]


def test_odoo_style_datetime_module():
    ctx = eval_context_time()
    value = safe_eval("datetime.datetime.combine(context_today(), datetime.time(0, 0, 0))", ctx)
    assert value.time() == datetime.time(0, 0)
    assert safe_eval("datetime.date(2024, 5, 1).isoformat()", ctx) == "2024-05-01"
    assert safe_eval("date(2024, 5, 1).weekday()", ctx) == 2
    parsed = safe_eval("datetime.datetime.strptime('2024-05-01', '%Y-%m-%d')", ctx)
    assert parsed == datetime.datetime(2024, 5, 1)


def test_time_module_exposes_nothing_else():
    ctx = eval_context_time()
    with pytest.raises(AttributeError):
        safe_eval("time.sleep(1)", ctx)
    with pytest.raises(ValueError):
        safe_eval("date.replace(1)", ctx)


def test_unknown_timezone_fails_loudly():
    with pytest.raises(Exception, match="Nowhere"):
        eval_context_time("Nowhere/City")
