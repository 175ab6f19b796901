"""Item formulas: a safe arithmetic parser and evaluator over named inputs, exact in Decimal."""

import subprocess
import sys
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.scoring.formula import (
    MAX_DEPTH,
    MAX_NESTING,
    FormulaError,
    FormulaEvaluationError,
    parse,
)
from parindex.scoring.formula_checks import may_divide_by_zero

OVERDUE_AND_COMPLAINTS = "100 − (ty_le_qua_han + ty_le_phan_anh)"


def test_the_issue_example_reads_one_hundred_less_the_two_rates():
    expression = parse(OVERDUE_AND_COMPLAINTS)
    assert expression.names == {"ty_le_qua_han", "ty_le_phan_anh"}
    assert expression.evaluate({"ty_le_qua_han": D("2.5"), "ty_le_phan_anh": D("1.25")}) == D("96.25")


def test_a_rate_times_a_coefficient_stays_exact():
    expression = parse("so_dung_han ÷ tong_so × 100 × 0.3")
    assert expression.evaluate({"so_dung_han": D(1), "tong_so": D(3)}) == D(1) / D(3) * 100 * D("0.3")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 + 2 * 3", D(7)),
        ("(1 + 2) * 3", D(9)),
        ("10 - 4 - 3", D(3)),
        ("12 / 3 / 2", D(2)),
        ("-2 * 3", D(-6)),
        ("2 * -3", D(-6)),
        ("--2", D(2)),
        ("+2", D(2)),
        ("2 - -3", D(5)),
        ("10 − 2 × 3 ÷ 4", D("8.5")),
        ("10 – 1", D(9)),
        ("min(3, 1, 2)", D(1)),
        ("max(3)", D(3)),
        ("max(1, 2) * min(4, 5 - 2)", D(6)),
        ("  0.5\t* 4 ", D(2)),
    ],
)
def test_operators_follow_the_usual_precedence(text, value):
    assert parse(text).evaluate({}) == value


def test_the_canonical_text_uses_ascii_operators_and_the_fewest_parentheses():
    assert str(parse("(a × b) ÷ (c − d)")) == "a * b / (c - d)"
    assert str(parse("a - (b - c)")) == "a - (b - c)"
    assert str(parse("(a - b) - c")) == "a - b - c"
    assert str(parse("-(a + b)")) == "-(a + b)"
    assert str(parse("max(a,b)")) == "max(a, b)"


@pytest.mark.parametrize(
    ("text", "code", "position"),
    [
        ("", "empty", 0),
        ("1 +", "unexpected_end", 3),
        ("(1 + 2", "unclosed_parenthesis", 0),
        ("1 + 2)", "unbalanced_parenthesis", 5),
        ("1,5 * a", "unexpected_comma", 1),
        ("2a", "missing_operator", 1),
        ("a b", "missing_operator", 2),
        ("1..2", "bad_number", 0),
        ("5. + 1", "bad_number", 0),
        ("100 % - a", "percent_sign", 4),
        ("Ty_le", "uppercase_name", 0),
        ("tỷ_lệ", "unexpected_character", 1),
        ("a ** 2", "expected_operand", 3),
        ("a ^ 2", "unexpected_character", 2),
        ("foo(1)", "unknown_function", 0),
        ("min()", "no_arguments", 0),
        ("max + 1", "function_without_arguments", 0),
        ("min(1 2)", "missing_operator", 6),
    ],
)
def test_a_formula_that_cannot_be_read_says_why_and_where(text, code, position):
    with pytest.raises(FormulaError) as excinfo:
        parse(text)
    assert excinfo.value.code == code
    assert excinfo.value.position == position
    assert f"at character {position + 1}" in str(excinfo.value)


def test_an_unknown_input_is_refused_at_load_time_with_the_known_ones_listed():
    with pytest.raises(FormulaError) as excinfo:
        parse("a + ty_le_qua_han", known={"a", "ty_le_phan_anh"})
    assert excinfo.value.code == "unknown_name"
    assert excinfo.value.position == 4
    assert excinfo.value.detail == "ty_le_qua_han"
    assert "a, ty_le_phan_anh" in excinfo.value.message


@pytest.mark.parametrize(
    "text",
    [
        "__import__(os)",
        "eval(a)",
        "exec(a)",
        "open(a)",
        "a.b",
        "__import__('os').system('true')",
        'a["x"]',
        "[a]",
        "lambda: 1",
        "a if b else c",
        "a; b",
        "a = 1",
    ],
)
def test_python_is_never_evaluated(text):
    with pytest.raises(FormulaError):
        parse(text)


