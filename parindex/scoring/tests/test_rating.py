"""Head-of-unit rating: levels best first, every condition kind, the reasons, and monotonicity."""

from dataclasses import replace
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.scoring.rating import Check, Condition, Failure, Figures, Level, RuleSet, rate, stricter_or_equal

SAMPLE = RuleSet(
    code="sample-head-rating",
    name="Mẫu",
    levels=(
        Level(
            "xuat_sac",
            "Hoàn thành xuất sắc nhiệm vụ",
            (
                Condition(Check.INDEX_MIN, D(90)),
                Condition(Check.EVERY_AREA_MIN_PCT, D(80)),
                Condition(Check.NO_OVERDUE_TASKS),
            ),
        ),
        Level(
            "tot",
            "Hoàn thành tốt nhiệm vụ",
            (Condition(Check.INDEX_MIN, D(80)), Condition(Check.EVERY_AREA_MIN_PCT, D(65))),
        ),
        Level("hoan_thanh", "Hoàn thành nhiệm vụ", (Condition(Check.INDEX_MIN, D(50)),)),
        Level("khong_hoan_thanh", "Không hoàn thành nhiệm vụ", ()),
    ),
)


def unit(area3: str, **extra) -> Figures:
    areas = {"1": (D(9), D(10)), "2": (D(17), D(20)), "3": (D(area3), D(10))}
    return Figures(index=D("80.11"), areas=areas, **extra)


def test_the_seeds_district_is_rated_hoan_thanh_because_area_3_is_below_fair():
    rating = rate(SAMPLE, unit("6"))
    assert rating.level.code == "hoan_thanh"
    tot_failures = {level.code: failures for level, failures in rating.missed}["tot"]
    assert tot_failures == (Failure(Check.EVERY_AREA_MIN_PCT, "3", D("60.00"), D(65)),)


def test_with_area_3_at_70_percent_it_is_hoan_thanh_tot():
    assert rate(SAMPLE, unit("7")).level.code == "tot"


def test_every_failed_condition_of_every_better_level_is_listed():
    rating = rate(SAMPLE, unit("6", overdue_tasks=2))
    xuat_sac = rating.missed[0][1]
    assert [f.check for f in xuat_sac] == [Check.INDEX_MIN, Check.EVERY_AREA_MIN_PCT, Check.NO_OVERDUE_TASKS]
    assert xuat_sac[1] == Failure(Check.EVERY_AREA_MIN_PCT, "3", D("60.00"), D(80))  # area 2 stands at 85 %


def one(condition: Condition) -> RuleSet:
    return RuleSet("t", "t", (Level("ok", "ok", (condition,)), Level("else", "else", ())))


def test_index_min_and_a_unit_without_index():
    rules = one(Condition(Check.INDEX_MIN, D(80)))
    assert rate(rules, Figures(index=D(80))).level.code == "ok"
    assert rate(rules, Figures(index=D("79.99"))).level.code == "else"
    assert rate(rules, Figures(index=None)).level.code == "else"


def test_every_criterion_min_pct_looks_at_the_second_level():
    rules = one(Condition(Check.EVERY_CRITERION_MIN_PCT, D(70)))
    good = Figures(index=D(90), criteria={"1.1": (D(7), D(10)), "1.2": (D(1), D(1))})
    assert rate(rules, good).level.code == "ok"
    bad = replace(good, criteria={"1.1": (D("6.9"), D(10))})
    assert rate(rules, bad).reasons == (Failure(Check.EVERY_CRITERION_MIN_PCT, "1.1", D("69.00"), D(70)),)


def test_a_node_with_nothing_applicable_is_not_held_against_the_unit():
    rules = one(Condition(Check.EVERY_AREA_MIN_PCT, D(65)))
    assert rate(rules, Figures(index=D(90), areas={"9": (D(0), D(0))})).level.code == "ok"


def test_rank_max_and_band_in():
    assert rate(one(Condition(Check.RANK_MAX, D(3))), Figures(index=D(1), rank=3)).level.code == "ok"
    assert rate(one(Condition(Check.RANK_MAX, D(3))), Figures(index=D(1), rank=4)).level.code == "else"
    assert rate(one(Condition(Check.RANK_MAX, D(3))), Figures(index=D(1), rank=None)).level.code == "else"
    bands = one(Condition(Check.BAND_IN, names=frozenset({"A", "B"})))
    assert rate(bands, Figures(index=D(1), band="B")).level.code == "ok"
    assert rate(bands, Figures(index=D(1), band="C")).reasons == (Failure(Check.BAND_IN, "", "C", "A, B"),)


