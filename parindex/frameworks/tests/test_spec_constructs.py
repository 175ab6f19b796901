"""The constructs real decisions need (issue 17), in the YAML structure: each parses, round-trips through
``to_data()`` and ``parse_framework``, and each mistake is named where it is, with the fix."""

from __future__ import annotations

from copy import deepcopy
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.utils import translation

from parindex.frameworks.spec import FrameworkSpec, NodeSpec, SpecError, parse_framework
from parindex.frameworks.tests.test_spec import VALID
from parindex.scoring.counted import NotApplicableDeclarer, NotApplicableMeaning
from parindex.scoring.engine import LeafKind
from parindex.scoring.rules import (
    Bands,
    Formula,
    Input,
    PerItem,
    Proportional,
    Ratio,
    Threshold,
    ZeroDenominator,
)
from parindex.tests.district import TESTDATA

NEW_KEYS = {"not_applicable_meaning", "not_applicable_by", "applies_to", "max_by_group"}


def a_set(*nodes: dict[str, Any], levels: list[str] | None = None) -> dict[str, Any]:
    return {
        "code": "t",
        "name": "Bộ thử",
        "year": 2025,
        "levels": levels if levels is not None else ["Lĩnh vực", "Tiêu chí", "Tiêu chí thành phần"],
        "nodes": list(nodes),
    }


def area(code: str, *children: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"code": code, "name": f"Lĩnh vực {code}", "children": list(children), **extra}


def leaf(code: str, max_points: Any, rule: dict[str, Any] | None, **extra: Any) -> dict[str, Any]:
    node = {"code": code, "name": f"Tiêu chí {code}", "rule": rule, **extra}
    if max_points is not None:
        node["max"] = max_points
    return node


def one_leaf(rule: dict[str, Any] | None, max_points: Any = "2", **extra: Any) -> dict[str, Any]:
    return a_set(area("I", leaf("1", max_points, rule, **extra)))


def round_trip(data: dict[str, Any]) -> FrameworkSpec:
    """Parse, then parse what ``to_data()`` wrote: the same content, the same digest."""
    spec = parse_framework(deepcopy(data))
    again = parse_framework(spec.to_data())
    assert again.to_data() == spec.to_data()
    assert again.digest() == spec.digest()
    return spec


def the_leaf(spec: FrameworkSpec, code: str = "1") -> NodeSpec:
    return next(node for node, _a in spec.walk() if node.number == code and node.is_leaf)


def problems_of(data: dict[str, Any], language: str = "en") -> list[tuple[str, str, str]]:
    with translation.override(language), pytest.raises(SpecError) as excinfo:
        parse_framework(data)
    return [(p.where, p.field, p.message) for p in excinfo.value.problems]


# --- rules ---------------------------------------------------------------------------------------------------------


def test_a_per_item_rule_parses_and_round_trips() -> None:
    spec = round_trip(one_leaf({"type": "per_item", "per": "0.5"}))
    assert the_leaf(spec).rule == PerItem(per=D("0.5"))
    assert spec.to_data()["nodes"][0]["children"][0]["rule"] == {"type": "per_item", "per": "0.5"}


def test_a_per_item_rule_needs_positive_points_per_item() -> None:
    assert problems_of(one_leaf({"type": "per_item", "per": "0"})) == [
        ("Tiêu chí 1, lĩnh vực I", "rule.per", "must be greater than 0")
    ]


def test_a_ratio_scored_by_bands_parses_and_round_trips() -> None:
    rule = {
        "type": "ratio",
        "numerator": "Số hồ sơ đúng hạn",
        "denominator": "Tổng số hồ sơ",
        "score": {"type": "bands", "thresholds": [{"min": 95, "points": 2}, {"min": 80, "points": 1}]},
        "on_zero": "zero",
    }
    spec = round_trip(one_leaf(rule))
    assert the_leaf(spec).rule == Ratio(
        numerator="Số hồ sơ đúng hạn",
        denominator="Tổng số hồ sơ",
        score=Bands(thresholds=(Threshold(D(95), D(2)), Threshold(D(80), D(1)))),
        on_zero=ZeroDenominator.ZERO,
    )


def test_a_ratio_full_from_80_percent_is_proportional_to_80() -> None:
    rule = {
        "type": "ratio",
        "numerator": "Đúng hạn",
        "denominator": "Tổng số",
        "score": {"type": "proportional", "target": 80},
    }
    ratio = the_leaf(round_trip(one_leaf(rule))).rule
    assert isinstance(ratio, Ratio)
    assert ratio.score == Proportional(target=D(80))
    assert ratio.points_of({"numerator": D(85), "denominator": D(100)}, D(2)) == D("2.00")
    assert ratio.points_of({"numerator": D(40), "denominator": D(100)}, D(2)) == D("1.00")


