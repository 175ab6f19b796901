"""Reading a criteria set typed into Excel, and writing one back (the officer's template)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from copy import deepcopy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from parindex.frameworks.services import read_framework_file
from parindex.frameworks.spec import FrameworkSpec, NodeSpec, SpecError, parse_framework
from parindex.frameworks.tests.decision_workbook import (
    DECISION_DATA,
    EXPECTED_AREA_MAXIMA,
    EXPECTED_IDENTITIES,
    EXPECTED_MAX,
    build_decision_workbook,
)
from parindex.frameworks.xlsx import read_xlsx, write_xlsx
from parindex.scoring.counted import NotApplicableDeclarer, NotApplicableMeaning
from parindex.scoring.engine import LeafKind
from parindex.scoring.ranking import Band
from parindex.scoring.rules import (
    Bands,
    Choice,
    Deduction,
    Formula,
    Input,
    Manual,
    Option,
    PerItem,
    Proportional,
    Ratio,
    Threshold,
    ZeroDenominator,
)

INFO: list[tuple[Any, Any]] = [
    ("Mã bộ tiêu chí", "xa-2025"),
    ("Tên bộ tiêu chí", "Bộ chỉ số CCHC cấp xã"),
    ("Năm", 2025),
    ("Các cấp", "Lĩnh vực; Tiêu chí; Tiêu chí thành phần"),
]
ZERO = Decimal(0)
HEADER = ["Mã", "Tên", "Điểm tối đa", "Cách chấm", "Phương án / ngưỡng"]


def make_workbook(
    path: Path,
    criteria: Sequence[Any] | None,
    *,
    info: Sequence[Any] | None = None,
    bands: Sequence[Any] | None = None,
) -> Path:
    """A workbook as an officer would type it: one list per row, sheets in the usual order."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Thông tin"
    sheets = [(sheet, INFO if info is None else info)]
    if bands is not None:
        sheets.append((workbook.create_sheet("Xếp loại"), bands))
    if criteria is not None:
        sheets.append((workbook.create_sheet("Tiêu chí"), criteria))
    for worksheet, rows in sheets:
        for row in rows:
            worksheet.append(list(row))
    workbook.save(path)
    return path


def load(path: Path) -> FrameworkSpec:
    return parse_framework(read_xlsx(path))


def by_code(spec: FrameworkSpec) -> dict[str, tuple[NodeSpec, tuple[NodeSpec, ...]]]:
    return {node.code: (node, ancestors) for node, ancestors in spec.walk()}


def names_row(where: str, row: int, code: str | None = None) -> bool:
    """The location names the sheet and the row (and the code), whatever language the message is in."""
    found = "Tiêu chí" in where and re.search(rf"\b{row}\b", where) is not None
    return found and (code is None or code in where)


def test_it_reads_a_table_typed_in_excel(tmp_path: Path) -> None:
    info = [
        ("BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH", None),  # a title row, not a field
        *INFO,
        ("Điểm cộng tối đa", "2"),
        ("Điểm trừ tối đa", 3),
        ("Mô tả", "Theo Quyết định số 12/QĐ-UBND"),
        ("Bộ mẫu", "x"),
    ]
    criteria = [
        ["Tên", "Mã", "Cách chấm", "Điểm tối đa", "Phương án / ngưỡng", "Ghi chú", "Loại điểm", "Tài liệu kiểm chứng"],
        ["Công tác chỉ đạo, điều hành", 1, None, None, None, "lĩnh vực", None, None],
        [
            "Kế hoạch CCHC năm",
            "1.1",
            "Lựa chọn",
            1,
            "Đúng hạn: 1; Chậm: 0,5; Không ban hành: 0",
            None,
            None,
            "Kế hoạch",
        ],
        ["Báo cáo CCHC", "1.2", "nhập điểm", "1,5", "bước: 0,25", None, "thường", None],
        ["Cải cách thủ tục hành chính", "2", None, None, None, None, None, None],
        ["Tỷ lệ hồ sơ đúng hạn", 2.1, "theo ngưỡng", 2, "≥90: 2; ≥70: 1; ≥0: 0", None, None, None],
        ["Công khai TTHC", "2.2", None, 1, None, "nhóm, có điểm tổng", None, None],
        ["Niêm yết", "2.2.1", "trừ điểm", 0.5, "0,25", None, None, None],
        ["Công khai đầy đủ", "2.2.2", "trừ điểm", "0,5", "mỗi lần: 0,1", None, None, None],
        ["Hồ sơ trực tuyến", "2.3", "Tỷ lệ", 0.5, "mục tiêu: 80", None, None, None],
        ["Điểm thưởng, điểm phạt", "3", None, None, None, None, None, None],
        ["Sáng kiến CCHC", "3.1", "nhập điểm", 1, None, None, "điểm cộng", None],
        ["Vi phạm kỷ luật", "3.2", "trừ điểm", 2, "1", None, "trừ", None],
    ]
    # codes typed without a leading apostrophe arrive as numbers (1, 2.1) and are read back as typed
    spec = load(make_workbook(tmp_path / "set.xlsx", criteria, info=info))

    assert (spec.code, spec.name, spec.year) == ("xa-2025", "Bộ chỉ số CCHC cấp xã", 2025)
    assert spec.levels == ["Lĩnh vực", "Tiêu chí", "Tiêu chí thành phần"]
    assert (spec.bonus_cap, spec.penalty_cap, spec.sample) == (Decimal(2), Decimal(3), True)
    assert spec.description == "Theo Quyết định số 12/QĐ-UBND"
    nodes = by_code(spec)
    assert [node.code for node, _a in spec.walk()] == [
        "1", "1.1", "1.2", "2", "2.1", "2.2", "2.2.1", "2.2.2", "2.3", "3", "3.1", "3.2",
    ]  # fmt: skip
    assert [a.code for a in nodes["2.2.1"][1]] == ["2", "2.2"]
    assert nodes["1.1"][0].rule == Choice(
        options=(Option("Đúng hạn", Decimal(1)), Option("Chậm", Decimal("0.5")), Option("Không ban hành", Decimal(0)))
    )
    assert nodes["1.1"][0].evidence == "Kế hoạch"
    assert nodes["1.1"][0].evidence_required is True
    assert nodes["1.2"][0].rule == Manual(step=Decimal("0.25"))
    assert nodes["1.2"][0].max_points == Decimal("1.5")
    assert nodes["2.1"][0].rule == Bands(
        thresholds=(Threshold(Decimal(90), Decimal(2)), Threshold(Decimal(70), Decimal(1)), Threshold(Decimal(0), ZERO))
    )
    assert not nodes["2.2"][0].is_leaf  # other rows name it as their parent
    assert nodes["2.2"][0].max_points == Decimal(1)
    assert nodes["2.3"][0].rule == Proportional(target=Decimal(80))
    assert nodes["2.2.1"][0].rule == Deduction(per=Decimal("0.25"))
    assert nodes["2.2.2"][0].rule == Deduction(per=Decimal("0.1"))
    assert nodes["2"][0].max_points == Decimal("3.5")
    assert nodes["3.1"][0].kind is LeafKind.BONUS
    assert nodes["3.2"][0].kind is LeafKind.PENALTY
    assert nodes["3.2"][0].rule == Deduction(per=Decimal(1))
    assert spec.max_points == Decimal(6)


