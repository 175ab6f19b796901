"""Aggregation: index, not-applicable rescaling, bonus and penalty, node sub-indices."""

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.scoring.engine import LeafKind, Tree, compute_unit, criterion_shares


def small_tree(bonus_cap=None, penalty_cap=None):
    return Tree.from_paths(
        [
            ("1.1", ["1"], D("54.35"), LeafKind.NORMAL),
            ("1.2", ["1"], D("10"), LeafKind.NORMAL),
            ("2.1", ["2", "2.1x"], D("31.79"), LeafKind.NORMAL),
            ("2.2", ["2", "2.1x"], D("3.86"), LeafKind.NORMAL),
            ("B1", ["9"], D("2"), LeafKind.BONUS),
            ("P1", ["9"], D("5"), LeafKind.PENALTY),
        ],
        bonus_cap=bonus_cap,
        penalty_cap=penalty_cap,
    )


def test_sums_are_exact_decimals():
    result = compute_unit(small_tree(), {"1.1": (D("54.35"), False), "2.1": (D("31.79"), False)})
    assert result.base_points == D("86.14")
    assert result.max_points == D("100.00")
    assert result.index == D("86.14")


def test_a_not_applicable_leaf_leaves_the_denominator():
    scores = {"1.1": (D("54.35"), False), "1.2": (None, True), "2.1": (D("31.79"), False), "2.2": (D("3.86"), False)}
    result = compute_unit(small_tree(), scores)
    assert result.max_points == D(90)
    assert result.points == D(90)
    assert result.index == D("100.00")
    assert result.not_applicable == 1


def test_a_missing_leaf_counts_zero_over_its_maximum():
    result = compute_unit(small_tree(), {"1.1": (D("54.35"), False)})
    assert result.index == D("54.35")
    assert result.missing == 3


def test_bonus_and_penalty_stand_outside_the_maximum():
    full = {"1.1": (D("54.35"), False), "1.2": (D(10), False), "2.1": (D("31.79"), False), "2.2": (D("3.86"), False)}
    result = compute_unit(small_tree(), {**full, "B1": (D("1.5"), False), "P1": (D(3), False)})
    assert result.max_points == D(100)
    assert result.points == D("98.50")
    assert result.bonus == D("1.5")
    assert result.penalty == D(3)


def test_caps_bound_the_total_bonus_and_penalty():
    scores = {"1.1": (D(10), False), "B1": (D(2), False), "P1": (D(5), False)}
    result = compute_unit(small_tree(bonus_cap=D(1), penalty_cap=D(2)), scores)
    assert result.bonus == D(1)
    assert result.penalty == D(2)
    assert result.points == D(9)


def test_the_total_never_goes_below_zero():
    result = compute_unit(small_tree(), {"1.1": (D(1), False), "P1": (D(5), False)})
    assert result.points == D(0)
    assert result.index == D("0.00")


def test_every_area_and_criterion_gets_a_sub_index():
    scores = {"1.1": (D("27.18"), False), "1.2": (D(10), False), "2.1": (D("31.79"), False)}
    result = compute_unit(small_tree(), scores)
    assert result.nodes["1"].index == D("57.78")  # 37.18 / 64.35 = 57.777…
    assert result.nodes["2.1x"].points == D("31.79")
    assert result.nodes["2"].max_points == D("35.65")
    assert list(result.areas(small_tree())) == ["1", "2"]


def test_an_area_that_is_itself_a_leaf_is_its_own_area():
    tree = Tree.from_paths([("8", [], D(30), LeafKind.NORMAL), ("1.1", ["1"], D(70), LeafKind.NORMAL)])
    result = compute_unit(tree, {"8": (D(24), False), "1.1": (D(56), False)})
    assert tree.area_codes == ["8", "1"]
    assert result.nodes["8"].index == D("80.00")
    assert result.index == D("80.00")


def test_all_leaves_not_applicable_leaves_no_index():
    tree = Tree.from_paths([("1.1", ["1"], D(1), LeafKind.NORMAL)])
    result = compute_unit(tree, {"1.1": (None, True)})
    assert result.index is None


# Property-based: random trees and scores.
@st.composite
def trees_and_scores(draw, with_extras=False):
    n = draw(st.integers(min_value=1, max_value=30))
    leaves = []
    scores = {}
    for i in range(n):
        maximum = draw(st.decimals(min_value=D("0.25"), max_value=10, places=2))
        area = f"A{draw(st.integers(min_value=1, max_value=4))}"
        kind = LeafKind.NORMAL
        if with_extras:
            kind = draw(st.sampled_from([LeafKind.NORMAL, LeafKind.NORMAL, LeafKind.BONUS, LeafKind.PENALTY]))
        code = f"L{i}"
        leaves.append((code, [area], maximum, kind))
        state = draw(st.sampled_from(["scored", "scored", "missing", "na"]))
        if state == "scored":
            scores[code] = (draw(st.decimals(min_value=0, max_value=maximum, places=2)), False)
        elif state == "na":
            scores[code] = (None, True)
    return Tree.from_paths(leaves), scores


