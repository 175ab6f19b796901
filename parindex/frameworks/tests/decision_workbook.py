"""A criteria set typed into the Excel template as a Home Affairs officer types a real decision's table.

:func:`build_decision_workbook` writes it with openpyxl, cell by cell, the way a person fills the template in:
Vietnamese keywords, decimal commas ("1,5" typed as text, 0.5 arriving as an Excel number), codes restarting under
each area, parents left to the dotted codes where they can be. :data:`DECISION_DATA` is the same set as the YAML would
hold it (each leaf's source spelled out), and the ``EXPECTED_*`` constants are the figures computed by hand.

Every construct of issue 17, where it is:

- **Repeated numbering**: "3.1" and "3.2" under area I (typed with "Mã cha" I) and again under area III, where 3.1.1…
  3.1.3 and 3.2.1…3.2.4 are placed by their dotted codes under the nearest row above (III's); "1" and "2" under I, II
  and V. Identities: ``I/3.1``, ``III/3.1``, ``I/1``, ``II/1``, ``V/1``…; unique codes (``1.1``, ``3.1.1``) keep
  their code.
- **Council-scored area**: area II ("Nguồn: hội đồng thẩm định" on the area row; its two items inherit it), each item
  ``source: council``.
- **Tracking row**: I/3.2 "Số cuộc kiểm tra CCHC đã thực hiện" (loại điểm "theo dõi", no maximum, no rule).
- **Heading**: I/2 "Kiểm tra, theo dõi CCHC" (loại điểm "tiêu đề").
- **Per item**: 1.2, 0,5 points per regulation issued, at most 2 (bonus V/1 too: 0,5 per initiative, at most 1).
- **Ratios from counts**, one per zero-denominator meaning:
  I/3.1 proportional to 80 % ("mục tiêu: 80"), "mẫu số bằng 0: tối đa" (full);
  3.1.1 bands ≥95: 3, ≥80: 2, ≥50: 1, ≥0: 0, "mẫu số bằng 0: không áp dụng" (not applicable; N/A leaves the
  denominator, typed "giữ ngoài mẫu số");
  3.1.2 proportional to 100 % (no target line), "mẫu số bằng 0: 0 điểm" (zero), typed on one line with ";";
  3.1.3 proportional to 100 %, zero → not applicable, and not applicable counts as full points ("tính đủ điểm").
- **Formulas**: 3.2.1 ``100 − (qua_han + phan_anh)`` scored by bands (≥95: 2, ≥85: 1,5, ≥70: 1, ≥0: 0); 3.2.2
  ``1.5 × dung_han ÷ tong_so`` without a scorer (the value is the points), "chia cho 0: không áp dụng".
- **Unit groups**: 3.2.3 applies to "xa; co-quan" with maxima "xa: 1; co-quan: 0,5"; 3.2.4 applies to "xa" only, may
  be declared not applicable by the council only, and then counts as 0 points.
- **Area-level leaf**: area IV, a row without parent or children, with a maximum (2) and a bands rule.
- **Bonus and penalty** in area V (V/1 per item; V/2 per item too: 0,5 points off for each reprimand), capped by
  "Điểm cộng tối đa" 1 and "Điểm trừ tối đa" 1.

Maxima (normal items; tracking rows, headings, bonus and penalty excluded): I = 5 (1.1: 1, 1.2: 2, I/3.1: 2),
II = 3 (II/1: 2, II/2: 1), III = 11 (III/3.1 = 6: 3 + 2 + 1; III/3.2 = 5: 2 + 1,5 + 1 + 0,5), IV = 2; the set: 21.
By unit group, where applies_to and max_by_group are honoured: "xa" 21 (3.2.3 at 1, 3.2.4 applies); "co-quan" 20
(3.2.3 at 0,5, 3.2.4 does not apply).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook

CODE = "qd-cchc-2025"
LEVELS = ["Lĩnh vực", "Tiêu chí", "Tiêu chí thành phần"]
GROUPS = ("xa", "co-quan")  # the unit-group codes of parindex/tests/district.py

EXPECTED_AREA_MAXIMA: dict[str, Decimal] = {
    "I": Decimal(5),
    "II": Decimal(3),
    "III": Decimal(11),
    "IV": Decimal(2),
}
EXPECTED_MAX = Decimal(21)
EXPECTED_GROUP_MAXIMA: dict[str, Decimal] = {"xa": Decimal(21), "co-quan": Decimal(20)}
EXPECTED_IDENTITIES = (
    "I", "I/1", "1.1", "1.2", "I/2", "I/3.1", "I/3.2",
    "II", "II/1", "II/2",
    "III", "III/3.1", "3.1.1", "3.1.2", "3.1.3", "III/3.2", "3.2.1", "3.2.2", "3.2.3", "3.2.4",
    "IV",
    "V", "V/1", "V/2",
)  # fmt: skip

INFO: list[tuple[Any, Any]] = [
    ("BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (nhập theo Quyết định)", None),
    ("Mã bộ tiêu chí", CODE),
    ("Tên bộ tiêu chí", "Bộ chỉ số CCHC theo quyết định của UBND tỉnh"),
    ("Năm", 2025),
    ("Các cấp", "Lĩnh vực; Tiêu chí; Tiêu chí thành phần"),
    ("Điểm cộng tối đa", 1),
    ("Điểm trừ tối đa", "1"),
    ("Mô tả", "Nhập từ bảng tiêu chí kèm theo Quyết định"),
]
BANDS: list[tuple[Any, ...]] = [
    ("Mã", "Tên", "Từ (%)"),
    ("A", "Xuất sắc", 90),
    ("B", "Tốt", 80),
    ("C", "Khá", "65,5"),
    ("D", "Trung bình", 50),
    ("E", "Yếu", 0),
]
HEADER = (
    "Mã", "Mã cha", "Tên", "Điểm tối đa", "Cách chấm", "Phương án / ngưỡng", "Loại điểm", "Tài liệu kiểm chứng",
    "Bắt buộc kiểm chứng", "Nguồn", "Không áp dụng", "Không áp dụng tính là", "Ai được khai không áp dụng",
    "Áp dụng cho nhóm", "Điểm tối đa theo nhóm",
)  # fmt: skip


def _row(code: Any, parent: str | None, name: str, max_points: Any = None, rule: str | None = None,
         options: Any = None, **more: Any) -> list[Any]:  # fmt: skip
    """One criteria row: the first six columns in order, the others by their header."""
    cells: list[Any] = [code, parent, name, max_points, rule, options] + [None] * (len(HEADER) - 6)
    columns = {
        "kind": "Loại điểm",
        "evidence": "Tài liệu kiểm chứng",
        "required": "Bắt buộc kiểm chứng",
        "source": "Nguồn",
        "na": "Không áp dụng",
        "na_meaning": "Không áp dụng tính là",
        "na_by": "Ai được khai không áp dụng",
        "groups": "Áp dụng cho nhóm",
        "group_max": "Điểm tối đa theo nhóm",
    }
    for key, value in more.items():
        cells[HEADER.index(columns[key])] = value
    return cells


CRITERIA: list[list[Any]] = [
    list(HEADER),
    _row("I", None, "Công tác chỉ đạo, điều hành cải cách hành chính", 5),
    _row(1, "I", "Kế hoạch cải cách hành chính"),
    _row(
        "1.1", None, "Ban hành kế hoạch CCHC năm đánh giá", 1, "lựa chọn",
        "Ban hành đúng hạn: 1\nBan hành chậm: 0,5\nKhông ban hành: 0",
        evidence="Kế hoạch CCHC năm đánh giá", required="có",
    ),
    _row(
        "1.2", None, "Ban hành nội quy, quy chế làm việc (0,5 điểm mỗi văn bản, tối đa 2 điểm)", 2,
        "cộng theo số lượng", "mỗi: 0,5",
    ),
    _row(2, "I", "Kiểm tra, theo dõi cải cách hành chính", kind="tiêu đề"),
    _row(
        "3.1", "I", "Tỷ lệ cơ quan, đơn vị được kiểm tra CCHC trong năm", 2, "tỷ lệ từ số liệu",
        "tử số: Số cơ quan, đơn vị được kiểm tra\nmẫu số: Số cơ quan, đơn vị thuộc diện kiểm tra\n"
        "mục tiêu: 80\nmẫu số bằng 0: tối đa",
    ),
    _row("3.2", "I", "Số cuộc kiểm tra CCHC đã thực hiện", kind="theo dõi"),
    _row("II", None, "Đánh giá của Chủ tịch, các Phó Chủ tịch UBND", source="hội đồng thẩm định"),
    _row(1, "II", "Mức độ chấp hành sự chỉ đạo, điều hành", 2, "nhập điểm", "bước: 0,5"),
    _row(2, "II", "Chất lượng tham mưu CCHC", 1, "lựa chọn", "Tốt: 1; Đạt: 0,5; Chưa đạt: 0"),
    _row("III", None, "Cải cách thủ tục hành chính"),
    _row("3.1", "III", "Giải quyết hồ sơ thủ tục hành chính"),
    _row(
        "3.1.1", None, "Tỷ lệ hồ sơ TTHC được giải quyết đúng hạn", 3, "tỷ lệ từ số liệu",
        "tử số: Số hồ sơ giải quyết đúng hạn\nmẫu số: Tổng số hồ sơ đã giải quyết\n"
        "≥95: 3\n≥ 80 %: 2\n≥50: 1\n≥0: 0\nmẫu số bằng 0: không áp dụng",
        na_meaning="giữ ngoài mẫu số", evidence="Báo cáo tình hình giải quyết TTHC", required="có",
    ),
    _row(
        "3.1.2", None, "Tỷ lệ hồ sơ tiếp nhận trực tuyến", 2, "tỷ lệ từ số liệu",
        "tử số: Số hồ sơ tiếp nhận trực tuyến; mẫu số: Tổng số hồ sơ tiếp nhận; mẫu số bằng 0: 0 điểm",
    ),
    _row(
        "3.1.3", None, "Tỷ lệ hồ sơ trễ hạn có văn bản xin lỗi", 1, "tỷ lệ từ số liệu",
        "tử số: Số hồ sơ trễ hạn có văn bản xin lỗi\nmẫu số: Số hồ sơ trễ hạn\nmục tiêu: 100\n"
        "mẫu số bằng 0: không áp dụng",
        na_meaning="tính đủ điểm",
    ),
    _row("3.2", "III", "Chất lượng phục vụ người dân, doanh nghiệp"),
    _row(
        "3.2.1", None, "Mức độ hài lòng về giải quyết hồ sơ", 2, "công thức",
        "biến qua_han: Tỷ lệ hồ sơ quá hạn (%)\nbiến phan_anh: Tỷ lệ phản ánh, kiến nghị (%)\n"
        "công thức: 100 − (qua_han + phan_anh)\n≥95: 2\n≥85: 1,5\n≥70: 1\n≥0: 0",
    ),
    _row(
        "3.2.2", None, "Trả lời văn bản đúng hạn (1,5 × tỷ lệ đúng hạn)", "1,5", "công thức",
        "biến dung_han: Số văn bản trả lời đúng hạn\nbiến tong_so: Tổng số văn bản phải trả lời\n"
        "công thức: 1.5 × dung_han ÷ tong_so\nchia cho 0: không áp dụng",
    ),
    _row(
        "3.2.3", None, "Niêm yết, công khai thủ tục hành chính", 1, "nhập điểm", "bước: 0,25",
        groups="xa; co-quan", group_max="xa: 1; co-quan: 0,5",
    ),
    _row(
        "3.2.4", None, "Triển khai dịch vụ bưu chính công ích", 0.5, "lựa chọn", "Đã triển khai: 0,5\nChưa: 0",
        na="có", na_meaning="tính 0 điểm", na_by="hội đồng", groups="xa",
    ),
    _row("IV", None, "Kết quả thực hiện nhiệm vụ được giao (tỷ lệ hoàn thành)", 2, "theo ngưỡng",
         "≥100: 2; ≥80: 1; ≥0: 0"),
    _row("V", None, "Điểm cộng, điểm trừ"),
    _row(1, "V", "Sáng kiến CCHC được công nhận (0,5 điểm mỗi sáng kiến)", 1, "cộng theo số lượng", "mỗi: 0,5",
         kind="điểm cộng"),
    _row(2, "V", "Bị phê bình về CCHC (trừ 0,5 điểm mỗi lần)", 1, "cộng theo số lượng", "mỗi: 0,5", kind="điểm trừ"),
]  # fmt: skip


def build_decision_workbook(path: Path | str) -> Path:
    """Write the decision's criteria table, as typed by an officer, to ``path`` (an .xlsx); return the path."""
    workbook = Workbook()
    info = workbook.active
    assert info is not None
    info.title = "Thông tin"
    for row in INFO:
        info.append(list(row))
    bands = workbook.create_sheet("Xếp loại")
    for band in BANDS:
        bands.append(list(band))
    criteria = workbook.create_sheet("Tiêu chí")
    for cells in CRITERIA:
        criteria.append(cells)
    path = Path(path)
    workbook.save(path)
    return path