def test_a_python_builtin_name_is_just_an_unknown_input():
    with pytest.raises(FormulaError) as excinfo:
        parse("__import__ + 1", known={"a"})
    assert excinfo.value.code == "unknown_name"
    with pytest.raises(FormulaEvaluationError) as excinfo:
        parse("__builtins__").evaluate({})
    assert excinfo.value.code == "missing_input"


def test_the_evaluator_never_calls_eval(monkeypatch):
    import builtins

    def refuse(*args, **kwargs):
        raise AssertionError("eval or exec was called")

    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    monkeypatch.setattr(builtins, "compile", refuse)
    assert parse("max(a, 2) * 3").evaluate({"a": D(1)}) == D(6)


def test_a_missing_input_is_named_with_its_position():
    with pytest.raises(FormulaEvaluationError) as excinfo:
        parse("a + bb").evaluate({"a": D(1)})
    assert (excinfo.value.code, excinfo.value.detail, excinfo.value.position) == ("missing_input", "bb", 4)


def test_a_division_by_zero_is_an_error_at_its_operator():
    with pytest.raises(FormulaEvaluationError) as excinfo:
        parse("a / (b - c)").evaluate({"a": D(1), "b": D(2), "c": D(2)})
    assert (excinfo.value.code, excinfo.value.position, excinfo.value.detail) == ("division_by_zero", 2, "b - c")


def test_an_input_that_is_not_a_finite_decimal_is_refused():
    with pytest.raises(FormulaEvaluationError) as excinfo:
        parse("a").evaluate({"a": D("NaN")})
    assert excinfo.value.code == "not_a_number"
    assert parse("a * 2").evaluate({"a": 3}) == D(6)


def test_nesting_too_deep_is_refused_instead_of_crashing():
    with pytest.raises(FormulaError) as excinfo:
        parse("(" * (MAX_NESTING + 1) + "1" + ")" * (MAX_NESTING + 1))
    assert excinfo.value.code == "too_complex"
    with pytest.raises(FormulaError) as excinfo:
        parse(" + ".join(["1"] * (MAX_DEPTH + 5)))
    assert excinfo.value.code == "too_complex"
    with pytest.raises(FormulaError) as excinfo:
        parse("-" * 5000 + "1")
    assert excinfo.value.code == "too_complex"
    assert parse("-" * 50 + "1").evaluate({}) == D(1)


def test_every_division_is_listed_in_reading_order():
    divisions = parse("a / b + c / (d + 1)").divisions()
    assert [(d.position, d.divisor, d.divisor_names) for d in divisions] == [(2, "b", {"b"}), (10, "d + 1", {"d"})]


def test_a_division_by_an_input_not_declared_nonzero_is_found():
    expression = parse("so_dung_han / tong_so * 100")
    [risky] = may_divide_by_zero(expression, nonzero=set())
    assert (risky.divisor, risky.position) == ("tong_so", 12)
    assert may_divide_by_zero(expression, nonzero={"tong_so"}) == ()


@pytest.mark.parametrize(
    ("text", "nonzero", "non_negative", "risky"),
    [
        ("a / 2", set(), set(), []),
        ("a / 0", set(), set(), ["0"]),
        ("a / (2 - 2)", set(), set(), ["2 - 2"]),
        ("a / -b", {"b"}, set(), []),
        ("a / (b * c)", {"b", "c"}, set(), []),
        ("a / (b * c)", {"b"}, set(), ["b * c"]),
        ("a / (b / c)", {"b", "c"}, set(), []),
        ("a / (b + c)", {"b"}, {"b", "c"}, []),
        ("a / (b + c)", {"b", "c"}, set(), ["b + c"]),
        ("a / (b - c)", {"b", "c"}, {"b", "c"}, ["b - c"]),
        ("a / (b + 1)", set(), {"b"}, []),
        ("a / max(b, 1)", set(), set(), []),
        ("a / min(b, 1)", set(), set(), ["min(b, 1)"]),
        ("a / min(b, c)", {"b"}, {"b", "c"}, ["min(b, c)"]),
        ("a / min(b, c)", {"b", "c"}, {"b", "c"}, []),
        ("a / (b / 0)", {"b"}, set(), ["0"]),
    ],
)
def test_divisor_safety_follows_what_is_known_of_the_inputs(text, nonzero, non_negative, risky):
    found = may_divide_by_zero(parse(text), nonzero=nonzero, non_negative=non_negative)
    assert [division.divisor for division in found] == risky


# --- Property tests: random trees printed, parsed and evaluated agree with direct Decimal evaluation ----------------