def test_a_ratio_without_a_scorer_is_proportional_to_100_and_a_zero_denominator_is_not_applicable() -> None:
    spec = round_trip(one_leaf({"type": "ratio", "numerator": "Đúng hạn", "denominator": "Tổng số"}))
    ratio = the_leaf(spec).rule
    assert isinstance(ratio, Ratio)
    assert (ratio.score, ratio.on_zero) == (Proportional(target=D(100)), ZeroDenominator.NOT_APPLICABLE)
    assert spec.to_data()["nodes"][0]["children"][0]["rule"]["score"] == {"type": "proportional", "target": "100"}


@pytest.mark.parametrize("on_zero", ["not_applicable", "zero", "full"])
def test_each_zero_denominator_meaning_parses_and_round_trips(on_zero: str) -> None:
    rule = {"type": "ratio", "numerator": "Đúng hạn", "denominator": "Tổng số", "on_zero": on_zero}
    ratio = the_leaf(round_trip(one_leaf(rule))).rule
    assert isinstance(ratio, Ratio)
    assert ratio.on_zero is ZeroDenominator(on_zero)


def test_a_ratio_needs_both_labels_a_known_zero_meaning_and_a_rate_scorer() -> None:
    rule = {"type": "ratio", "numerator": " ", "on_zero": "nothing", "score": {"type": "manual"}}
    found = {(field, message) for _w, field, message in problems_of(one_leaf(rule))}
    assert found == {
        ("rule.numerator", "is required: the label the unit reads beside the box"),
        ("rule.denominator", "is required: the label the unit reads beside the box"),
        ("rule.on_zero", "must be one of: not_applicable, zero, full"),
        ("rule.score", "the rule type must be one of: bands, proportional"),
    }


FORMULA_INPUTS = [
    {"name": "qua_han", "label": "Tỷ lệ hồ sơ quá hạn (%)"},
    {"name": "phan_anh", "label": "Tỷ lệ phản ánh, kiến nghị (%)"},
]


def test_a_formula_with_a_scorer_parses_and_round_trips() -> None:
    rule = {
        "type": "formula",
        "inputs": FORMULA_INPUTS,
        "expression": "100 − (qua_han + phan_anh)",
        "score": {"type": "bands", "thresholds": [{"min": 90, "points": 2}, {"min": 0, "points": 0}]},
    }
    formula = the_leaf(round_trip(one_leaf(rule))).rule
    assert isinstance(formula, Formula)
    assert formula.inputs == (
        Input("qua_han", "Tỷ lệ hồ sơ quá hạn (%)"),
        Input("phan_anh", FORMULA_INPUTS[1]["label"]),
    )
    assert formula.expression == "100 − (qua_han + phan_anh)"  # kept as typed
    assert formula.points_of({"qua_han": D(3), "phan_anh": D(2)}, D(2)) == D("2.00")
    assert formula.points_of({"qua_han": D(8), "phan_anh": D(5)}, D(2)) == D("0.00")


def test_a_formula_without_a_scorer_gives_its_value_as_points() -> None:
    rule = {"type": "formula", "inputs": FORMULA_INPUTS[:1], "expression": "2 - qua_han / 50"}
    spec = round_trip(one_leaf(rule))
    formula = the_leaf(spec).rule
    assert isinstance(formula, Formula)
    assert (formula.score, formula.on_zero) == (None, None)
    assert formula.points_of({"qua_han": D(25)}, D(2)) == D("1.50")
    assert set(spec.to_data()["nodes"][0]["children"][0]["rule"]) == {"type", "inputs", "expression"}


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        (
            "100 - (qua_han + phan_anh",
            "không đọc được công thức ở ký tự thứ 7: có dấu ngoặc chưa được đóng",
        ),
        ("2qua_han", "không đọc được công thức ở ký tự thứ 2: thiếu một phép tính (+ − × ÷)"),
        (
            "0,5 * qua_han",
            "không đọc được công thức ở ký tự thứ 2: viết số thập phân bằng dấu chấm (0.5): "
            "dấu phẩy dùng để ngăn cách các giá trị của min và max",
        ),
        ("qua_han %", "không đọc được công thức ở ký tự thứ 9: không dùng dấu %: viết tỷ lệ bằng số (80 cho 80 %)"),
    ],
)
def test_a_formula_that_cannot_be_read_names_the_character_and_the_reason_in_vietnamese(
    expression: str, message: str
) -> None:
    rule = {"type": "formula", "inputs": FORMULA_INPUTS, "expression": expression}
    assert problems_of(one_leaf(rule), "vi") == [("Tiêu chí 1, lĩnh vực I", "rule.expression", message)]