def _leaf(code: str, name: str, max_points: str, rule: dict[str, Any] | None, **extra: Any) -> dict[str, Any]:
    node = {"code": code, "name": name, "rule": rule, **extra}
    if max_points:
        node["max"] = max_points
    return node


def _ratio(numerator: str, denominator: str, score: dict[str, Any], on_zero: str) -> dict[str, Any]:
    return {"type": "ratio", "numerator": numerator, "denominator": denominator, "score": score, "on_zero": on_zero}


def _bands(*pairs: tuple[str, str]) -> dict[str, Any]:
    return {"type": "bands", "thresholds": [{"min": m, "points": p} for m, p in pairs]}


def _council(node: dict[str, Any]) -> dict[str, Any]:
    return {**node, "source": "council"}


DECISION_DATA: dict[str, Any] = {
    "code": CODE,
    "name": "Bộ chỉ số CCHC theo quyết định của UBND tỉnh",
    "year": 2025,
    "levels": LEVELS,
    "bands": [
        {"code": "A", "name": "Xuất sắc", "min": "90"},
        {"code": "B", "name": "Tốt", "min": "80"},
        {"code": "C", "name": "Khá", "min": "65.5"},
        {"code": "D", "name": "Trung bình", "min": "50"},
        {"code": "E", "name": "Yếu", "min": "0"},
    ],
    "bonus_cap": "1",
    "penalty_cap": "1",
    "description": "Nhập từ bảng tiêu chí kèm theo Quyết định",
    "nodes": [
        {
            "code": "I",
            "name": "Công tác chỉ đạo, điều hành cải cách hành chính",
            "max": "5",
            "children": [
                {
                    "code": "1",
                    "name": "Kế hoạch cải cách hành chính",
                    "children": [
                        _leaf(
                            "1.1",
                            "Ban hành kế hoạch CCHC năm đánh giá",
                            "1",
                            {
                                "type": "choice",
                                "options": [
                                    {"label": "Ban hành đúng hạn", "points": "1"},
                                    {"label": "Ban hành chậm", "points": "0.5"},
                                    {"label": "Không ban hành", "points": "0"},
                                ],
                            },
                            evidence="Kế hoạch CCHC năm đánh giá",
                            evidence_required=True,
                        ),
                        _leaf(
                            "1.2",
                            "Ban hành nội quy, quy chế làm việc (0,5 điểm mỗi văn bản, tối đa 2 điểm)",
                            "2",
                            {"type": "per_item", "per": "0.5"},
                        ),
                    ],
                },
                {"code": "2", "name": "Kiểm tra, theo dõi cải cách hành chính", "kind": "heading"},
                _leaf(
                    "3.1",
                    "Tỷ lệ cơ quan, đơn vị được kiểm tra CCHC trong năm",
                    "2",
                    _ratio(
                        "Số cơ quan, đơn vị được kiểm tra",
                        "Số cơ quan, đơn vị thuộc diện kiểm tra",
                        {"type": "proportional", "target": "80"},
                        "full",
                    ),
                ),
                _leaf("3.2", "Số cuộc kiểm tra CCHC đã thực hiện", "", None, kind="tracking"),
            ],
        },
        {
            "code": "II",
            "name": "Đánh giá của Chủ tịch, các Phó Chủ tịch UBND",
            "children": [
                _council(_leaf("1", "Mức độ chấp hành sự chỉ đạo, điều hành", "2", {"type": "manual", "step": "0.5"})),
                _council(
                    _leaf(
                        "2",
                        "Chất lượng tham mưu CCHC",
                        "1",
                        {
                            "type": "choice",
                            "options": [
                                {"label": "Tốt", "points": "1"},
                                {"label": "Đạt", "points": "0.5"},
                                {"label": "Chưa đạt", "points": "0"},
                            ],
                        },
                    )
                ),
            ],
        },
        {
            "code": "III",
            "name": "Cải cách thủ tục hành chính",
            "children": [
                {
                    "code": "3.1",
                    "name": "Giải quyết hồ sơ thủ tục hành chính",
                    "children": [
                        _leaf(
                            "3.1.1",
                            "Tỷ lệ hồ sơ TTHC được giải quyết đúng hạn",
                            "3",
                            _ratio(
                                "Số hồ sơ giải quyết đúng hạn",
                                "Tổng số hồ sơ đã giải quyết",
                                _bands(("95", "3"), ("80", "2"), ("50", "1"), ("0", "0")),
                                "not_applicable",
                            ),
                            not_applicable_meaning="leaves_denominator",
                            evidence="Báo cáo tình hình giải quyết TTHC",
                            evidence_required=True,
                        ),
                        _leaf(
                            "3.1.2",
                            "Tỷ lệ hồ sơ tiếp nhận trực tuyến",
                            "2",
                            _ratio(
                                "Số hồ sơ tiếp nhận trực tuyến",
                                "Tổng số hồ sơ tiếp nhận",
                                {"type": "proportional", "target": "100"},
                                "zero",
                            ),
                        ),
                        _leaf(
                            "3.1.3",
                            "Tỷ lệ hồ sơ trễ hạn có văn bản xin lỗi",
                            "1",
                            _ratio(
                                "Số hồ sơ trễ hạn có văn bản xin lỗi",
                                "Số hồ sơ trễ hạn",
                                {"type": "proportional", "target": "100"},
                                "not_applicable",
                            ),
                            not_applicable_meaning="full_points",
                        ),
                    ],
                },
                {
                    "code": "3.2",
                    "name": "Chất lượng phục vụ người dân, doanh nghiệp",
                    "children": [
                        _leaf(
                            "3.2.1",
                            "Mức độ hài lòng về giải quyết hồ sơ",
                            "2",
                            {
                                "type": "formula",
                                "inputs": [
                                    {"name": "qua_han", "label": "Tỷ lệ hồ sơ quá hạn (%)"},
                                    {"name": "phan_anh", "label": "Tỷ lệ phản ánh, kiến nghị (%)"},
                                ],
                                "expression": "100 − (qua_han + phan_anh)",
                                "score": _bands(("95", "2"), ("85", "1.5"), ("70", "1"), ("0", "0")),
                            },
                        ),
                        _leaf(
                            "3.2.2",
                            "Trả lời văn bản đúng hạn (1,5 × tỷ lệ đúng hạn)",
                            "1.5",
                            {
                                "type": "formula",
                                "inputs": [
                                    {"name": "dung_han", "label": "Số văn bản trả lời đúng hạn"},
                                    {"name": "tong_so", "label": "Tổng số văn bản phải trả lời"},
                                ],
                                "expression": "1.5 × dung_han ÷ tong_so",
                                "on_zero": "not_applicable",
                            },
                        ),
                        _leaf(
                            "3.2.3",
                            "Niêm yết, công khai thủ tục hành chính",
                            "1",
                            {"type": "manual", "step": "0.25"},
                            applies_to=["xa", "co-quan"],
                            max_by_group={"xa": "1", "co-quan": "0.5"},
                        ),
                        _leaf(
                            "3.2.4",
                            "Triển khai dịch vụ bưu chính công ích",
                            "0.5",
                            {
                                "type": "choice",
                                "options": [
                                    {"label": "Đã triển khai", "points": "0.5"},
                                    {"label": "Chưa", "points": "0"},
                                ],
                            },
                            not_applicable_allowed=True,
                            not_applicable_meaning="zero",
                            not_applicable_by="council",
                            applies_to=["xa"],
                        ),
                    ],
                },
            ],
        },
        _leaf(
            "IV",
            "Kết quả thực hiện nhiệm vụ được giao (tỷ lệ hoàn thành)",
            "2",
            _bands(("100", "2"), ("80", "1"), ("0", "0")),
        ),
        {
            "code": "V",
            "name": "Điểm cộng, điểm trừ",
            "children": [
                _leaf(
                    "1",
                    "Sáng kiến CCHC được công nhận (0,5 điểm mỗi sáng kiến)",
                    "1",
                    {"type": "per_item", "per": "0.5"},
                    kind="bonus",
                ),
                _leaf(
                    "2",
                    "Bị phê bình về CCHC (trừ 0,5 điểm mỗi lần)",
                    "1",
                    {"type": "per_item", "per": "0.5"},
                    kind="penalty",
                ),
            ],
        },
    ],
}
"""The same set as YAML would hold it (what :func:`parse_framework` takes)."""
