"""Criteria sets in Excel: the workbook a Home Affairs officer types from a decision's table, and its template.

The layout is a file-format contract, like the YAML keys of DESIGN.md §5.2, so the sheet names, headers and keywords
below are fixed Vietnamese text (never translated: a workbook must read the same whatever the interface language).
English names are accepted too.

- Sheet "Thông tin": two columns, label and value: Mã bộ tiêu chí, Tên bộ tiêu chí, Năm, Các cấp (separated by ";"),
  Điểm cộng tối đa, Điểm trừ tối đa, Mô tả, Bộ mẫu.
- Sheet "Xếp loại" (optional): Mã | Tên | Từ (%), highest first.
- Sheet "Tiêu chí": a header row, then one row per node: Mã | Mã cha | Tên | Điểm tối đa | Cách chấm |
  Phương án / ngưỡng | Loại điểm | Tài liệu kiểm chứng | Bắt buộc kiểm chứng | Nguồn | Không áp dụng |
  Không áp dụng tính là | Ai được khai không áp dụng | Áp dụng cho nhóm | Điểm tối đa theo nhóm (the last four
  optional).
- Sheet "Hướng dẫn" (written with the template, never read): how to fill the cells in.

Codes are the decision's own and may restart under each area (3.1 under I and under III). A row's parent is the
"Mã cha" cell, or read off a dotted code ("3.1.2" is under "3.1"); either resolves to the nearest row above with that
code (a row below only when the code is not repeated), and "Mã cha" may also hold a path of codes ("III/3.1", the
codes from the area down, or only their last ones; "/1" for the area 1 itself). A "-" in "Mã cha" puts a dotted code
at the top. A "Nguồn" typed on a group row goes to the rows under it that give none.

The "Phương án / ngưỡng" cell holds a rule's parameters, one per line (or separated by ";"):

- lựa chọn: "Đúng hạn: 1", one option per line; theo ngưỡng: "≥90: 2" (a threshold and its points), highest first;
- nhập điểm "bước: 0,25"; tỷ lệ "mục tiêu: 100"; trừ điểm "mỗi lần: 0,25"; cộng theo số lượng "mỗi: 0,5";
- tỷ lệ từ số liệu: "tử số: <label>", "mẫu số: <label>", then either "mục tiêu: 80" (in proportion to 80 %, full
  points from 80 % up; 100 when nothing is said) or threshold lines "≥90: 2", and "mẫu số bằng 0: không áp dụng |
  0 điểm | tối đa" (not applicable when not said);
- công thức: "biến <name>: <label>" for each input (names in lower case, digits and _), "công thức: <expression>"
  (+ − × ÷, min, max, parentheses, decimals with a point), optionally "mục tiêu: 100" or threshold lines to score the
  value (without them the value is the points), and "chia cho 0: không áp dụng | 0 điểm | tối đa".

:func:`read_xlsx` only turns the workbook into the plain structure the YAML gives; :func:`parse_framework` judges it.
The reader reports only what the validator cannot see (sheets, columns, parent codes, unreadable option texts).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from parindex.scoring.engine import LeafKind

SHEET_INFO = "Thông tin"
SHEET_BANDS = "Xếp loại"
SHEET_CRITERIA = "Tiêu chí"
SHEET_HELP = "Hướng dẫn"  # written with the template for the person typing; never read

_SHEET_NAMES = {
    SHEET_INFO: ("thông tin", "info", "information"),
    SHEET_BANDS: ("xếp loại", "bands"),
    SHEET_CRITERIA: ("tiêu chí", "criteria", "nodes"),
}

# (key, Vietnamese label as written) — the order is the order of the template.
INFO_ROWS: tuple[tuple[str, str], ...] = (
    ("code", "Mã bộ tiêu chí"),
    ("name", "Tên bộ tiêu chí"),
    ("year", "Năm"),
    ("levels", "Các cấp"),
    ("bonus_cap", "Điểm cộng tối đa"),
    ("penalty_cap", "Điểm trừ tối đa"),
    ("description", "Mô tả"),
    ("sample", "Bộ mẫu"),
)


@dataclass(frozen=True)
class _Column:
    key: str
    header: str
    aliases: tuple[str, ...]
    width: int
    wrap: bool = False
    text: bool = False  # formatted as text so Excel keeps "1.10" and "01" as typed


CRITERIA_COLUMNS: tuple[_Column, ...] = (
    _Column("code", "Mã", ("code",), 10, text=True),
    _Column("parent", "Mã cha", ("parent",), 10, text=True),
    _Column("name", "Tên", ("name", "tên tiêu chí", "nội dung"), 60, wrap=True),
    _Column("max", "Điểm tối đa", ("max", "điểm"), 11),
    _Column("rule", "Cách chấm", ("rule",), 14),
    _Column("options", "Phương án / ngưỡng", ("options", "thresholds", "phương án", "ngưỡng"), 40, wrap=True),
    _Column("kind", "Loại điểm", ("kind",), 12),
    _Column("evidence", "Tài liệu kiểm chứng", ("evidence",), 40, wrap=True),
    _Column("evidence_required", "Bắt buộc kiểm chứng", ("evidence_required",), 12),
    _Column("source", "Nguồn", ("source",), 16),
    _Column("not_applicable_allowed", "Không áp dụng", ("not_applicable_allowed",), 12),
    _Column(
        "not_applicable_meaning",
        "Không áp dụng tính là",
        ("not_applicable_meaning", "không áp dụng được tính là", "khi không áp dụng"),
        18,
        wrap=True,
    ),
    _Column(
        "not_applicable_by",
        "Ai được khai không áp dụng",
        ("not_applicable_by", "người khai không áp dụng", "ai khai không áp dụng"),
        16,
        wrap=True,
    ),
    _Column("applies_to", "Áp dụng cho nhóm", ("applies_to", "nhóm áp dụng", "áp dụng cho"), 16, text=True),
    _Column("max_by_group", "Điểm tối đa theo nhóm", ("max_by_group", "điểm theo nhóm"), 20, wrap=True),
)
_REQUIRED_CRITERIA = ("code", "name", "max", "rule")

BAND_COLUMNS: tuple[_Column, ...] = (
    _Column("code", "Mã", ("code",), 10, text=True),
    _Column("name", "Tên", ("name",), 30),
    _Column("min", "Từ (%)", ("min", "từ", "từ %"), 10),
)

# Keywords typed in cells. The first of each list is what the writer puts.
RULE_WORDS: dict[str, tuple[str, ...]] = {
    "manual": ("nhập điểm", "tự chấm", "manual"),
    "choice": ("lựa chọn", "choice"),
    "bands": ("theo ngưỡng", "ngưỡng", "bands"),
    "proportional": ("tỷ lệ", "tỉ lệ", "proportional"),
    "deduction": ("trừ điểm", "deduction"),
    "per_item": ("cộng theo số lượng", "điểm mỗi lần", "cộng mỗi lần", "per item"),
    "ratio": ("tỷ lệ từ số liệu", "tỉ lệ từ số liệu", "ratio"),
    "formula": ("công thức", "formula"),
}
KIND_WORDS: dict[LeafKind, tuple[str, ...]] = {
    LeafKind.NORMAL: ("thường", "normal"),
    LeafKind.BONUS: ("điểm cộng", "cộng", "bonus"),
    LeafKind.PENALTY: ("điểm trừ", "trừ", "penalty"),
    LeafKind.TRACKING: ("theo dõi", "không tính điểm", "chỉ theo dõi", "tracking"),
    LeafKind.HEADING: ("tiêu đề", "nhóm", "heading"),
}
SOURCE_WORDS: dict[str, tuple[str, ...]] = {
    "self": ("tự đánh giá", "self"),
    "survey": ("khảo sát", "điều tra xhh", "điều tra xã hội học", "survey"),
    "council": ("hội đồng thẩm định", "hội đồng", "council"),
}
# "Không áp dụng tính là" and "Ai được khai không áp dụng" (NotApplicableMeaning / NotApplicableDeclarer values).
NOT_APPLICABLE_MEANING_WORDS: dict[str, tuple[str, ...]] = {
    "leaves_denominator": ("giữ ngoài mẫu số", "ngoài mẫu số", "loại khỏi mẫu số", "leaves denominator"),
    "full_points": ("tính đủ điểm", "đủ điểm", "full points"),
    "zero": ("tính 0 điểm", "0 điểm", "không điểm", "zero"),
}
NOT_APPLICABLE_BY_WORDS: dict[str, tuple[str, ...]] = {
    "unit": ("đơn vị", "đơn vị tự khai", "unit"),
    "council": ("hội đồng", "hội đồng thẩm định", "council"),
}
# The value of a "mẫu số bằng 0" / "chia cho 0" line (ZeroDenominator values).
ZERO_WORDS: dict[str, tuple[str, ...]] = {
    "not_applicable": ("không áp dụng", "not applicable"),
    "zero": ("0 điểm", "0", "không điểm", "zero"),
    "full": ("tối đa", "đủ điểm", "điểm tối đa", "full"),
}
INDICATOR_PREFIXES = ("chỉ số", "indicator")
YES_WORDS = ("có", "x", "1", "true", "yes", "đúng")
NO_WORDS = ("không", "0", "false", "no", "sai")
TOP_LEVEL_MARKS = ("-", "–", "—")  # in "Mã cha": a dotted code that is nevertheless an area at the top
# Prefixes allowed before the one number of a single-valued rule ("mục tiêu: 100").
VALUE_PREFIXES: dict[str, tuple[str, ...]] = {
    "manual": ("bước", "bước điểm", "step"),
    "proportional": ("mục tiêu", "chỉ tiêu", "target"),
    "deduction": ("mỗi lần", "mỗi lần trừ", "trừ mỗi lần", "per"),
    "per_item": ("mỗi", "mỗi lần", "mỗi mục", "mỗi văn bản", "cộng mỗi lần", "per"),
}
VALUE_EXAMPLES = {
    "manual": "bước: 0,25",
    "proportional": "mục tiêu: 100",
    "deduction": "mỗi lần: 0,25",
    "per_item": "mỗi: 0,5",
}
# The lines of a ratio's or a formula's "Phương án / ngưỡng" cell: "<word>: <value>" (a threshold line "≥90: 2" and,
# for a formula, "biến <name>: <label>" besides). The first word of each is what the writer puts.
LINE_WORDS: dict[str, tuple[str, ...]] = {
    "numerator": ("tử số", "numerator"),
    "denominator": ("mẫu số", "denominator"),
    "target": ("mục tiêu", "chỉ tiêu", "target"),
    "expression": ("công thức", "biểu thức", "expression", "formula"),
    "on_zero": (
        "mẫu số bằng 0",
        "chia cho 0",
        "khi mẫu số bằng 0",
        "khi chia cho 0",
        "on zero",
    ),
}
INPUT_PREFIXES = ("biến", "số liệu", "input")
RATIO_EXAMPLES = (
    "tử số: Số hồ sơ đúng hạn",
    "mẫu số: Tổng số hồ sơ",
    "mục tiêu: 80",
    "≥90: 2",
    "mẫu số bằng 0: không áp dụng",
)
FORMULA_EXAMPLES = (
    "biến qua_han: Tỷ lệ hồ sơ quá hạn (%)",
    "công thức: 100 - qua_han",
    "mục tiêu: 100",
    "≥90: 2",
    "chia cho 0: không áp dụng",
)

# The "Hướng dẫn" sheet: (column or subject, how to fill it in). Fixed Vietnamese, like the keywords it explains.
HELP_ROWS: tuple[tuple[str, str], ...] = (
    (
        "Mã",
        "Mã in trong quyết định (1, 1.1, I, 3.1…). Mã được đánh lại dưới từng lĩnh vực: 3.1 có thể có ở lĩnh vực I "
        "và ở lĩnh vực III, chỉ không trùng giữa các tiêu chí cùng cấp cùng cha.",
    ),
    (
        "Mã cha",
        "Để trống nếu mã có dấu chấm đã cho biết cha (3.1.2 thuộc 3.1). Mã cha chỉ dòng gần nhất phía trên có "
        "mã đó; có thể ghi đường dẫn từ lĩnh vực (III/3.1). Ghi “-” để đưa một mã có dấu chấm lên làm lĩnh vực.",
    ),
    (
        "Điểm tối đa",
        "Số điểm tối đa của tiêu chí; dòng có tiêu chí con có thể để trống (tự cộng). Dòng theo dõi và "
        "dòng tiêu đề để trống.",
    ),
    (
        "Cách chấm",
        "nhập điểm | lựa chọn | theo ngưỡng | tỷ lệ | trừ điểm | cộng theo số lượng | tỷ lệ từ số liệu | "
        "công thức. Một lĩnh vực không có tiêu chí con cũng có thể có điểm tối đa và cách chấm.",
    ),
    (
        "Phương án / ngưỡng",
        "Mỗi dòng một nội dung (hoặc ngăn cách bằng “;”). lựa chọn: “Đúng hạn: 1”. theo ngưỡng: "
        "“≥90: 2”, từ cao xuống thấp. nhập điểm: “bước: 0,25”. tỷ lệ: “mục tiêu: 100”. trừ điểm: “mỗi lần: 0,25”. "
        "cộng theo số lượng: “mỗi: 0,5”.",
    ),
    (
        "Tỷ lệ từ số liệu",
        "“tử số: Số hồ sơ đúng hạn”, “mẫu số: Tổng số hồ sơ”, rồi “mục tiêu: 80” (đạt từ 80 % trở "
        "lên: tối đa; dưới 80 %: tỷ lệ × tối đa / 80 %; mặc định 100) hoặc các dòng ngưỡng “≥90: 2”, "
        "và “mẫu số bằng 0: không áp dụng | 0 điểm | tối đa” (mặc định: không áp dụng).",
    ),
    (
        "Công thức",
        "“biến qua_han: Tỷ lệ hồ sơ quá hạn (%)” cho từng số liệu (tên viết thường, chữ số và _), "
        "“công thức: 100 - (qua_han + phan_anh)” (+ − × ÷, min, max, ngoặc; số thập phân dùng dấu chấm: 0.5), "
        "có thể thêm “mục tiêu: 100” hoặc các dòng ngưỡng để quy ra điểm (không có thì giá trị là số điểm), "
        "và “chia cho 0: không áp dụng | 0 điểm | tối đa” (bắt buộc khi có phép chia cho một số liệu).",
    ),
    (
        "Loại điểm",
        "thường (để trống) | điểm cộng | điểm trừ | theo dõi (số liệu không tính điểm) | tiêu đề (dòng "
        "nhóm, không điểm).",
    ),
    (
        "Nguồn",
        "tự đánh giá (để trống) | hội đồng thẩm định (đơn vị chỉ xem, hội đồng chấm kèm lý do; ghi ở dòng lĩnh "
        "vực thì áp dụng cho các dòng bên dưới) | khảo sát:<mã> | chỉ số:<mã>.",
    ),
    ("Không áp dụng", "có | không: đơn vị được khai tiêu chí không áp dụng."),
    ("Không áp dụng tính là", "giữ ngoài mẫu số (mặc định) | tính đủ điểm | tính 0 điểm."),
    ("Ai được khai không áp dụng", "đơn vị (mặc định) | hội đồng."),
    ("Áp dụng cho nhóm", "Mã các nhóm đơn vị, ngăn cách bằng “;” (để trống: mọi nhóm)."),
    ("Điểm tối đa theo nhóm", "“xa: 2; co-quan: 1,5”: điểm tối đa của tiêu chí ở từng nhóm đơn vị."),
)

_HEADER_SCAN_ROWS = 10  # a title or a note may sit above the header row
_TEMPLATE_ROWS = 500  # how far down the drop-down lists of the template reach
_ITEM_SPLIT = re.compile(r"[;\n\r]+")
_LINE_SPLIT = re.compile(r"[\n\r]+")


def _items(text: str) -> list[str]:
    """Options or thresholds of one cell: one per line when the cell has line breaks (then a label may contain
    “;”, as some decisions' wording does), otherwise separated by “;”."""
    splitter = _LINE_SPLIT if _LINE_SPLIT.search(text) else _ITEM_SPLIT
    return [item.strip() for item in splitter.split(text) if item.strip()]


def _norm(text: object) -> str:
    """A label as compared: Unicode NFC (Excel on a Mac may store NFD), case-folded, spacing and "_" evened out."""
    value = unicodedata.normalize("NFC", str(text)).casefold().replace("_", " ")
    value = " ".join(value.split())
    value = re.sub(r"\s*/\s*", "/", value)
    return value.strip(" :*")


def _lookup(words: dict[Any, tuple[str, ...]]) -> dict[str, Any]:
    return {_norm(word): key for key, choices in words.items() for word in (*choices, str(key))}


_RULES = _lookup(RULE_WORDS)
_KINDS = _lookup(KIND_WORDS)
_SOURCES = _lookup(SOURCE_WORDS)
_NA_MEANINGS = _lookup(NOT_APPLICABLE_MEANING_WORDS)
_NA_BY = _lookup(NOT_APPLICABLE_BY_WORDS)
_ZEROS = _lookup(ZERO_WORDS)
_LINE_KEYS = _lookup(LINE_WORDS)
_INFO_LABELS = _lookup({key: (label,) for key, label in INFO_ROWS})


def _column_lookup(columns: Sequence[_Column]) -> dict[str, str]:
    return _lookup({c.key: (c.header, *c.aliases) for c in columns})


def _text(value: object) -> str:
    """A cell as text: empty for nothing, whitespace trimmed."""
    if value is None:
        return ""
    if isinstance(value, float):
        return _number_text(value)
    return str(value).strip()


def _number_text(value: object) -> str:
    """A number cell as the exact decimal text a person typed (Excel stores 0.1 as a float; its repr is "0.1")."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, Decimal):
        return format(value, "f")
    if value is None:
        return ""
    return _dot(str(value).strip())


def _dot(text: str) -> str:
    """A typed "0,5" as "0.5", by the rule of :func:`to_decimal`, so the structure holds machine-format numbers."""
    if "," in text and "." not in text and text.count(",") == 1:
        return text.replace(",", ".")
    return text


def parent_of(code: str, typed: str) -> tuple[str | None, bool]:
    """The parent code (or path, "III/3.1") and whether it was typed (rather than read off a dotted code: "1.2.3" is
    under "1.2")."""
    if typed in TOP_LEVEL_MARKS:
        return None, True
    if typed:
        return typed, True
    head, dot, _tail = code.rpartition(".")
    return (head, False) if dot and head else (None, False)
