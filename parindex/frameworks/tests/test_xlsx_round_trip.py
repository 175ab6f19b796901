"""Any set the YAML can say, the workbook says too: written, then read back, it has the same digest."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from parindex.frameworks.spec import parse_framework
from parindex.frameworks.xlsx import read_xlsx, write_xlsx

# Few codes, so numbering repeats under different parents (and a dotted code may or may not sit under its prefix).
AREA_CODES = ("I", "II", "III", "1")
CODES = ("1", "2", "3.1", "3.1.1", "3.2", "a", "I")
MAXIMA = ("1", "0.5", "2.25")


@st.composite
def rules(draw: st.DrawFn, max_points: str) -> dict[str, Any]:
    score = draw(
        st.sampled_from(
            [
                {"type": "proportional", "target": "80"},
                {"type": "bands", "thresholds": [{"min": "90", "points": max_points}, {"min": "0", "points": "0"}]},
            ]
        )
    )
    return draw(
        st.sampled_from(
            [
                {"type": "manual"},
                {"type": "manual", "step": "0.25"},
                {"type": "choice", "options": [{"label": "Có; đủ", "points": max_points},
                                               {"label": "Không", "points": 0}]},
                {"type": "bands", "thresholds": [{"min": "80.5", "points": max_points}]},
                {"type": "proportional", "target": "100"},
                {"type": "deduction", "per": "0.25"},
                {"type": "per_item", "per": "0.5"},
                {"type": "ratio", "numerator": "Số: đúng hạn", "denominator": "Tổng; số", "score": score,
                 "on_zero": draw(st.sampled_from(["not_applicable", "zero", "full"]))},
                {"type": "formula", "inputs": [{"name": "a", "label": "A (%)"}, {"name": "b_2", "label": "B"}],
                 "expression": "min(a, 100) − b_2 ÷ 2", "score": score},
                {"type": "formula", "inputs": [{"name": "a", "label": "A"}], "expression": "2 × a / a",
                 "on_zero": "full"},
            ]
        )
    )  # fmt: skip


@st.composite
def leaves(draw: st.DrawFn, code: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(["normal", "normal", "bonus", "penalty", "tracking", "heading"]))
    if kind == "heading":
        return {"code": code, "name": f"Nhóm {code}", "kind": "heading"}
    if kind == "tracking":
        node: dict[str, Any] = {"code": code, "name": f"Số liệu {code}", "kind": "tracking"}
        if draw(st.booleans()):
            node["rule"] = {"type": "ratio", "numerator": "Số", "denominator": "Tổng"}
        return node
    max_points = draw(st.sampled_from(MAXIMA))
    node = {"code": code, "name": f"Tiêu chí {code}", "max": max_points, "rule": draw(rules(max_points))}
    if kind != "normal":
        node["kind"] = kind
    if draw(st.booleans()):
        node["source"] = draw(st.sampled_from(["council", "survey", "indicator:ontime_rate"]))
    if draw(st.booleans()):
        node["not_applicable_allowed"] = True
        node["not_applicable_meaning"] = draw(st.sampled_from(["leaves_denominator", "full_points", "zero"]))
        node["not_applicable_by"] = draw(st.sampled_from(["unit", "council"]))
    if draw(st.booleans()):
        node["applies_to"] = ["xa", "co-quan"]
        node["max_by_group"] = {"co-quan": "0.5"}
    return node


@st.composite
def nodes(draw: st.DrawFn, code: str, depth: int) -> dict[str, Any]:
    if depth < 2 and draw(st.booleans()):
        codes = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True))
        children = [draw(nodes(child, depth + 1)) for child in codes]
        if any(child.get("kind") != "heading" for child in children):
            return {"code": code, "name": f"Nhóm {code}", "children": children}
    node = draw(leaves(code))
    if depth == 0 and node.get("kind") in ("heading", "tracking", "bonus", "penalty"):
        node = {"code": code, "name": f"Lĩnh vực {code}", "max": "1", "rule": {"type": "manual"}}  # an area leaf
    return node


@st.composite
def criteria_sets(draw: st.DrawFn) -> dict[str, Any]:
    areas = draw(st.lists(st.sampled_from(AREA_CODES), min_size=1, max_size=3, unique=True))
    return {
        "code": "t",
        "name": "Bộ thử",
        "year": 2025,
        "levels": ["Lĩnh vực", "Tiêu chí", "Tiêu chí thành phần"],
        "nodes": [draw(nodes(code, 0)) for code in areas],
    }


def _manual(code: str) -> dict[str, Any]:
    return {"code": code, "name": f"Tiêu chí {code}", "max": "1", "rule": {"type": "manual"}}


# A row between a node and its parent repeats the parent's code: "Mã cha" must then be the path ("I/3.1").
NESTED_REPEAT = {
    "code": "t",
    "name": "Bộ thử",
    "year": 2025,
    "nodes": [
        {
            "code": "I",
            "name": "Lĩnh vực I",
            "children": [
                {"code": "3.1", "name": "Nhóm", "children": [
                    {"code": "3.1", "name": "Nhóm con", "children": [_manual("x")]},
                    _manual("y"),
                ]},
            ],
        },
        {"code": "II", "name": "Lĩnh vực II", "children": [_manual("3.1")]},
    ],
}  # fmt: skip


@settings(max_examples=50, deadline=None)
@example(NESTED_REPEAT)
@given(criteria_sets())
def test_a_set_written_to_excel_reads_back_with_the_same_digest(data: dict[str, Any]) -> None:
    spec = parse_framework(data)
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "set.xlsx"
        write_xlsx(spec, path)
        again = parse_framework(read_xlsx(path))
    assert again.to_data() == spec.to_data()
    assert [node.code for node, _a in again.walk()] == [node.code for node, _a in spec.walk()]
