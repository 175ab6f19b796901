"""Rating rule sets as YAML: the sample loads; unknown conditions, levels out of order and bad thresholds are refused
with messages that name the level and the condition."""

from decimal import Decimal as D

import pytest
from django.utils.translation import override

from parindex.frameworks.services import read_yaml
from parindex.frameworks.spec import SpecError
from parindex.ratings.spec import SAMPLES, parse_rule_set, read_rule_set_file, rule_set_to_data
from parindex.scoring.rating import Check, Figures, rate

FOUR_LEVELS = """
code: t
name: Thử
levels:
  - code: xuat_sac
    name: Hoàn thành xuất sắc nhiệm vụ
    when: {index_min: 90, every_area_min_pct: 80, no_overdue_tasks: true}
  - {code: tot, name: Hoàn thành tốt nhiệm vụ, when: {index_min: 80, every_area_min_pct: 65}}
  - {code: hoan_thanh, name: Hoàn thành nhiệm vụ, when: {index_min: 50}}
  - {code: khong_hoan_thanh, name: Không hoàn thành nhiệm vụ, when: {}}
"""


def problems(text: str) -> list[str]:
    with pytest.raises(SpecError) as caught, override("en"):
        parse_rule_set(read_yaml(text))
    with override("en"):
        return [str(p) for p in caught.value.problems]


def test_the_issues_example_parses_with_exact_thresholds():
    rules, meta = parse_rule_set(read_yaml(FOUR_LEVELS))
    assert [level.code for level in rules.levels] == ["xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh"]
    assert rules.levels[1].conditions[1].number == D(65)
    assert meta["sample"] is False


def test_the_shipped_sample_is_labelled_and_rates_the_seeds_district():
    rules, meta = read_rule_set_file(SAMPLES / "sample-head-rating.yaml")
    assert meta["sample"] is True
    areas = {"1": (D(9), D(10)), "2": (D(17), D(20)), "3": (D(6), D(10))}
    assert rate(rules, Figures(index=D("80.11"), areas=areas)).level.name == "Hoàn thành nhiệm vụ"
    areas["3"] = (D(7), D(10))
    assert rate(rules, Figures(index=D("80.11"), areas=areas)).level.name == "Hoàn thành tốt nhiệm vụ"


def test_an_unknown_condition_is_named_with_the_known_ones():
    found = problems(FOUR_LEVELS.replace("index_min: 50", "index_minimum: 50"))
    assert len(found) == 1
    assert "level hoan_thanh" in found[0]
    assert "index_minimum" in found[0]
    assert "every_area_min_pct" in found[0]


def test_levels_out_of_order_are_refused():
    text = FOUR_LEVELS.replace("{index_min: 80, every_area_min_pct: 65}", "{index_min: 95, every_area_min_pct: 65}")
    found = problems(text)
    assert any("level tot" in p and "xuat_sac" in p and "index_min" in p for p in found)


def test_a_later_level_asking_for_something_new_is_out_of_order():
    text = FOUR_LEVELS.replace("{index_min: 50}", "{index_min: 50, rank_max: 10}")
    assert any("level hoan_thanh" in p and "rank_max" in p for p in problems(text))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("index_min: 50", "index_min: 150", "outside 0..100"),
        ("index_min: 50", "index_min: năm mươi", "is not a number"),
        ("index_min: 50", "index_min: 50, rank_max: 0", "whole number"),
        ("no_overdue_tasks: true", "no_overdue_tasks: false", "write true"),
    ],
)
def test_thresholds_out_of_range_are_refused(old, new, expected):
    assert any(expected in p for p in problems(FOUR_LEVELS.replace(old, new)))


def test_the_last_level_must_catch_every_unit_and_codes_are_unique():
    found = problems(
        FOUR_LEVELS.replace(
            "{code: khong_hoan_thanh, name: Không hoàn thành nhiệm vụ, when: {}}",
            "{code: tot, name: Không hoàn thành nhiệm vụ, when: {index_min: 0}}",
        )
    )
    assert any("used by another level" in p for p in found)
    assert any("last level must have no condition" in p for p in found)


def test_band_and_discipline_lists_and_the_round_trip():
    text = FOUR_LEVELS.replace(
        "no_overdue_tasks: true}", "no_overdue_tasks: true, band_in: [A], no_discipline: [lam_dung_chuc_vu]}"
    )
    rules, meta = parse_rule_set(read_yaml(text))
    checks = {c.check: c for c in rules.levels[0].conditions}
    assert checks[Check.BAND_IN].names == frozenset({"A"})
    assert checks[Check.NO_DISCIPLINE].names == frozenset({"lam_dung_chuc_vu"})
    again, _meta = parse_rule_set(rule_set_to_data(rules, meta))
    assert again == rules
