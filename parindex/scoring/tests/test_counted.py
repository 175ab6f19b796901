"""Counted rules: ratios from two counts, points per item, and the meanings of "not applicable"."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parindex.scoring.counted import (
    NOT_APPLICABLE,
    NotApplicableDeclarer,
    NotApplicableMeaning,
    PerItem,
    ZeroDenominator,
    formula_points,
    full_from,
    not_applicable_leaf_score,
    not_applicable_share,
    per_item_points,
    rate,
    ratio_points,
    scorer_from_rule,
)
from parindex.scoring.engine import LeafKind, Tree, compute_unit
from parindex.scoring.formula import FormulaEvaluationError, parse
from parindex.scoring.rules import Bands, Proportional, RuleInputError, Threshold

ON_TIME_BANDS = Bands(thresholds=(Threshold(D(95), D(2)), Threshold(D(80), D(1)), Threshold(D(0), D(0))))

# --- Ratios --------------------------------------------------------------------------------------------------------


def test_the_rate_is_exact_and_not_rounded_to_the_hundredth():
    assert rate(1, 3) == D(100) / D(3)
    assert rate(1, 3) != D("33.33")
    assert rate(D("2.5"), D(10)) == D(25)


def test_ratio_points_round_only_at_the_edge():
    scorer = scorer_from_rule(Proportional(target=D(100)), D(2))
    assert ratio_points(1, 3, D(2), scorer, ZeroDenominator.ZERO) == D("0.67")  # 2 × 33,333… % = 0,666… → 0,67
    # 15 999 of 20 000 is 79,995 %: a rate rounded early to 80,00 % would reach the 80 % band; the exact rate does not.
    band = scorer_from_rule(Bands(thresholds=(Threshold(D(80), D(2)),)), D(2))
    assert ratio_points(15999, 20000, D(2), band, ZeroDenominator.ZERO) == D("0.00")
    assert ratio_points(16000, 20000, D(2), band, ZeroDenominator.ZERO) == D("2.00")


def test_an_existing_bands_rule_scores_the_computed_rate():
    scorer = scorer_from_rule(ON_TIME_BANDS, D(2))
    assert ratio_points(95, 100, D(2), scorer, ZeroDenominator.ZERO) == D("2.00")
    assert ratio_points(189, 200, D(2), scorer, ZeroDenominator.ZERO) == D("1.00")  # 94,5 %
    assert ratio_points(79, 100, D(2), scorer, ZeroDenominator.ZERO) == D("0.00")


def test_full_points_from_eighty_percent_and_proportional_below():
    # "đạt từ 80 % trở lên: tối đa; dưới 80 %: tỷ lệ × tối đa / 80 %", 2 points.
    scorer = full_from(D(80), D(2))
    assert ratio_points(80, 100, D(2), scorer, ZeroDenominator.ZERO) == D("2.00")
    assert ratio_points(99, 100, D(2), scorer, ZeroDenominator.ZERO) == D("2.00")
    assert ratio_points(60, 100, D(2), scorer, ZeroDenominator.ZERO) == D("1.50")
    assert ratio_points(1, 3, D(2), scorer, ZeroDenominator.ZERO) == D("0.83")  # 33,33… × 2 / 80 = 0,8333…


def test_full_from_agrees_with_proportional_to_the_threshold():
    for numerator in range(0, 101, 7):
        assert ratio_points(numerator, 100, D(2), full_from(D(80), D(2)), ZeroDenominator.ZERO) == ratio_points(
            numerator, 100, D(2), scorer_from_rule(Proportional(target=D(80)), D(2)), ZeroDenominator.ZERO
        )


def test_full_from_wants_a_threshold_above_zero():
    with pytest.raises(ValueError, match="above zero"):
        full_from(D(0), D(2))


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (ZeroDenominator.NOT_APPLICABLE, NOT_APPLICABLE),
        (ZeroDenominator.ZERO, D("0.00")),
        (ZeroDenominator.FULL, D("2.00")),
    ],
)
def test_a_zero_denominator_follows_the_items_policy(policy, expected):
    assert ratio_points(0, 0, D(2), full_from(D(80), D(2)), policy) == expected


def test_a_numerator_above_the_denominator_is_refused():
    with pytest.raises(RuleInputError) as excinfo:
        ratio_points(11, 10, D(2), full_from(D(80), D(2)), ZeroDenominator.ZERO)
    assert excinfo.value.code == "numerator_above_denominator"
    assert excinfo.value.limit == D(10)
    with pytest.raises(RuleInputError):
        rate(1, 0)


@pytest.mark.parametrize(("numerator", "denominator"), [(-1, 10), (1, D(-10)), (D("-0.5"), 10)])
def test_negative_counts_are_refused(numerator, denominator):
    with pytest.raises(RuleInputError) as excinfo:
        rate(numerator, denominator)
    assert excinfo.value.code == "negative"


@pytest.mark.parametrize("value", [D("NaN"), D("Infinity")])
def test_a_count_that_is_not_a_number_is_refused(value):
    with pytest.raises(RuleInputError) as excinfo:
        rate(value, 10)
    assert excinfo.value.code == "not_a_number"


@pytest.mark.parametrize("value", [0.5, True, "3"])
def test_only_decimals_and_integers_are_counts(value):
    with pytest.raises(TypeError):
        rate(value, 10)


def test_a_scorer_outside_the_maximum_is_clamped():
    assert ratio_points(5, 10, D(2), lambda r: D(7), ZeroDenominator.ZERO) == D("2.00")
    assert ratio_points(5, 10, D(2), lambda r: D(-1), ZeroDenominator.ZERO) == D("0.00")


# --- Formulas ------------------------------------------------------------------------------------------------------

OVERDUE_AND_COMPLAINTS = parse("100 − (ty_le_qua_han + ty_le_phan_anh)")
ON_TIME_RATE = parse("so_dung_han / tong_so * 100")


def test_a_formula_value_is_scored_like_a_rate():
    values = {"ty_le_qua_han": D(5), "ty_le_phan_anh": D(15)}
    assert formula_points(OVERDUE_AND_COMPLAINTS, values, D(2), full_from(D(100), D(2))) == D("1.60")
    assert formula_points(OVERDUE_AND_COMPLAINTS, values, D(2), scorer_from_rule(ON_TIME_BANDS, D(2))) == D("1.00")


def test_a_formula_without_a_scorer_gives_points_clamped_to_the_maximum():
    assert formula_points(parse("a * 0.5"), {"a": D(3)}, D(2)) == D("1.50")
    assert formula_points(parse("a * 0.5"), {"a": D(9)}, D(2)) == D("2.00")
    assert formula_points(parse("1 - a"), {"a": D(9)}, D(2)) == D("0.00")


def test_a_formula_value_below_zero_is_scored_as_zero():
    values = {"ty_le_qua_han": D(70), "ty_le_phan_anh": D(50)}
    scorer = scorer_from_rule(Proportional(target=D(100)), D(2))
    assert formula_points(OVERDUE_AND_COMPLAINTS, values, D(2), scorer) == D("0.00")


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (ZeroDenominator.NOT_APPLICABLE, NOT_APPLICABLE),
        (ZeroDenominator.ZERO, D("0.00")),
        (ZeroDenominator.FULL, D("2.00")),
    ],
)
def test_a_formula_dividing_by_zero_follows_the_items_policy(policy, expected):
    values = {"so_dung_han": D(0), "tong_so": D(0)}
    assert formula_points(ON_TIME_RATE, values, D(2), full_from(D(80), D(2)), policy) == expected


def test_a_formula_dividing_by_zero_without_a_policy_is_an_error():
    with pytest.raises(FormulaEvaluationError) as excinfo:
        formula_points(ON_TIME_RATE, {"so_dung_han": D(0), "tong_so": D(0)}, D(2))
    assert excinfo.value.code == "division_by_zero"


def test_a_formula_refuses_a_negative_input_and_names_a_missing_one():
    with pytest.raises(RuleInputError) as excinfo:
        formula_points(ON_TIME_RATE, {"so_dung_han": D(-1), "tong_so": D(3)}, D(2))
    assert excinfo.value.code == "negative"
    with pytest.raises(FormulaEvaluationError) as excinfo:
        formula_points(ON_TIME_RATE, {"so_dung_han": D(1)}, D(2), on_zero=ZeroDenominator.ZERO)
    assert (excinfo.value.code, excinfo.value.detail) == ("missing_input", "tong_so")


# --- Points per item -----------------------------------------------------------------------------------------------


def test_half_a_point_per_regulation_up_to_two_points():
    # "0,5 điểm cho mỗi nội quy, quy chế được ban hành, tối đa 2 điểm".
    assert [per_item_points(D("0.5"), n, D(2)) for n in range(6)] == [
        D("0.00"),
        D("0.50"),
        D("1.00"),
        D("1.50"),
        D("2.00"),
        D("2.00"),
    ]


def test_per_item_refuses_negative_and_fractional_counts():
    with pytest.raises(RuleInputError) as excinfo:
        per_item_points(D("0.5"), -1, D(2))
    assert excinfo.value.code == "negative"
    with pytest.raises(RuleInputError) as excinfo:
        per_item_points(D("0.5"), D("1.5"), D(2))
    assert excinfo.value.code == "not_a_count"
    with pytest.raises(ValueError, match="negative"):
        per_item_points(D("-0.5"), 1, D(2))


def test_the_per_item_rule_has_the_shape_of_the_other_rules():
    rule = PerItem(per=D("0.25"))
    assert rule.type == "per_item"
    assert rule.points(D(3), D(1)) == D("0.75")
    assert rule.points(D(9), D(1)) == D("1.00")
    assert rule.max_awardable() is None


# --- Not applicable ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meaning", "share"),
    [
        (NotApplicableMeaning.LEAVES_DENOMINATOR, (D(0), D(0))),
        (NotApplicableMeaning.FULL_POINTS, (D(3), D(3))),
        (NotApplicableMeaning.ZERO, (D(0), D(3))),
    ],
)
def test_each_not_applicable_meaning_adds_its_share_to_the_sums(meaning, share):
    assert not_applicable_share(meaning, D(3)) == share


@pytest.mark.parametrize(
    ("meaning", "points", "maximum", "index"),
    [
        (NotApplicableMeaning.LEAVES_DENOMINATOR, D(7), D(7), D("100.00")),
        (NotApplicableMeaning.FULL_POINTS, D(10), D(10), D("100.00")),
        (NotApplicableMeaning.ZERO, D(7), D(10), D("70.00")),
    ],
)
def test_the_engine_aggregates_each_not_applicable_meaning(meaning, points, maximum, index):
    tree = Tree.from_paths([("1.1", ["1"], D(7), LeafKind.NORMAL), ("1.2", ["1"], D(3), LeafKind.NORMAL)])
    scores = {"1.1": (D(7), False), "1.2": not_applicable_leaf_score(meaning, D(3))}
    result = compute_unit(tree, scores)
    assert (result.points, result.max_points, result.index) == (points, maximum, index)


def test_the_declarers_are_the_unit_and_the_council():
    assert {declarer.value for declarer in NotApplicableDeclarer} == {"unit", "council"}
    assert NotApplicableDeclarer("council") is NotApplicableDeclarer.COUNCIL


# --- Properties ----------------------------------------------------------------------------------------------------

maxima = st.decimals(min_value=D("0.25"), max_value=20, places=2)
counts = st.integers(min_value=0, max_value=10_000)
amounts = st.decimals(min_value=0, max_value=10_000, places=3)
thresholds = st.decimals(min_value=1, max_value=100, places=2)
policies = st.sampled_from(list(ZeroDenominator))


def scorers(maximum):
    return st.one_of(
        thresholds.map(lambda t: full_from(t, maximum)),
        thresholds.map(lambda t: scorer_from_rule(Proportional(target=t), maximum)),
        st.just(scorer_from_rule(ON_TIME_BANDS, maximum)),
    )


@given(data=st.data(), maximum=maxima, a=amounts, b=amounts, policy=policies)
def test_ratio_points_always_lie_within_zero_and_max(data, maximum, a, b, policy):
    numerator, denominator = sorted([a, b])
    points = ratio_points(numerator, denominator, maximum, data.draw(scorers(maximum)), policy)
    if points is not NOT_APPLICABLE:
        assert D(0) <= points <= maximum
        assert points == points.quantize(D("0.01"))


@given(data=st.data(), maximum=maxima, denominator=st.integers(min_value=1, max_value=10_000))
def test_a_higher_numerator_never_earns_fewer_points(data, maximum, denominator):
    low = data.draw(st.integers(min_value=0, max_value=denominator))
    high = data.draw(st.integers(min_value=low, max_value=denominator))
    scorer = data.draw(scorers(maximum))
    assert ratio_points(low, denominator, maximum, scorer, ZeroDenominator.ZERO) <= ratio_points(
        high, denominator, maximum, scorer, ZeroDenominator.ZERO
    )


@given(numerator=counts, extra=counts)
def test_the_rate_is_exactly_the_fraction_of_one_hundred(numerator, extra):
    denominator = numerator + extra
    if denominator == 0:
        assert rate(numerator, denominator) is None
        return
    value = rate(numerator, denominator)
    assert isinstance(value, D)
    assert D(0) <= value <= D(100)
    assert abs(value * denominator - numerator * 100) <= D("1e-20") * denominator


@given(per=st.decimals(min_value=0, max_value=5, places=2), a=counts, b=counts, maximum=maxima)
def test_per_item_points_lie_within_zero_and_max_and_more_items_never_earn_fewer(per, a, b, maximum):
    few, many = sorted([a, b])
    points_few = per_item_points(per, few, maximum)
    points_many = per_item_points(per, many, maximum)
    assert D(0) <= points_few <= points_many <= maximum


@given(data=st.data(), maximum=maxima, low=amounts, extra=amounts, other=amounts)
def test_a_formula_points_lie_within_zero_and_max_and_follow_the_good_direction(data, maximum, low, extra, other):
    scorer = data.draw(scorers(maximum))
    better = {"ty_le_qua_han": low, "ty_le_phan_anh": other}
    worse = {"ty_le_qua_han": low + extra, "ty_le_phan_anh": other}
    points_better = formula_points(OVERDUE_AND_COMPLAINTS, better, maximum, scorer)
    points_worse = formula_points(OVERDUE_AND_COMPLAINTS, worse, maximum, scorer)
    assert D(0) <= points_worse <= points_better <= maximum


@given(meaning=st.sampled_from(list(NotApplicableMeaning)), maximum=maxima)
def test_a_not_applicable_share_never_exceeds_its_maximum(meaning, maximum):
    points, counted_max = not_applicable_share(meaning, maximum)
    assert D(0) <= points <= counted_max <= maximum