NAMES = ("a", "b", "ty_le", "x_1")
OPERATOR_SPELLINGS = {"+": ["+"], "-": ["-", "−", "–"], "*": ["*", "×"], "/": ["/", "÷"]}
PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}

leaves = st.one_of(
    st.decimals(min_value=0, max_value=1000, places=2).map(lambda v: ("num", v)),
    st.sampled_from(NAMES).map(lambda n: ("name", n)),
)


def _extend(children):
    return st.one_of(
        st.tuples(st.sampled_from("+-*/"), children, children).map(lambda t: ("bin", *t)),
        children.map(lambda c: ("neg", c)),
        st.tuples(st.sampled_from(["min", "max"]), st.lists(children, min_size=1, max_size=3)).map(
            lambda t: ("call", t[0], tuple(t[1]))
        ),
    )


trees = st.recursive(leaves, _extend, max_leaves=12)


def direct(tree, values):
    kind = tree[0]
    if kind == "num":
        return tree[1]
    if kind == "name":
        return values[tree[1]]
    if kind == "neg":
        return -direct(tree[1], values)
    if kind == "call":
        results = [direct(argument, values) for argument in tree[2]]
        return min(results) if tree[1] == "min" else max(results)
    operator, left, right = tree[1:]
    left, right = direct(left, values), direct(right, values)
    if operator == "/" and right == 0:
        raise ZeroDivisionError
    return {"+": left + right, "-": left - right, "*": left * right, "/": left / right if right else None}[operator]


def printed(tree, draw_spelling, parent=0, right_side=False):
    """Text for a tree with random operator spellings, spacing and redundant parentheses, keeping its structure."""
    kind = tree[0]
    if kind == "num":
        return format(tree[1], "f")
    if kind == "name":
        return tree[1]
    if kind == "neg":
        return "-(" + printed(tree[1], draw_spelling) + ")"
    if kind == "call":
        return tree[1] + "(" + ", ".join(printed(argument, draw_spelling) for argument in tree[2]) + ")"
    operator, left, right = tree[1:]
    precedence = PRECEDENCE[operator]
    space = draw_spelling([" ", "", "  "])
    text = (
        printed(left, draw_spelling, precedence)
        + space
        + draw_spelling(OPERATOR_SPELLINGS[operator])
        + space
        + printed(right, draw_spelling, precedence, True)
    )
    needed = precedence < parent or (right_side and precedence == parent)
    return f"({text})" if needed or draw_spelling([False, False, True]) else text


inputs = st.fixed_dictionaries(
    {name: st.decimals(min_value=-1000, max_value=1000, places=3) for name in NAMES},
)


@settings(max_examples=300)
@given(tree=trees, values=inputs, data=st.data())
def test_a_printed_tree_parses_back_to_the_same_exact_value(tree, values, data):
    text = printed(tree, lambda options: data.draw(st.sampled_from(options)))
    expression = parse(text)
    try:
        expected = direct(tree, values)
    except ZeroDivisionError:
        with pytest.raises(FormulaEvaluationError):
            expression.evaluate(values)
        return
    assert expression.evaluate(values) == expected
    assert parse(str(expression)).evaluate(values) == expected
    assert parse(str(expression)).root == parse(str(parse(str(expression)))).root


@settings(max_examples=200)
@given(tree=trees, values=inputs)
def test_a_formula_said_safe_never_divides_by_zero(tree, values):
    expression = parse(printed(tree, lambda options: options[0]))
    nonzero = {name for name, value in values.items() if value != 0}
    non_negative = {name for name, value in values.items() if value >= 0}
    if not may_divide_by_zero(expression, nonzero=nonzero, non_negative=non_negative):
        expression.evaluate(values)  # must not raise a division by zero


@given(text=st.text(max_size=40))
def test_any_text_either_parses_or_fails_with_a_formula_error(text):
    position = None
    try:
        parse(text)
    except FormulaError as error:
        position = error.position
    assert position is None or 0 <= position <= len(text)


@given(text=st.text(alphabet="ab_19.,()+-*/×÷−–% minaxAỷ", max_size=30))
def test_any_formula_like_text_either_parses_or_fails_with_a_formula_error(text):
    try:
        expression = parse(text)
    except FormulaError as error:
        code, position = error.code, error.position
        expression = None
    if expression is None:
        assert code
        assert 0 <= position <= len(text)
    else:
        assert parse(str(expression)).root == parse(str(parse(str(expression)))).root


def test_the_formula_module_imports_without_django():
    code = (
        "import sys, parindex.scoring.formula, parindex.scoring.counted;"
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