def test_it_returns_the_structure_the_yaml_gives_with_numbers_as_exact_strings(tmp_path: Path) -> None:
    criteria = [
        HEADER,
        ["1", "Lĩnh vực", None, None, None],
        ["1.1", "Kế hoạch", 0.3, "lựa chọn", "Đúng hạn: 0,3; Chậm: 0.1"],
    ]
    data = read_xlsx(make_workbook(tmp_path / "set.xlsx", criteria, bands=[["Mã", "Tên", "Từ (%)"], ["A", "Tốt", 90]]))

    assert data == {
        "code": "xa-2025",
        "name": "Bộ chỉ số CCHC cấp xã",
        "year": 2025,
        "levels": ["Lĩnh vực", "Tiêu chí", "Tiêu chí thành phần"],
        "bands": [{"code": "A", "name": "Tốt", "min": "90"}],
        "nodes": [
            {
                "code": "1",
                "name": "Lĩnh vực",
                "children": [
                    {
                        "code": "1.1",
                        "name": "Kế hoạch",
                        "max": "0.3",
                        "rule": {
                            "type": "choice",
                            "options": [{"label": "Đúng hạn", "points": "0.3"}, {"label": "Chậm", "points": "0.1"}],
                        },
                        "_where": data["nodes"][0]["children"][0]["_where"],
                    }
                ],
                "_where": data["nodes"][0]["_where"],
            }
        ],
    }
    assert names_row(data["nodes"][0]["children"][0]["_where"], 3, "1.1")


def test_a_group_row_with_a_rule_is_refused_by_the_validator_naming_the_row(tmp_path: Path) -> None:
    criteria = [
        HEADER,
        ["1", "Lĩnh vực", None, None, None],
        ["1.1", "Tiêu chí", 1, "tỷ lệ", "mục tiêu: 80"],
        ["1.1.1", "Thành phần", 1, "nhập điểm", None],
    ]
    with pytest.raises(SpecError) as caught:
        load(make_workbook(tmp_path / "set.xlsx", criteria))
    [problem] = caught.value.problems
    assert problem.field == "rule"
    assert names_row(problem.where, 3, "1.1")


def test_an_explicit_parent_column_places_rows_whose_codes_are_not_dotted(tmp_path: Path) -> None:
    criteria = [
        ["Mã", "Mã cha", "Tên", "Điểm tối đa", "Cách chấm"],
        ["I", None, "Chỉ đạo, điều hành", None, None],
        ["a", "I", "Kế hoạch", 1, "nhập điểm"],
        ["b", "I", "Báo cáo", 1, "nhập điểm"],
        ["II", "", "Thủ tục hành chính", None, None],
        ["II.1", None, "Công khai", None, None],  # empty: read from the dotted code
        ["c", "II.1", "Niêm yết", 1, "nhập điểm"],
        ["A.9", "-", "Một lĩnh vực có mã chứa dấu chấm", 1, "nhập điểm"],
    ]
    spec = load(make_workbook(tmp_path / "set.xlsx", criteria))

    assert [node.code for node in spec.nodes] == ["I", "II", "A.9"]
    assert [child.code for child in spec.nodes[0].children] == ["a", "b"]
    assert [a.code for a in by_code(spec)["c"][1]] == ["II", "II.1"]


def test_a_parent_row_may_come_after_its_children(tmp_path: Path) -> None:
    criteria = [HEADER, ["1.1", "Kế hoạch", 1, "nhập điểm", None], ["1", "Chỉ đạo", None, None, None]]
    spec = load(make_workbook(tmp_path / "set.xlsx", criteria))
    assert [(node.code, [c.code for c in node.children]) for node in spec.nodes] == [("1", ["1.1"])]


def choice(*options: tuple[str, str]) -> Choice:
    return Choice(tuple(Option(label, Decimal(points)) for label, points in options))


def bands(*thresholds: tuple[str, str]) -> Bands:
    return Bands(tuple(Threshold(Decimal(minimum), Decimal(points)) for minimum, points in thresholds))