def test_an_unknown_name_in_a_formula_lists_the_inputs() -> None:
    rule = {"type": "formula", "inputs": FORMULA_INPUTS, "expression": "100 - qua_hn"}
    [(_where, field, message)] = problems_of(one_leaf(rule), "vi")
    assert field == "rule.expression"
    assert message == (
        "không đọc được công thức ở ký tự thứ 7: một tên không thuộc các số liệu của tiêu chí: qua_hn "
        "(các số liệu là: qua_han, phan_anh)"
    )


def test_a_divisor_that_may_be_zero_is_refused_without_a_zero_rule_and_accepted_with_one() -> None:
    inputs = [{"name": "dung_han", "label": "Số văn bản đúng hạn"}, {"name": "tong_so", "label": "Tổng số văn bản"}]
    rule: dict[str, Any] = {"type": "formula", "inputs": inputs, "expression": "2 * dung_han / tong_so"}
    [(_where, field, message)] = problems_of(one_leaf(rule))
    assert field == "rule.on_zero"
    assert message == (
        "the formula divides by tong_so, which may be 0: say what a zero gives (on_zero: not_applicable, zero, full)"
    )
    formula = the_leaf(round_trip(one_leaf({**rule, "on_zero": "full"}))).rule
    assert isinstance(formula, Formula)
    assert formula.points_of({"dung_han": D(0), "tong_so": D(0)}, D(2)) == D("2.00")
    # a divisor that cannot be zero needs no zero rule
    round_trip(one_leaf({**rule, "expression": "2 * dung_han / (tong_so + 1)"}))


def test_formula_inputs_must_be_named_in_lower_case_once_each_with_a_label() -> None:
    inputs = [
        {"name": "Qua_han", "label": "A"},
        {"name": "max", "label": "B"},
        {"name": "a", "label": ""},
        {"name": "b", "label": "C"},
        {"name": "b", "label": "D"},
    ]
    found = problems_of(one_leaf({"type": "formula", "inputs": inputs, "expression": "b"}))
    assert [(field, message) for _w, field, message in found] == [
        ("rule.inputs[1]", "“Qua_han” cannot name an input: lower-case letters, digits and _, not min or max"),
        ("rule.inputs[2]", "“max” cannot name an input: lower-case letters, digits and _, not min or max"),
        ("rule.inputs[3]", "is required: the label the unit reads beside the box"),
        ("rule.inputs[5]", "the input b is listed twice"),
    ]


# --- kinds, sources, not applicable, groups ------------------------------------------------------------------------


def test_a_tracking_row_has_no_maximum_and_is_counted_nowhere() -> None:
    data = a_set(
        area(
            "I",
            leaf("1", "2", {"type": "manual"}),
            leaf("2", None, None, kind="tracking"),
            leaf(
                "3",
                None,
                {"type": "ratio", "numerator": "Đã kiểm tra", "denominator": "Phải kiểm tra"},
                kind="tracking",
            ),
        )
    )
    spec = round_trip(data)
    tracking = [node for node, _a in spec.walk() if node.kind is LeafKind.TRACKING]
    assert [(n.code, n.max_points, n.is_leaf, n.is_scored) for n in tracking] == [
        ("2", D(0), True, False),
        ("3", D(0), True, False),
    ]
    assert tracking[0].rule is None  # a plain figure
    assert isinstance(tracking[1].rule, Ratio)  # a rate the decision asks for, worth nothing
    assert spec.max_points == D(2)
    assert spec.nodes[0].max_points == D(2)
    assert sorted(leaf.code for leaf in spec.to_tree().leaves) == ["1"]


def test_a_tracking_row_with_points_is_refused() -> None:
    data = a_set(area("I", leaf("1", "2", {"type": "manual"}), leaf("2", "1", None, kind="tracking")))
    assert problems_of(data) == [
        ("Tiêu chí 2, lĩnh vực I", "max", "a tracking row is worth 0 points: leave the maximum empty")
    ]


def test_a_heading_groups_rows_on_the_sheet_and_carries_nothing() -> None:
    data = a_set(
        area("I", {"code": "a", "name": "Đối với cấp xã", "kind": "heading"}, leaf("1", "2", {"type": "manual"}))
    )
    spec = round_trip(data)
    heading = spec.nodes[0].children[0]
    assert (heading.kind, heading.is_leaf, heading.is_scored, heading.max_points) == (
        LeafKind.HEADING,
        False,
        False,
        None,
    )
    assert spec.to_data()["nodes"][0]["children"][0] == {"code": "a", "name": "Đối với cấp xã", "kind": "heading"}
    assert spec.max_points == D(2)
    assert sorted(leaf.code for leaf in spec.to_tree().leaves) == ["1"]