def test_overdue_tasks_discipline_and_lateness():
    assert rate(one(Condition(Check.NO_OVERDUE_TASKS)), Figures(index=D(1), overdue_tasks=1)).level.code == "else"
    listed = one(Condition(Check.NO_DISCIPLINE, names=frozenset({"abuse"})))
    assert rate(listed, Figures(index=D(1), discipline=("warning",))).level.code == "ok"
    assert rate(listed, Figures(index=D(1), discipline=("abuse",))).reasons == (Failure(Check.NO_DISCIPLINE, "abuse"),)
    any_kind = one(Condition(Check.NO_DISCIPLINE))
    assert rate(any_kind, Figures(index=D(1), discipline=("warning",))).level.code == "else"
    on_time = one(Condition(Check.SUBMITTED_ON_TIME))
    assert rate(on_time, Figures(index=D(1), submitted_on_time=False)).level.code == "else"


def test_a_later_level_asking_more_than_an_earlier_one_is_out_of_order():
    strict, loose = (Condition(Check.INDEX_MIN, D(80)),), (Condition(Check.INDEX_MIN, D(90)),)
    assert stricter_or_equal(strict, loose) == [Check.INDEX_MIN]
    assert stricter_or_equal(loose, strict) == []
    assert stricter_or_equal((), (Condition(Check.NO_OVERDUE_TASKS),)) == [Check.NO_OVERDUE_TASKS]
    assert stricter_or_equal((Condition(Check.RANK_MAX, D(5)),), (Condition(Check.RANK_MAX, D(3)),)) == [Check.RANK_MAX]


# --- monotonicity: a unit never gets a better level when any of its figures gets worse -------------------------

thresholds = st.lists(st.decimals(min_value=0, max_value=100, places=0), min_size=3, max_size=3, unique=True)


@st.composite
def rule_sets(draw):
    index_bars = sorted(draw(thresholds), reverse=True)
    area_bars = sorted(draw(thresholds), reverse=True)
    ranks = sorted(draw(st.lists(st.integers(1, 20), min_size=3, max_size=3, unique=True)))
    ranked_levels = draw(st.integers(0, 3))  # the best levels may also ask for a rank, the others not
    levels = []
    for i in range(3):
        conditions = [Condition(Check.INDEX_MIN, index_bars[i]), Condition(Check.EVERY_AREA_MIN_PCT, area_bars[i])]
        if i < ranked_levels:
            conditions.append(Condition(Check.RANK_MAX, D(ranks[i])))
        if i == 0:
            conditions += [
                Condition(Check.NO_OVERDUE_TASKS),
                Condition(Check.NO_DISCIPLINE),
                Condition(Check.SUBMITTED_ON_TIME),
            ]
        levels.append(Level(f"l{i}", f"l{i}", tuple(conditions)))
    levels.append(Level("last", "last", ()))
    return RuleSet("r", "r", tuple(levels))


points = st.decimals(min_value=0, max_value=10, places=2)


@st.composite
def figures(draw):
    areas = {str(i): (draw(points), D(10)) for i in range(1, 4)}
    return Figures(
        index=draw(st.decimals(min_value=0, max_value=100, places=2)),
        areas=areas,
        rank=draw(st.integers(1, 30)),
        overdue_tasks=draw(st.integers(0, 2)),
        discipline=tuple(draw(st.lists(st.sampled_from(["abuse", "warning"]), max_size=2))),
        submitted_on_time=draw(st.booleans()),
    )


@st.composite
def worse(draw, base: Figures):
    change = draw(st.sampled_from(["index", "area", "rank", "tasks", "discipline", "late"]))
    if change == "index":
        return replace(base, index=draw(st.decimals(min_value=0, max_value=base.index, places=2)))
    if change == "area":
        code = draw(st.sampled_from(sorted(base.areas)))
        got, maximum = base.areas[code]
        return replace(
            base, areas={**base.areas, code: (draw(st.decimals(min_value=0, max_value=got, places=2)), maximum)}
        )
    if change == "rank":
        return replace(base, rank=base.rank + draw(st.integers(0, 5)))
    if change == "tasks":
        return replace(base, overdue_tasks=base.overdue_tasks + 1)
    if change == "discipline":
        return replace(base, discipline=(*base.discipline, "abuse"))
    return replace(base, submitted_on_time=False)


@given(rule_sets(), figures(), st.data())
@settings(max_examples=400)
def test_a_worse_figure_never_earns_a_better_level(rules, base, data):
    position = [level.code for level in rules.levels]
    before = position.index(rate(rules, base).level.code)
    after = position.index(rate(rules, data.draw(worse(base))).level.code)
    assert after >= before


@given(rule_sets())
def test_generated_rule_sets_are_in_order(rules):
    for better, next_level in zip(rules.levels, rules.levels[1:], strict=False):
        assert stricter_or_equal(better.conditions, next_level.conditions) == []