@pytest.mark.parametrize(
    ("method", "options", "expected"),
    [
        ("lựa chọn", "Đúng hạn: 1\nChậm: 0,5\n", choice(("Đúng hạn", "1"), ("Chậm", "0.5"))),
        ("choice", "Có (đủ: 3 loại): 2; Không: 0", choice(("Có (đủ: 3 loại)", "2"), ("Không", "0"))),
        ("theo ngưỡng", "≥90: 2; ≥70: 1; ≥0: 0", bands(("90", "2"), ("70", "1"), ("0", "0"))),
        ("bands", ">=90%: 2\n70: 1,5\n0: 0", bands(("90", "2"), ("70", "1.5"), ("0", "0"))),
        ("tỷ lệ", None, Proportional(Decimal(100))),
        ("tỷ lệ", "mục tiêu: 80", Proportional(Decimal(80))),
        ("tỉ lệ", "100%", Proportional(Decimal(100))),
        ("proportional", 95, Proportional(Decimal(95))),
        ("trừ điểm", "0,25", Deduction(Decimal("0.25"))),
        ("trừ điểm", "mỗi lần: 0,5", Deduction(Decimal("0.5"))),
        ("deduction", 0.1, Deduction(Decimal("0.1"))),
        ("nhập điểm", None, Manual()),
        ("tự chấm", "bước: 0,25", Manual(Decimal("0.25"))),
        ("manual", "0.5", Manual(Decimal("0.5"))),
    ],
)
def test_every_rule_reads_its_options_text(tmp_path: Path, method: str, options: Any, expected: object) -> None:
    criteria = [HEADER, ["1", "Lĩnh vực", None, None, None], ["1.1", "Tiêu chí", 2, method, options]]
    spec = load(make_workbook(tmp_path / "set.xlsx", criteria))
    assert spec.nodes[0].children[0].rule == expected


def test_unreadable_options_texts_are_all_reported_with_their_rows(tmp_path: Path) -> None:
    criteria = [
        HEADER,
        ["1", "Lĩnh vực", None, None, None],
        ["1.1", "Thiếu dấu hai chấm", 1, "lựa chọn", "Đúng hạn 1; Chậm: 0,5"],
        ["1.2", "Không có phương án", 1, "lựa chọn", None],
        ["1.3", "Phương án dưới cách chấm tỷ lệ", 1, "tỷ lệ", "Đúng hạn: 1"],
        ["1.4", "Trừ điểm không ghi mức trừ", 1, "trừ điểm", None],
        ["1.5", "Cách chấm lạ", 1, "chấm tay", None],
    ]
    with pytest.raises(SpecError) as caught:
        read_xlsx(make_workbook(tmp_path / "set.xlsx", criteria))

    problems = caught.value.problems
    rows = zip(problems, range(3, 8), ("1.1", "1.2", "1.3", "1.4", "1.5"), strict=True)
    assert all(names_row(problem.where, row, code) for problem, row, code in rows)
    assert [p.field for p in problems] == ["Phương án / ngưỡng"] * 4 + ["Cách chấm"]
    assert "Đúng hạn 1" in problems[0].message


def test_yes_and_no_columns_and_sources_read_as_typed(tmp_path: Path) -> None:
    criteria = [
        [*HEADER, "Tài liệu kiểm chứng", "Bắt buộc kiểm chứng", "Nguồn", "Không áp dụng"],
        ["1", "Lĩnh vực", None, None, None, None, None, None, None],
        ["1.1", "Tự đánh giá", 1, "nhập điểm", None, "Kế hoạch", "không", "tự đánh giá", "x"],
        ["1.2", "Khảo sát", 1, "tỷ lệ", None, None, "Có", "Điều tra XHH", None],
        ["1.3", "Chỉ số", 1, "tỷ lệ", None, None, 1, "chỉ số: tthc_dung_han", "không"],
    ]
    nodes = by_code(load(make_workbook(tmp_path / "set.xlsx", criteria)))

    first, second, third = nodes["1.1"][0], nodes["1.2"][0], nodes["1.3"][0]
    assert (first.evidence_required, first.source, first.not_applicable_allowed) == (False, "self", True)
    assert (second.evidence_required, second.source, second.not_applicable_allowed) == (True, "survey", False)
    assert (third.evidence_required, third.source, third.not_applicable_allowed) == (
        True,
        "indicator:tthc_dung_han",
        False,
    )


def test_a_title_above_the_header_and_english_headers_are_accepted(tmp_path: Path) -> None:
    info = [("code", "en-2025"), ("name", "English labels"), ("year", "2025"), ("levels", "Area\nCriterion")]
    criteria = [
        ["BẢNG TIÊU CHÍ (kèm theo Quyết định số 12/QĐ-UBND)"],
        [],
        ["CODE", "Name", "Max", "Rule", "Options", "Kind", "Evidence_Required"],
        ["1", "Area", None, None, None, None, None],
        ["1.1", "Criterion", 1, "choice", "yes: 1; no: 0", "bonus", "no"],
    ]
    bands = [["Code", "Name", "Min"], ["A", "Tốt", 90], ["B", "Khá", "80,5"], ["C", None, 0]]
    spec = load(make_workbook(tmp_path / "set.xlsx", criteria, info=info, bands=bands))

    assert (spec.code, spec.year, spec.levels) == ("en-2025", 2025, ["Area", "Criterion"])
    leaf = spec.nodes[0].children[0]
    assert (leaf.kind, leaf.evidence_required) == (LeafKind.BONUS, False)
    assert spec.bands == [Band("A", "Tốt", Decimal(90)), Band("B", "Khá", Decimal("80.5")), Band("C", "C", ZERO)]