def test_a_heading_with_points_or_a_rule_is_refused() -> None:
    heading = {"code": "a", "name": "Nhóm", "kind": "heading", "max": 1, "rule": {"type": "manual"}}
    found = problems_of(a_set(area("I", heading, leaf("1", "2", {"type": "manual"}))))
    assert found == [
        ("Tiêu chí a, lĩnh vực I", "max", "a heading carries no points: leave this field empty"),
        ("Tiêu chí a, lĩnh vực I", "rule", "a heading carries no points: leave this field empty"),
    ]


def test_a_council_scored_item_keeps_its_source() -> None:
    spec = round_trip(one_leaf({"type": "manual"}, source="council"))
    assert the_leaf(spec).source == "council"


def test_what_not_applicable_means_and_who_may_declare_it_round_trip() -> None:
    spec = round_trip(
        one_leaf(
            {"type": "manual"},
            not_applicable_allowed=True,
            not_applicable_meaning="full_points",
            not_applicable_by="council",
        )
    )
    node = the_leaf(spec)
    assert (node.not_applicable_meaning, node.not_applicable_by) == (
        NotApplicableMeaning.FULL_POINTS,
        NotApplicableDeclarer.COUNCIL,
    )
    written = spec.to_data()["nodes"][0]["children"][0]
    assert (written["not_applicable_meaning"], written["not_applicable_by"]) == ("full_points", "council")


def test_the_default_not_applicable_policy_is_not_written() -> None:
    spec = round_trip(
        one_leaf(
            {"type": "manual"},
            not_applicable_meaning="leaves_denominator",
            not_applicable_by="unit",
            not_applicable_allowed=True,
        )
    )
    assert not NEW_KEYS & set(spec.to_data()["nodes"][0]["children"][0])


def test_a_wrong_not_applicable_policy_is_refused() -> None:
    found = problems_of(one_leaf({"type": "manual"}, not_applicable_meaning="half", not_applicable_by="council"))
    assert [(field, message) for _w, field, message in found] == [
        ("not_applicable_meaning", "must be one of: leaves_denominator, full_points, zero"),
        (
            "not_applicable_by",
            "says who may declare the item not applicable, but the item may not be: allow it first",
        ),
    ]


def test_applies_to_and_max_by_group_parse_and_round_trip() -> None:
    spec = round_trip(
        one_leaf({"type": "manual"}, applies_to=["xa", "co-quan"], max_by_group={"xa": 2, "co-quan": "1.5"})
    )
    node = the_leaf(spec)
    assert node.applies_to == ("xa", "co-quan")
    assert node.max_by_group == {"xa": D(2), "co-quan": D("1.5")}
    assert spec.to_data()["nodes"][0]["children"][0]["max_by_group"] == {"co-quan": "1.5", "xa": "2"}


def test_groups_are_validated() -> None:
    data = a_set(
        area(
            "I",
            leaf("1", "2", {"type": "manual"}, applies_to=["xa"], max_by_group={"co-quan": 1}),
            leaf("2", "2", {"type": "manual"}, applies_to=["xa", "bad code!"]),
            leaf("3", "2", {"type": "manual"}, max_by_group={"xa": 0}),
            leaf("4", "2", {"type": "manual"}, max_by_group=["xa"]),
        ),
        area("II", leaf("1", "2", {"type": "manual"}), max_by_group={"xa": 2}),
    )
    assert problems_of(data) == [
        (
            "Tiêu chí 1, lĩnh vực I",
            "max_by_group",
            "the group co-quan is not among the groups the item applies to (xa)",
        ),
        ("Tiêu chí 2, lĩnh vực I", "applies_to", "must be a list of unit-group codes"),
        ("Tiêu chí 3, lĩnh vực I", "max_by_group", "must be greater than 0"),
        ("Tiêu chí 4, lĩnh vực I", "max_by_group", "must map unit-group codes to maximum points"),
        ("Lĩnh vực II", "max_by_group", "only an item with an input has a maximum of its own"),
    ]


# --- codes, areas, maxima ------------------------------------------------------------------------------------------


