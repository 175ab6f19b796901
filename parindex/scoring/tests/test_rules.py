"""Leaf rules turn an input into points (plain Python, no database)."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parindex.scoring.rules import Bands, Choice, Deduction, Manual, Option, Proportional, RuleInputError, Threshold

PLAN_ON_TIME = Choice(options=(Option("Đúng hạn", D("1")), Option("Chậm", D("0.5")), Option("Không ban hành", D("0"))))
PLAN_COMPLETION = Bands(
    thresholds=(Threshold(D("90.01"), D("2")), Threshold(D("70"), D("1")), Threshold(D("0"), D("0")))
)


def test_a_choice_gives_the_points_of_the_chosen_option():
    assert PLAN_ON_TIME.points(D(1), D(1)) == D("1.00")
    assert PLAN_ON_TIME.points(D(2), D(1)) == D("0.50")
    assert PLAN_ON_TIME.points(D(3), D(1)) == D("0.00")


@pytest.mark.parametrize("value", [D(0), D(4), D("1.5")])
def test_a_choice_refuses_an_option_that_does_not_exist(value):
    with pytest.raises(RuleInputError) as excinfo:
        PLAN_ON_TIME.points(value, D(1))
    assert excinfo.value.code == "no_such_option"


@pytest.mark.parametrize(
    ("completion", "points"), [(D(100), D(2)), (D("90.01"), D(2)), (D(90), D(1)), (D(70), D(1)), (D("69.99"), D(0))]
)
def test_bands_follow_the_cau_mau_plan_completion_rule(completion, points):
    # Cà Mau QĐ 1880/2013: > 90 % → 2, 70–90 % → 1, < 70 % → 0.
    assert PLAN_COMPLETION.points(completion, D(2)) == points


def test_bands_below_every_threshold_give_zero():
    rule = Bands(thresholds=(Threshold(D(80), D(1)),))
    assert rule.points(D(10), D(1)) == D("0.00")


def test_proportional_scales_and_caps_at_the_maximum():
    rule = Proportional(target=D(100))
    assert rule.points(D("67"), D(2)) == D("1.34")
    assert rule.points(D("66.666"), D(2)) == D("1.33")
    assert rule.points(D(150), D(2)) == D("2.00")


def test_proportional_refuses_a_negative_value():
    with pytest.raises(RuleInputError):
        Proportional(target=D(100)).points(D(-1), D(2))


def test_deduction_takes_per_count_and_stops_at_zero():
    rule = Deduction(per=D("0.25"))
    assert rule.points(D(0), D(1)) == D("1.00")
    assert rule.points(D(2), D(1)) == D("0.50")
    assert rule.points(D(9), D(1)) == D("0.00")


def test_deduction_wants_a_whole_count():
    with pytest.raises(RuleInputError) as excinfo:
        Deduction(per=D("0.25")).points(D("1.5"), D(1))
    assert excinfo.value.code == "not_a_count"


def test_manual_accepts_multiples_of_the_step_up_to_the_maximum():
    rule = Manual(step=D("0.25"))
    assert rule.points(D("0.75"), D(1)) == D("0.75")
    with pytest.raises(RuleInputError) as excinfo:
        rule.points(D("0.3"), D(1))
    assert excinfo.value.code == "not_a_step"
    with pytest.raises(RuleInputError) as excinfo:
        rule.points(D("1.25"), D(1))
    assert excinfo.value.code == "above_max"


money = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False)
maxima = st.decimals(min_value=D("0.25"), max_value=20, places=2)


@given(value=money, maximum=maxima, target=st.decimals(min_value=1, max_value=200, places=2))
def test_proportional_points_always_lie_within_zero_and_max(value, maximum, target):
    points = Proportional(target=target).points(value, maximum)
    assert D(0) <= points <= maximum
    assert points == points.quantize(D("0.01"))


@given(
    count=st.integers(min_value=0, max_value=1000),
    maximum=maxima,
    per=st.decimals(min_value=D("0.01"), max_value=5, places=2),
)
def test_deduction_points_always_lie_within_zero_and_max(count, maximum, per):
    points = Deduction(per=per).points(D(count), maximum)
    assert D(0) <= points <= maximum


@given(a=money, b=money)
def test_bands_never_reward_a_lower_value_with_more_points(a, b):
    low, high = sorted([a, b])
    assert PLAN_COMPLETION.points(low, D(2)) <= PLAN_COMPLETION.points(high, D(2))