def test_an_unknown_parent_code_is_reported_naming_the_row(tmp_path: Path) -> None:
    criteria = [
        ["Mã", "Mã cha", "Tên", "Điểm tối đa", "Cách chấm"],
        ["1", None, "Lĩnh vực", None, None],
        ["a", "9", "Mã cha gõ sai", 1, "nhập điểm"],
        ["3.1", None, "Không có lĩnh vực 3", 1, "nhập điểm"],
        ["3.1.1", None, "Dưới một dòng đã báo lỗi", 1, "nhập điểm"],
        ["x", "x", "Tự làm cha mình", 1, "nhập điểm"],
        ["p", "q", "Vòng tròn", 1, "nhập điểm"],
        ["q", "p", "Vòng tròn", 1, "nhập điểm"],
    ]
    with pytest.raises(SpecError) as caught:
        read_xlsx(make_workbook(tmp_path / "set.xlsx", criteria))

    problems = caught.value.problems
    rows = zip(problems, (3, 4, 6, 7, 8), ("a", "3.1", "x", "p", "q"), strict=True)
    assert all(names_row(problem.where, row, code) for problem, row, code in rows)
    # the row under 3.1 is not reported again: its parent row is the one to fix
    assert [p.field for p in problems] == ["Mã cha", "Mã", "Mã cha", "Mã cha", "Mã cha"]
    assert "9" in problems[0].message
    assert "3" in problems[1].message


def test_a_workbook_without_the_criteria_sheet_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        read_xlsx(make_workbook(tmp_path / "set.xlsx", None))
    [problem] = caught.value.problems
    assert problem.field == "Tiêu chí"
    assert "Tiêu chí" in problem.message


def test_missing_columns_are_all_reported(tmp_path: Path) -> None:
    criteria = [["Mã", "Tên", "Ghi chú"], ["1", "Lĩnh vực", None]]
    with pytest.raises(SpecError) as caught:
        read_xlsx(make_workbook(tmp_path / "set.xlsx", criteria, info=[]))
    problems = caught.value.problems
    assert [p.field for p in problems] == ["Điểm tối đa", "Cách chấm"]
    assert all(names_row(p.where, 1) for p in problems)


def test_a_validator_error_names_the_excel_row(tmp_path: Path) -> None:
    criteria = [
        HEADER,
        ["1", "Lĩnh vực", None, None, None],
        [],  # a blank row does not shift the row numbers
        ["1.1", "Kế hoạch", 1, "lựa chọn", "Đúng hạn: 2; Chậm: 0,5"],
    ]
    with pytest.raises(SpecError) as caught:
        load(make_workbook(tmp_path / "set.xlsx", criteria))
    [problem] = caught.value.problems
    assert problem.field == "rule.options[1]"
    assert names_row(problem.where, 4, "1.1")