def test_codes_restarting_under_two_areas_are_identified_by_their_path() -> None:
    data = a_set(
        area("I", leaf("3.1", "1", {"type": "manual"}), leaf("3.2", "1", {"type": "manual"})),
        area("II", leaf("2.1", "1", {"type": "manual"})),
        area("III", {"code": "3.1", "name": "Nhóm", "children": [leaf("3.1.1", "1", {"type": "manual"})]}),
    )
    spec = round_trip(data)
    assert [(n.number, n.path, n.code) for n, _a in spec.walk()] == [
        ("I", "I", "I"),
        ("3.1", "I/3.1", "I/3.1"),
        ("3.2", "I/3.2", "3.2"),
        ("II", "II", "II"),
        ("2.1", "II/2.1", "2.1"),
        ("III", "III", "III"),
        ("3.1", "III/3.1", "III/3.1"),
        ("3.1.1", "III/3.1/3.1.1", "3.1.1"),
    ]
    assert sorted(leaf.code for leaf in spec.to_tree().leaves) == ["2.1", "3.1.1", "3.2", "I/3.1"]
    assert [node["code"] for node in spec.to_data()["nodes"][2]["children"]] == ["3.1"]  # printed codes written


def test_siblings_with_the_same_code_are_refused_naming_where_the_first_one_is() -> None:
    data = a_set(
        area("I", leaf("3.1", "1", {"type": "manual"})),
        area("III", leaf("3.1", "1", {"type": "manual"}), leaf("3.1", "1", {"type": "manual"})),
    )
    assert problems_of(data, "vi") == [
        ("Tiêu chí 3.1, lĩnh vực III", "code", "trùng mã, đã dùng ở Tiêu chí 3.1, lĩnh vực III")
    ]


def test_an_area_without_children_is_told_to_get_sub_criteria_or_a_maximum_and_a_method() -> None:
    data = a_set(area("I", leaf("1", "2", {"type": "manual"})), {"code": "II", "name": "Lĩnh vực trống"})
    assert problems_of(data, "vi") == [
        (
            "Lĩnh vực II",
            "children",
            "lĩnh vực này chưa có tiêu chí con: hãy thêm tiêu chí con, hoặc ghi điểm tối đa và cách chấm cho nó",
        )
    ]
    # the level's name is the set's own
    data["levels"] = ["Nhóm tiêu chí", "Tiêu chí"]
    [(where, _field, message)] = problems_of(data, "vi")
    assert where == "Nhóm tiêu chí II"
    assert message.startswith("nhóm tiêu chí này chưa có tiêu chí con")


def test_a_parent_whose_maximum_differs_from_its_children_gives_both_figures_and_lists_them() -> None:
    data = a_set(
        area(
            "I",
            leaf("1.1", "1", {"type": "manual"}),
            leaf("1.2", "0.5", {"type": "manual"}),
            leaf("1.3", "1", {"type": "manual"}, kind="bonus"),
            max="2",
        )
    )
    assert problems_of(data, "vi") == [
        (
            "Lĩnh vực I",
            "max",
            "ghi 2 điểm nhưng các tiêu chí con cộng lại là 1,5 (1.1: 1; 1.2: 0,5): hãy sửa một trong hai",
        )
    ]


def test_an_area_level_leaf_beside_areas_with_children_is_scored() -> None:
    data = a_set(
        area("I", leaf("1", "2", {"type": "manual"})),
        leaf("II", "3", {"type": "bands", "thresholds": [{"min": 80, "points": 3}, {"min": 0, "points": 0}]}),
    )
    spec = round_trip(data)
    area_leaf = spec.nodes[1]
    assert (area_leaf.is_leaf, area_leaf.path, area_leaf.max_points) == (True, "II", D(3))
    assert spec.max_points == D(5)
    assert sorted(leaf.code for leaf in spec.to_tree().leaves) == ["1", "II"]


# --- old sets ------------------------------------------------------------------------------------------------------


def test_a_set_without_the_new_constructs_keeps_the_digest_it_had_before_them() -> None:
    """Digests computed by the parser before issue 17 (git show eac977a:parindex/frameworks/spec.py): a set loaded
    then is "unchanged" when loaded again now."""
    mini = parse_framework(yaml.safe_load(Path(TESTDATA / "mini-set.yaml").read_text(encoding="utf-8")))
    assert mini.digest() == "1d88fd665645dcc63d5a7d6ee96420dc2b79a2c264bd996fc890a9382b5535bf"
    valid = parse_framework(deepcopy(VALID))
    assert valid.digest() == "aeac63dcb50f221765ec48f81e6495c35b6bfafebaab53eed4a22e5561a4d4b3"
    for spec in (mini, valid):
        for node, _a in spec.walk():
            assert node.code == node.number == node.path.rsplit("/", 1)[-1]
    written = yaml.safe_dump(mini.to_data())
    assert not any(key in written for key in NEW_KEYS)