@given(trees_and_scores())
@settings(max_examples=300)
def test_the_index_never_leaves_0_to_100_without_bonus(case):
    tree, scores = case
    result = compute_unit(tree, scores)
    if result.index is not None:
        assert D(0) <= result.index <= D(100)
    for node in result.nodes.values():
        if node.index is not None:
            assert D(0) <= node.index <= D(100)


@given(trees_and_scores(with_extras=True))
@settings(max_examples=300)
def test_the_total_is_the_exact_sum_of_areas_plus_bonus_minus_penalty(case):
    tree, scores = case
    result = compute_unit(tree, scores)
    area_sum = sum((result.nodes[code].points for code in tree.area_codes), D(0))
    assert result.base_points == area_sum
    assert result.points == max(D(0), area_sum + result.bonus - result.penalty)
    applicable = sum(
        (
            leaf.max_points
            for leaf in tree.leaves
            if leaf.kind is LeafKind.NORMAL and not scores.get(leaf.code, (None, False))[1]
        ),
        D(0),
    )
    assert result.max_points == applicable


@given(trees_and_scores(), st.data())
@settings(max_examples=200)
def test_raising_one_score_never_lowers_the_index(case, data):
    tree, scores = case
    scored = [code for code, (points, na) in scores.items() if points is not None and not na]
    if not scored:
        return
    code = data.draw(st.sampled_from(scored))
    leaf = tree.leaves[tree.leaf_position(code)]
    before = compute_unit(tree, scores)
    higher = data.draw(st.decimals(min_value=scores[code][0], max_value=leaf.max_points, places=2))
    after = compute_unit(tree, {**scores, code: (higher, False)})
    assert after.index is not None
    assert before.index is not None
    assert after.index >= before.index


def test_a_late_deduction_lowers_the_total_but_not_the_maximum():
    full = {"1.1": (D("54.35"), False), "1.2": (D(10), False), "2.1": (D("31.79"), False), "2.2": (D("3.86"), False)}
    result = compute_unit(small_tree(), full, deduction=D("2.5"))
    assert result.points == D("97.50")
    assert result.max_points == D(100)
    assert result.index == D("97.50")
    assert result.deduction == D("2.5")


def test_a_deduction_never_takes_the_total_below_zero():
    result = compute_unit(small_tree(), {"1.1": (D(1), False)}, deduction=D(5))
    assert result.points == D(0)


@given(trees_and_scores(with_extras=True), st.decimals(min_value=0, max_value=20, places=2))
@settings(max_examples=200)
def test_a_deduction_never_raises_the_index_and_leaves_sub_indices_alone(case, deduction):
    tree, scores = case
    plain = compute_unit(tree, scores)
    deducted = compute_unit(tree, scores, deduction=deduction)
    assert deducted.points == max(D(0), plain.base_points + plain.bonus - plain.penalty - deduction)
    assert deducted.points <= plain.points
    if plain.index is not None:
        assert deducted.index is not None
        assert deducted.index <= plain.index
    assert deducted.nodes == plain.nodes


def test_criterion_shares_take_second_level_nodes_and_leaves_standing_under_an_area():
    tree = Tree.from_paths(
        [
            ("1", [], D("5"), LeafKind.NORMAL),  # an area scored as a whole: an area, not a criterion
            ("2.1", ["2"], D("4"), LeafKind.NORMAL),
            ("2.2", ["2"], D("2"), LeafKind.NORMAL),
            ("3.1.1", ["3", "3.1"], D("3"), LeafKind.NORMAL),
            ("3.1.2", ["3", "3.1"], D("1"), LeafKind.NORMAL),
            ("9.1", ["9"], D("2"), LeafKind.BONUS),
        ]
    )
    scores = {"1": (D("5"), False), "2.1": (D("1"), False), "2.2": (None, True), "3.1.1": (D("1.5"), False)}
    assert criterion_shares(tree, scores) == {
        "3.1": (D("1.5"), D("4")),  # 3.1.2 not scored yet counts 0 of 1
        "2.1": (D("1"), D("4")),
        # 2.2 is not applicable: no share; 9.1 is a bonus item
    }
