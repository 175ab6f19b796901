"""Reading a criteria set typed into Excel, and writing one back (the officer's template)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from parindex.frameworks.services import read_framework_file
from parindex.frameworks.spec import FrameworkSpec, NodeSpec, SpecError, parse_framework
from parindex.frameworks.xlsx import read_xlsx, write_xlsx
from parindex.scoring.engine import LeafKind
from parindex.scoring.ranking import Band
from parindex.scoring.rules import Bands, Choice, Deduction, Manual, Option, Proportional, Threshold

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
    assert workbook.sheetnames == ["Thông tin", "Xếp loại", "Tiêu chí"]
    sheet = workbook["Tiêu chí"]
    assert [cell.value for cell in sheet[1]] == [
        "Mã", "Mã cha", "Tên", "Điểm tối đa", "Cách chấm", "Phương án / ngưỡng", "Loại điểm",
        "Tài liệu kiểm chứng", "Bắt buộc kiểm chứng", "Nguồn", "Không áp dụng",
    ]  # fmt: skip
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