@pytest.mark.parametrize("content", ["not a workbook", "zip", "missing"])
def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "set.xlsx"
    if content == "zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "hello")
    elif content != "missing":
        path.write_text(content, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        read_xlsx(path)
    [problem] = caught.value.problems
    assert problem.where == "set.xlsx"


def full_spec() -> FrameworkSpec:
    def leaf(code: str, max_points: str, rule: dict[str, Any], **extra: Any) -> dict[str, Any]:
        return {"code": code, "name": f"Tiêu chí {code}", "max": max_points, "rule": rule, **extra}

    return parse_framework(
        {
            "code": "huyen-mau-2025",
            "name": "Bộ chỉ số mẫu",
            "year": 2025,
            "levels": ["Lĩnh vực", "Tiêu chí", "Tiêu chí thành phần"],
            "bands": [
                {"code": "A", "name": "Tốt", "min": "90"},
                {"code": "B", "name": "Khá", "min": "80.5"},
                {"code": "D", "name": "Yếu", "min": "0"},
            ],
            "bonus_cap": "2",
            "penalty_cap": "1.5",
            "description": "Dòng một\nDòng hai",
            "sample": True,
            "nodes": [
                {
                    "code": "1",
                    "name": "Chỉ đạo, điều hành",
                    "children": [
                        leaf(
                            "1.1",
                            "1",
                            {
                                "type": "choice",
                                "options": [
                                    {"label": "Đúng hạn: đủ nội dung", "points": "1"},
                                    {"label": "Chậm", "points": "0.5"},
                                    {"label": "Không ban hành", "points": "0"},
                                ],
                            },
                            evidence="Kế hoạch",
                        ),
                        leaf(
                            "1.2",
                            "0.75",
                            {"type": "manual", "step": "0.25"},
                            evidence="Báo cáo",
                            evidence_required=False,
                        ),
                        leaf("1.3", "0.1", {"type": "manual"}, not_applicable_allowed=True),
                    ],
                },
                {
                    "code": "II",
                    "name": "Thủ tục hành chính",
                    "children": [
                        {
                            "code": "a",
                            "name": "Giải quyết hồ sơ",
                            "children": [
                                leaf(
                                    "a.1",
                                    "2",
                                    {
                                        "type": "bands",
                                        "thresholds": [
                                            {"min": "95.5", "points": "2"},
                                            {"min": "70", "points": "1.25"},
                                            {"min": "0", "points": "0"},
                                        ],
                                    },
                                    source="indicator:tthc_dung_han",
                                ),
                                leaf("a.2", "1.5", {"type": "proportional", "target": "80"}, source="survey"),
                            ],
                        },
                        leaf("b", "1", {"type": "deduction", "per": "0.05"}),
                    ],
                },
                {
                    "code": "X.1",
                    "name": "Tổng hợp",
                    "children": [
                        leaf("X.1.1", "12.345", {"type": "manual"}),
                        leaf("X.1.2", "0.1234567890123456789", {"type": "manual"}),
                    ],
                },
                {
                    "code": "3",
                    "name": "Điểm cộng, điểm trừ",
                    "children": [
                        leaf("3.1", "2", {"type": "manual"}, kind="bonus"),
                        leaf("3.2", "1.5", {"type": "deduction", "per": "0.5"}, kind="penalty"),
                    ],
                },
            ],
        }
    )


def test_writing_then_reading_keeps_the_digest(tmp_path: Path) -> None:
    spec = full_spec()
    path = tmp_path / "out.xlsx"
    write_xlsx(spec, path)

    again = load(path)
    assert again.to_data() == spec.to_data()
    assert again.digest() == spec.digest()


def test_the_written_workbook_is_a_usable_template(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_xlsx(full_spec(), path)

    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Thông tin", "Xếp loại", "Tiêu chí", "Hướng dẫn"]
    sheet = workbook["Tiêu chí"]
    assert [cell.value for cell in sheet[1]] == [
        "Mã", "Mã cha", "Tên", "Điểm tối đa", "Cách chấm", "Phương án / ngưỡng", "Loại điểm",
        "Tài liệu kiểm chứng", "Bắt buộc kiểm chứng", "Nguồn", "Không áp dụng",
        "Không áp dụng tính là", "Ai được khai không áp dụng", "Áp dụng cho nhóm", "Điểm tối đa theo nhóm",
    ]  # fmt: skip
    lists = {str(v.sqref).split(":")[0][0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["E"] == (
        '"nhập điểm,lựa chọn,theo ngưỡng,tỷ lệ,trừ điểm,cộng theo số lượng,tỷ lệ từ số liệu,công thức"'
    )
    assert lists["G"] == '"thường,điểm cộng,điểm trừ,theo dõi,tiêu đề"'
    assert lists["J"] == '"tự đánh giá,khảo sát,hội đồng thẩm định"'
    assert lists["L"] == '"giữ ngoài mẫu số,tính đủ điểm,tính 0 điểm"'
    assert lists["M"] == '"đơn vị,hội đồng"'
    guide = {row[0]: row[1] for row in workbook["Hướng dẫn"].iter_rows(min_row=2, values_only=True)}
    assert "mẫu số bằng 0" in str(guide["Tỷ lệ từ số liệu"])
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert sheet.column_dimensions["C"].width >= 40
    assert sheet["F3"].alignment.wrap_text
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    # the parent is written only where the dotted code does not tell it
    assert (rows["1.1"][1], rows["a"][1], rows["X.1"][1], rows["X.1.1"][1]) == (None, "II", "-", None)
    assert rows["1.1"][4:6] == ("lựa chọn", "Đúng hạn: đủ nội dung: 1\nChậm: 0,5\nKhông ban hành: 0")
    assert rows["a.1"][4:6] == ("theo ngưỡng", "≥95,5: 2\n≥70: 1,25\n≥0: 0")
    assert rows["3.2"][6] == "điểm trừ"
    assert isinstance(rows["1"][3], float)  # a real number, so the column adds up in Excel
    assert Decimal(repr(rows["1"][3])) == Decimal("1.85")
    assert isinstance(rows["X.1"][3], str)  # more digits than Excel keeps: written as text, read back exactly


def _choice_spec(*options: tuple[str, str]) -> FrameworkSpec:
    return parse_framework(
        {
            "code": "x",
            "name": "x",
            "year": 2025,
            "nodes": [
                {
                    "code": "1",
                    "name": "Tiêu chí",
                    "max": "1",
                    "rule": {"type": "choice", "options": [{"label": lb, "points": pt} for lb, pt in options]},
                }
            ],
        }
    )


def test_option_labels_with_a_semicolon_round_trip_one_option_per_line(tmp_path: Path) -> None:
    spec = _choice_spec(("Đúng hạn; đủ nội dung", "1"), ("Chậm", "0"))
    write_xlsx(spec, tmp_path / "out.xlsx")
    assert parse_framework(read_xlsx(tmp_path / "out.xlsx")).digest() == spec.digest()


def test_a_lone_option_with_a_semicolon_is_refused_when_writing(tmp_path: Path) -> None:
    with pytest.raises(SpecError):
        write_xlsx(_choice_spec(("Đúng hạn; đủ", "1")), tmp_path / "out.xlsx")


def test_an_option_label_with_a_line_break_is_refused_when_writing(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        write_xlsx(_choice_spec(("Đúng hạn\nđủ", "1")), tmp_path / "out.xlsx")
    assert [p.field for p in caught.value.problems] == ["rule.options[1]"]
    assert not (tmp_path / "out.xlsx").exists()


def test_read_framework_file_loads_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "set.XLSX"
    write_xlsx(full_spec(), path)
    assert read_framework_file(path).digest() == full_spec().digest()


# --- a real decision's table (issue 17) ----------------------------------------------------------------------------


def test_a_decision_typed_as_an_officer_types_it_loads_as_its_yaml(tmp_path: Path) -> None:
    spec = load(build_decision_workbook(tmp_path / "decision.xlsx"))
    assert spec.to_data() == parse_framework(deepcopy(DECISION_DATA)).to_data()
    assert tuple(node.code for node, _a in spec.walk()) == EXPECTED_IDENTITIES
    assert spec.max_points == EXPECTED_MAX
    assert {node.code: node.max_points for node in spec.nodes if node.kind is LeafKind.NORMAL} == {
        **EXPECTED_AREA_MAXIMA,
        "V": None,
    }
    nodes = by_code(spec)
    # numbering restarts: 3.1.1 sits under area III's 3.1, the nearest 3.1 above it
    assert [a.code for a in nodes["3.1.1"][1]] == ["III", "III/3.1"]
    assert [a.code for a in nodes["I/3.1"][1]] == ["I"]
    # the council scores area II: typed once, on the area's row
    assert {nodes[code][0].source for code in ("II/1", "II/2")} == {"council"}
    assert nodes["I/3.2"][0].kind is LeafKind.TRACKING
    assert nodes["I/2"][0].kind is LeafKind.HEADING
    assert nodes["IV"][0].is_leaf
    assert isinstance(nodes["IV"][0].rule, Bands)
    ratios = {code: nodes[code][0].rule for code in ("I/3.1", "3.1.1", "3.1.2", "3.1.3")}
    on_zero = {code: rule.on_zero for code, rule in ratios.items() if isinstance(rule, Ratio)}
    assert on_zero == {
        "I/3.1": ZeroDenominator.FULL,
        "3.1.1": ZeroDenominator.NOT_APPLICABLE,
        "3.1.2": ZeroDenominator.ZERO,
        "3.1.3": ZeroDenominator.NOT_APPLICABLE,
    }
    assert sorted(leaf.code for leaf in spec.to_tree().leaves) == sorted(
        code for code, (node, _a) in nodes.items() if node.is_scored
    )


def test_the_decision_round_trips_through_the_writer(tmp_path: Path) -> None:
    spec = load(build_decision_workbook(tmp_path / "decision.xlsx"))
    write_xlsx(spec, tmp_path / "written.xlsx")
    again = load(tmp_path / "written.xlsx")
    assert again.to_data() == spec.to_data()
    assert again.digest() == spec.digest()
    write_xlsx(again, tmp_path / "twice.xlsx")
    assert load(tmp_path / "twice.xlsx").digest() == spec.digest()

    rows = list(load_workbook(tmp_path / "written.xlsx")["Tiêu chí"].iter_rows(min_row=2, values_only=True))
    by_name = {row[2]: row for row in rows}
    # the parent is written only where the nearest row above with the dotted code's prefix is not it
    assert by_name["Ban hành kế hoạch CCHC năm đánh giá"][:2] == ("1.1", None)
    assert by_name["Tỷ lệ hồ sơ TTHC được giải quyết đúng hạn"][:2] == ("3.1.1", None)
    assert by_name["Giải quyết hồ sơ thủ tục hành chính"][:2] == ("3.1", "III")
    assert by_name["Tỷ lệ cơ quan, đơn vị được kiểm tra CCHC trong năm"][4:6] == (
        "tỷ lệ từ số liệu",
        "tử số: Số cơ quan, đơn vị được kiểm tra\nmẫu số: Số cơ quan, đơn vị thuộc diện kiểm tra\n"
        "mục tiêu: 80\nmẫu số bằng 0: tối đa",
    )
    assert by_name["Trả lời văn bản đúng hạn (1,5 × tỷ lệ đúng hạn)"][4:6] == (
        "công thức",
        "biến dung_han: Số văn bản trả lời đúng hạn\nbiến tong_so: Tổng số văn bản phải trả lời\n"
        "công thức: 1.5 × dung_han ÷ tong_so\nchia cho 0: không áp dụng",
    )
    assert by_name["Số cuộc kiểm tra CCHC đã thực hiện"][3:7] == (None, None, None, "theo dõi")
    assert by_name["Triển khai dịch vụ bưu chính công ích"][9:] == (None, "có", "tính 0 điểm", "hội đồng", "xa", None)
    assert by_name["Niêm yết, công khai thủ tục hành chính"][13:] == ("xa; co-quan", "co-quan: 0,5; xa: 1")
    assert by_name["Mức độ chấp hành sự chỉ đạo, điều hành"][9] == "hội đồng thẩm định"


def test_english_keywords_are_accepted_for_the_new_constructs(tmp_path: Path) -> None:
    criteria = [
        ["Code", "Parent", "Name", "Max", "Rule", "Options", "Kind", "Source", "Not_applicable_allowed",
         "Not_applicable_meaning", "Not_applicable_by", "Applies_to", "Max_by_group"],
        ["A", None, "Area", None, None, None, None, None, None, None, None, None, None],
        ["1", "A", "Per item", 2, "per_item", "per: 0.5", None, "council", "yes", "full points", "council", "xa",
         "xa: 1"],
        ["2", "A", "Ratio", 2, "ratio", "numerator: Done\ndenominator: All\ntarget: 80\non zero: full", None, None,
         None, "zero", None, None, None],
        ["3", "A", "Formula", 1, "formula", "input a: Value A\nformula: min(a, 1)", None, None, None, None, None,
         None, None],
        ["4", "A", "Tracking", None, None, None, "tracking", None, None, None, None, None, None],
        ["5", "A", "Heading", None, None, None, "heading", None, None, None, None, None, None],
    ]  # fmt: skip
    nodes = by_code(load(make_workbook(tmp_path / "set.xlsx", criteria)))
    first = nodes["1"][0]
    assert (first.rule, first.source, first.not_applicable_meaning, first.not_applicable_by) == (
        PerItem(per=Decimal("0.5")),
        "council",
        NotApplicableMeaning.FULL_POINTS,
        NotApplicableDeclarer.COUNCIL,
    )
    assert (first.applies_to, first.max_by_group) == (("xa",), {"xa": Decimal(1)})
    assert nodes["2"][0].rule == Ratio("Done", "All", Proportional(Decimal(80)), ZeroDenominator.FULL)
    assert nodes["2"][0].not_applicable_meaning is NotApplicableMeaning.ZERO
    assert nodes["3"][0].rule == Formula((Input("a", "Value A"),), "min(a, 1)")
    assert (nodes["4"][0].kind, nodes["5"][0].kind) == (LeafKind.TRACKING, LeafKind.HEADING)


def test_a_parent_path_places_a_row_under_a_repeated_code_wherever_it_is_typed(tmp_path: Path) -> None:
    criteria = [
        ["Mã", "Mã cha", "Tên", "Điểm tối đa", "Cách chấm"],
        ["I", None, "Lĩnh vực I", None, None],
        ["3.1", "I", "Nhóm 3.1 của I", None, None],
        ["III", None, "Lĩnh vực III", None, None],
        ["3.1", "III", "Nhóm 3.1 của III", None, None],
        ["3.1.1", None, "Dưới 3.1 gần nhất: của III", None, None],
        ["x", "I/3.1", "Dưới 3.1 của I, gõ sau", 1, "nhập điểm"],
        ["y", "I / 3.1", "Dấu cách quanh “/” cũng được", 1, "nhập điểm"],
        ["z", "3.1/3.1.1", "Đường dẫn từ giữa chừng", 1, "nhập điểm"],
    ]
    nodes = by_code(load(make_workbook(tmp_path / "set.xlsx", criteria)))
    assert [a.code for a in nodes["3.1.1"][1]] == ["III", "III/3.1"]
    assert [a.code for a in nodes["x"][1]] == ["I", "I/3.1"]
    assert [a.code for a in nodes["y"][1]] == ["I", "I/3.1"]
    assert [a.code for a in nodes["z"][1]] == ["III", "III/3.1", "3.1.1"]


def test_a_parent_that_cannot_be_told_is_reported_naming_the_row(tmp_path: Path) -> None:
    criteria = [
        ["Mã", "Mã cha", "Tên", "Điểm tối đa", "Cách chấm"],
        ["a", "3.1", "Hai dòng 3.1, cả hai ở dưới", 1, "nhập điểm"],
        ["I", None, "Lĩnh vực I", None, None],
        ["3.1", "I", "Nhóm", None, None],
        ["III", None, "Lĩnh vực III", None, None],
        ["3.1", "III", "Nhóm", None, None],
        ["b", "II/3.1", "Không có lĩnh vực II", 1, "nhập điểm"],
        ["3.1.1", "III", "Hợp lệ", 1, "nhập điểm"],
    ]
    with pytest.raises(SpecError) as caught:
        read_xlsx(make_workbook(tmp_path / "set.xlsx", criteria))
    problems = caught.value.problems
    assert [(names_row(p.where, row, code), p.field) for p, row, code in zip(problems, (2, 7), "ab", strict=True)] == [
        (True, "Mã cha"),
        (True, "Mã cha"),
    ]
    assert "I/3.1" in problems[0].message  # the fix: write the path
    assert "II/3.1" in problems[1].message


def test_a_source_typed_on_an_area_row_goes_to_its_rows_that_say_none(tmp_path: Path) -> None:
    criteria = [
        ["Mã", "Tên", "Điểm tối đa", "Cách chấm", "Nguồn"],
        ["1", "Đánh giá của lãnh đạo", None, None, "hội đồng"],
        ["1.1", "Chấp hành", 1, "nhập điểm", None],
        ["1.2", "Khảo sát", 1, "tỷ lệ", "khảo sát"],
        ["1.3", "Nhóm", None, None, None],
        ["1.3.1", "Dưới nhóm", 1, "nhập điểm", None],
    ]
    nodes = by_code(load(make_workbook(tmp_path / "set.xlsx", criteria)))
    assert {code: nodes[code][0].source for code in ("1.1", "1.2", "1.3.1")} == {
        "1.1": "council",
        "1.2": "survey",
        "1.3.1": "council",
    }


BAD_CELLS_HEADER = ["Mã", "Tên", "Điểm tối đa", "Cách chấm", "Phương án / ngưỡng"]


@pytest.mark.parametrize(
    ("method", "options", "column", "says"),
    [
        ("tỷ lệ từ số liệu", "tử số: Đúng hạn", "Phương án / ngưỡng", "mẫu số: Tổng số hồ sơ"),
        ("tỷ lệ từ số liệu", "tử số: A\nmẫu số: B\ntrên 80 thì 2", "Phương án / ngưỡng", "trên 80 thì 2"),
        ("tỷ lệ từ số liệu", "tử số: A\nmẫu số: B\nmẫu số bằng 0: bỏ qua", "Phương án / ngưỡng", "bỏ qua"),
        ("tỷ lệ từ số liệu", "tử số: A\nmẫu số: B\nmục tiêu: 80\n≥90: 2", "Phương án / ngưỡng", "mục tiêu: 80"),
        ("tỷ lệ từ số liệu", "tử số: A\ntử số: B\nmẫu số: C", "Phương án / ngưỡng", "tử số: B"),
        ("công thức", "biến Qua han: Tỷ lệ\ncông thức: 100", "Phương án / ngưỡng", "biến qua_han"),
        ("công thức", "biến a: A\ncông thức: 100 - (a", "Phương án / ngưỡng", "ký tự thứ 7"),
        ("công thức", "biến a: A\ncông thức: 100 - b", "Phương án / ngưỡng", "các số liệu là: a"),
        ("công thức", "biến a: A", "Phương án / ngưỡng", "công thức: 100 - qua_han"),
        ("công thức", "công thức: 100", "Phương án / ngưỡng", "biến qua_han"),
        ("tỷ lệ từ số liệu", "tử số: A\nmẫu số: B\nmục tiêu: tám mươi", "Phương án / ngưỡng", "mục tiêu: 80"),
        ("cộng theo số lượng", None, "Phương án / ngưỡng", "mỗi: 0,5"),
        ("cộng theo số lượng", "số lượng: 0,5", "Phương án / ngưỡng", "mỗi: 0,5"),
        ("tỷ lệ", "tử số: A\nmẫu số: B", "Phương án / ngưỡng", "hãy ghi “tỷ lệ từ số liệu” ở cột “Cách chấm”"),
    ],
)
def test_an_unreadable_rule_cell_is_reported_with_sheet_row_column_and_an_example(
    tmp_path: Path, method: str, options: str | None, column: str, says: str
) -> None:
    criteria = [BAD_CELLS_HEADER, ["1", "Lĩnh vực", None, None, None], ["1.1", "Mục", 2, method, options]]
    with pytest.raises(SpecError) as caught:
        read_xlsx(make_workbook(tmp_path / "set.xlsx", criteria))
    [problem] = caught.value.problems
    assert names_row(problem.where, 3, "1.1")
    assert problem.field == column
    assert says in problem.message


@pytest.mark.parametrize(
    ("column", "value", "says"),
    [
        ("Không áp dụng tính là", "một nửa", "giữ ngoài mẫu số, tính đủ điểm, tính 0 điểm"),
        ("Ai được khai không áp dụng", "phòng nội vụ", "đơn vị, hội đồng"),
        ("Điểm tối đa theo nhóm", "xa 2", "xa: 2"),
        ("Điểm tối đa theo nhóm", "xa: 2; xa: 1", "xa"),
        ("Loại điểm", "ghi chú", "theo dõi, tiêu đề"),
    ],
)
def test_an_unreadable_new_column_is_reported_with_sheet_row_and_column(
    tmp_path: Path, column: str, value: str, says: str
) -> None:
    criteria = [
        [*BAD_CELLS_HEADER, column],
        ["1", "Lĩnh vực", None, None, None, None],
        ["1.1", "Mục", 2, "nhập điểm", None, value],
    ]
    with pytest.raises(SpecError) as caught:
        read_xlsx(make_workbook(tmp_path / "set.xlsx", criteria))
    [problem] = caught.value.problems
    assert names_row(problem.where, 3, "1.1")
    assert problem.field == column
    assert says in problem.message


def test_what_the_validator_refuses_in_the_new_columns_names_the_excel_row(tmp_path: Path) -> None:
    criteria = [
        [*BAD_CELLS_HEADER, "Loại điểm", "Áp dụng cho nhóm", "Điểm tối đa theo nhóm", "Ai được khai không áp dụng"],
        ["1", "Lĩnh vực", None, None, None, None, None, None, None],
        ["1.1", "Theo dõi có điểm", 2, None, None, "theo dõi", None, None, None],
        ["1.2", "Nhóm lạ", 1, "nhập điểm", None, None, "xa", "co-quan: 1", None],
        ["1.3", "Chưa cho phép", 1, "nhập điểm", None, None, None, None, "hội đồng"],
        ["2", "Lĩnh vực trống", None, None, None, None, None, None, None],
    ]
    with translation.override("vi"), pytest.raises(SpecError) as caught:
        load(make_workbook(tmp_path / "set.xlsx", criteria))
    problems = caught.value.problems
    expected = [(3, "1.1", "max"), (4, "1.2", "max_by_group"), (5, "1.3", "not_applicable_by"), (6, "2", "children")]
    assert len(problems) == len(expected)
    for problem, (row, code, field) in zip(problems, expected, strict=True):
        assert names_row(problem.where, row, code)
        assert problem.field == field
    assert problems[3].message.startswith("lĩnh vực này chưa có tiêu chí con")


def test_a_broken_formula_in_a_written_set_is_refused_at_reading_not_with_a_traceback(tmp_path: Path) -> None:
    criteria = [
        BAD_CELLS_HEADER,
        ["1", "Lĩnh vực", None, None, None],
        ["1.1", "Chia", 1, "công thức", "biến a: A\nbiến b: B\ncông thức: a / b"],
        ["1.2", "Dấu phẩy thập phân", 1, "công thức", "biến a: A; công thức: 0,5 * a"],
    ]
    with translation.override("vi"), pytest.raises(SpecError) as caught:
        read_framework_file(make_workbook(tmp_path / "set.xlsx", criteria))
    problems = caught.value.problems
    assert names_row(problems[0].where, 4, "1.2")
    assert problems[0].field == "Phương án / ngưỡng"
    assert "ký tự thứ 2: viết số thập phân bằng dấu chấm" in problems[0].message
    assert len(problems) == 1  # the reader stops before the validator; fixing it shows the next


def test_a_possibly_zero_divisor_is_named_by_the_validator_for_the_excel_row(tmp_path: Path) -> None:
    criteria = [
        BAD_CELLS_HEADER,
        ["1", "Lĩnh vực", None, None, None],
        ["1.1", "Chia", 1, "công thức", "biến a: A\nbiến b: B\ncông thức: a / b"],
    ]
    with translation.override("vi"), pytest.raises(SpecError) as caught:
        read_framework_file(make_workbook(tmp_path / "set.xlsx", criteria))
    [problem] = caught.value.problems
    assert names_row(problem.where, 3, "1.1")
    assert "chia cho b" in problem.message


def test_an_area_and_its_first_criterion_may_share_a_number(tmp_path: Path) -> None:
    criteria = [
        ["Mã", "Mã cha", "Tên", "Điểm tối đa", "Cách chấm"],
        ["1", None, "Lĩnh vực 1", None, None],
        ["1", "1", "Tiêu chí 1 của lĩnh vực 1", None, None],
        ["1", "1", "Tiêu chí thành phần 1 của tiêu chí 1", 1, "nhập điểm"],
        ["2", "/1", "Tiêu chí 2 của lĩnh vực 1 (đường dẫn từ trên cùng)", 1, "nhập điểm"],
    ]
    spec = load(make_workbook(tmp_path / "set.xlsx", criteria))
    assert [(node.path, len(ancestors)) for node, ancestors in spec.walk()] == [
        ("1", 0),
        ("1/1", 1),
        ("1/1/1", 2),
        ("1/2", 1),
    ]
    write_xlsx(spec, tmp_path / "written.xlsx")
    written = list(
        load_workbook(tmp_path / "written.xlsx")["Tiêu chí"].iter_rows(min_row=2, max_col=2, values_only=True)
    )
    assert written == [("1", None), ("1", "1"), ("1", "1"), ("2", "/1")]
    assert load(tmp_path / "written.xlsx").digest() == spec.digest()


def test_a_ratio_label_with_a_line_break_is_refused_when_writing(tmp_path: Path) -> None:
    rule = {"type": "ratio", "numerator": "Số hồ sơ\nđúng hạn", "denominator": "Tổng số; kể cả trực tuyến"}
    spec = parse_framework(
        {"code": "x", "name": "x", "year": 2025, "nodes": [{"code": "1", "name": "T", "max": "1", "rule": rule}]}
    )
    with pytest.raises(SpecError) as caught:
        write_xlsx(spec, tmp_path / "out.xlsx")
    assert [p.field for p in caught.value.problems] == ["rule.numerator"]  # a “;” is fine: one line each
