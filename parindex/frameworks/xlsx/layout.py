"""Criteria sets in Excel: the workbook a Home Affairs officer types from a decision's table, and its template.

The layout is a file-format contract, like the YAML keys of DESIGN.md §5.2, so the sheet names, headers and keywords
below are fixed Vietnamese text (never translated: a workbook must read the same whatever the interface language).
English names are accepted too.

- Sheet "Thông tin": two columns, label and value: Mã bộ tiêu chí, Tên bộ tiêu chí, Năm, Các cấp (separated by ";"),
  Điểm cộng tối đa, Điểm trừ tối đa, Mô tả, Bộ mẫu.
- Sheet "Xếp loại" (optional): Mã | Tên | Từ (%), highest first.
- Sheet "Tiêu chí": a header row, then one row per node: Mã | Mã cha | Tên | Điểm tối đa | Cách chấm |
  Phương án / ngưỡng | Loại điểm | Tài liệu kiểm chứng | Bắt buộc kiểm chứng | Nguồn | Không áp dụng.

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
}
KIND_WORDS: dict[LeafKind, tuple[str, ...]] = {
    LeafKind.NORMAL: ("thường", "normal"),
    LeafKind.BONUS: ("điểm cộng", "cộng", "bonus"),
    LeafKind.PENALTY: ("điểm trừ", "trừ", "penalty"),
}
SOURCE_WORDS: dict[str, tuple[str, ...]] = {
    "self": ("tự đánh giá", "self"),
    "survey": ("khảo sát", "điều tra xhh", "điều tra xã hội học", "survey"),
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
}
VALUE_EXAMPLES = {"manual": "bước: 0,25", "proportional": "mục tiêu: 100", "deduction": "mỗi lần: 0,25"}

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
    """The parent code and whether it was typed (rather than read off a dotted code: "1.2.3" is under "1.2")."""
    if typed in TOP_LEVEL_MARKS:
        return None, True
    if typed:
        return typed, True
    head, dot, _tail = code.rpartition(".")
    return (head, False) if dot and head else (None, False)
