"""The criteria-set validator: every problem reported, each naming the node and the field."""

from copy import deepcopy
from decimal import Decimal as D

import pytest
from django.utils import translation

from parindex.frameworks.spec import SpecError, parse_framework
from parindex.scoring.rules import Bands, Choice, Deduction, Manual, Proportional

VALID = {
    "code": "t",
    "name": "Bộ thử",
    "year": 2021,
    "bands": [{"code": "A", "name": "Tốt", "min": 90}, {"code": "B", "name": "Khá", "min": 0}],
    "nodes": [
        {
            "code": "1",
            "name": "Lĩnh vực 1",
            "max": "3",
            "children": [
                {
                    "code": "1.1",
                    "name": "KH",
                    "max": 1,
                    "rule": {
                        "type": "choice",
                        "options": [{"label": "Có", "points": 1}, {"label": "Không", "points": 0}],
                    },
                },
                {
                    "code": "1.2",
                    "name": "HT",
                    "max": 2,
                    "rule": {
                        "type": "bands",
                        "thresholds": [{"min": 90, "points": 2}, {"min": 70, "points": 1}, {"min": 0, "points": 0}],
                    },
                },
            ],
        },
        {
            "code": "2",
            "name": "Lĩnh vực 2",
            "children": [
                {"code": "2.1", "name": "Đúng hạn", "max": "4", "rule": {"type": "proportional", "target": 100}},
                {"code": "2.2", "name": "Báo cáo", "max": "1", "rule": {"type": "deduction", "per": "0.25"}},
                {"code": "2.3", "name": "Tự chấm", "max": "2", "rule": {"type": "manual", "step": "0.5"}},
                {"code": "2.4", "name": "Thưởng", "max": "1", "kind": "bonus", "rule": {"type": "manual"}},
            ],
        },
    ],
}


def problems_of(data):
    with translation.override("en"), pytest.raises(SpecError) as excinfo:
        parse_framework(data)
    return [(p.where, p.field, p.message) for p in excinfo.value.problems]


def test_a_valid_set_gives_its_tree_and_maximum():
    spec = parse_framework(deepcopy(VALID))
    assert spec.max_points == D(10)
    rules = {leaf.code: leaf.rule for leaf, _ in spec.leaves()}
    assert isinstance(rules["1.1"], Choice)
    assert isinstance(rules["1.2"], Bands)
    assert isinstance(rules["2.1"], Proportional)
    assert isinstance(rules["2.2"], Deduction)
    assert isinstance(rules["2.3"], Manual)
    assert rules["2.2"].per == D("0.25")


def test_the_digest_changes_with_the_content_only():
    a, b = parse_framework(deepcopy(VALID)), parse_framework(deepcopy(VALID))
    assert a.digest() == b.digest()
    changed = deepcopy(VALID)
    changed["nodes"][1]["children"][0]["max"] = "5"
    assert parse_framework(changed).digest() != a.digest()


def test_sibling_codes_must_differ_and_the_message_says_where_the_first_one_is():
    data = deepcopy(VALID)
    data["nodes"][1]["children"][1]["code"] = "2.1"
    [(where, field, message)] = problems_of(data)
    assert (where, field) == ("Criterion 2.1, area 2", "code")
    assert message == "duplicate code, already used by Criterion 2.1, area 2"


def test_the_same_code_under_two_parents_is_allowed_and_identified_by_its_path():
    data = deepcopy(VALID)
    data["nodes"][1]["children"][1]["code"] = "1.1"
    spec = parse_framework(data)
    codes = [(node.number, node.path, node.code) for node, _a in spec.walk() if node.number == "1.1"]
    assert codes == [("1.1", "1/1.1", "1/1.1"), ("1.1", "2/1.1", "2/1.1")]
    assert spec.max_points == D(10)


def test_a_parent_whose_stated_max_differs_from_its_children_is_rejected():
    data = deepcopy(VALID)
    data["nodes"][0]["max"] = "4"
    [(where, field, message)] = problems_of(data)
    assert (where, field) == ("Area 1", "max")
    assert message == "states 4 but its children add up to 3 (1.1: 1; 1.2: 2): correct one or the other"


def test_a_rule_whose_points_exceed_max_is_rejected():
    data = deepcopy(VALID)
    data["nodes"][0]["children"][0]["rule"]["options"][0]["points"] = "1.5"
    [(where, field, message)] = problems_of(data)
    assert (where, field) == ("Criterion 1.1, area 1", "rule.options[1]")
    assert "1,5" in message


def test_a_choice_without_options_is_rejected():
    data = deepcopy(VALID)
    data["nodes"][0]["children"][0]["rule"] = {"type": "choice", "options": []}
    assert problems_of(data) == [("Criterion 1.1, area 1", "rule.options", "a choice rule needs at least one option")]


def test_thresholds_out_of_order_are_rejected():
    data = deepcopy(VALID)
    data["nodes"][0]["children"][1]["rule"]["thresholds"] = [{"min": 70, "points": 1}, {"min": 90, "points": 2}]
    [(where, field, message)] = problems_of(data)
    assert (where, field) == ("Criterion 1.2, area 1", "rule.thresholds[2]")
    assert "out of order" in message


def test_every_problem_is_reported_not_only_the_first():
    data = deepcopy(VALID)
    data["year"] = "nineteen"
    data["nodes"][0]["children"][0]["rule"] = {"type": "lottery"}
    data["nodes"][1]["children"][0]["maximum"] = 3
    data["nodes"][1]["children"][1].pop("max")
    data["bands"] = [{"code": "A", "min": 50}, {"code": "B", "min": 80}]
    found = {(where, field) for where, field, _m in problems_of(data)}
    assert found == {
        ("the criteria set", "year"),
        ("Criterion 1.1, area 1", "rule"),
        ("Criterion 2.1, area 2", "maximum"),
        ("Criterion 2.2, area 2", "max"),
        ("the criteria set", "bands"),
    }


def test_a_leaf_needs_a_rule_and_a_branch_may_not_have_one():
    data = deepcopy(VALID)
    data["nodes"][1]["children"][0].pop("rule")
    data["nodes"][0]["rule"] = {"type": "manual"}
    found = {(where, field) for where, field, _m in problems_of(data)}
    assert found == {("Criterion 2.1, area 2", "rule"), ("Area 1", "rule")}


def test_sources_must_be_self_council_survey_or_an_indicator():
    data = deepcopy(VALID)
    for source in ("indicator:online_rate", "council", "survey:sipas"):
        data["nodes"][1]["children"][0]["source"] = source
        parse_framework(deepcopy(data))
    data["nodes"][1]["children"][0]["source"] = "excel"
    assert problems_of(data)[0][:2] == ("Criterion 2.1, area 2", "source")


def test_messages_are_in_vietnamese_by_default():
    data = deepcopy(VALID)
    data["nodes"][0]["children"][0]["rule"] = {"type": "choice", "options": []}
    with pytest.raises(SpecError) as excinfo:
        parse_framework(data)
    assert str(excinfo.value).startswith("Tiêu chí 1.1, lĩnh vực 1, trường “rule.options”: ")
