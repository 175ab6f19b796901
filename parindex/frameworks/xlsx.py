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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from parindex.frameworks.spec import FrameworkSpec, NodeSpec, Problem, SpecError
from parindex.scoring.engine import Kind
from parindex.scoring.numbers import plain_vi
from parindex.scoring.rules import Bands, Choice, Deduction, Manual, Proportional, Rule

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
KIND_WORDS: dict[Kind, tuple[str, ...]] = {
    Kind.NORMAL: ("thường", "normal"),
    Kind.BONUS: ("điểm cộng", "cộng", "bonus"),
    Kind.PENALTY: ("điểm trừ", "trừ", "penalty"),
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
_MAX_EXCEL_DIGITS = 15  # Excel keeps 15 significant digits; longer numbers are written as text
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


class _Reader:
    def __init__(self, sheets: dict[str, list[tuple[Any, ...]]], titles: dict[str, str]) -> None:
        self.sheets = sheets
        self.titles = titles
        self.problems: list[Problem] = []

    def problem(self, where: str, field: str, message: str) -> None:
        self.problems.append(Problem(where, field, message))

    def where(self, sheet: str, row: int, code: str = "") -> str:
        title = self.titles.get(sheet, sheet)
        if code:
            return _("Sheet %(sheet)s, row %(row)s (code %(code)s)") % {"sheet": title, "row": row, "code": code}
        return _("Sheet %(sheet)s, row %(row)s") % {"sheet": title, "row": row}

    def read(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if SHEET_INFO in self.sheets:
            data.update(self.info(self.sheets[SHEET_INFO]))
        else:
            self.missing_sheet(SHEET_INFO)
        if SHEET_BANDS in self.sheets:
            data["bands"] = self.bands(self.sheets[SHEET_BANDS])
        if SHEET_CRITERIA in self.sheets:
            data["nodes"] = self.criteria(self.sheets[SHEET_CRITERIA])
        else:
            self.missing_sheet(SHEET_CRITERIA)
        if self.problems:
            raise SpecError(self.problems)
        return data

    def missing_sheet(self, sheet: str) -> None:
        self.problem(_("the workbook"), sheet, _("the sheet “%(sheet)s” is missing") % {"sheet": sheet})

    def info(self, rows: list[tuple[Any, ...]]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for number, row in enumerate(rows, start=1):
            label = _text(row[0]) if row else ""
            key = _INFO_LABELS.get(_norm(label))
            if key is None:
                continue  # a title, a header or a note: the sheet is for people too
            if key in seen:
                self.problem(
                    self.where(SHEET_INFO, number),
                    label,
                    _("already given in row %(row)s") % {"row": seen[key]},
                )
                continue
            seen[key] = number
            value = row[1] if len(row) > 1 else None
            if value is None or _text(value) == "":
                continue
            data[key] = self.info_value(key, value, self.where(SHEET_INFO, number), label)
        return data

    def info_value(self, key: str, value: Any, where: str, label: str) -> Any:
        if key == "year":
            text = _number_text(value)
            return int(text) if text.isdigit() else text
        if key == "levels":
            return [part.strip() for part in _ITEM_SPLIT.split(_text(value)) if part.strip()]
        if key in ("bonus_cap", "penalty_cap"):
            return _number_text(value)
        if key == "sample":
            return self.yes_no(value, where, label)
        return _text(value)

    def yes_no(self, value: Any, where: str, field: str) -> bool | None:
        """True, False, or None for an empty cell (so the validator's default applies)."""
        if isinstance(value, bool):
            return value
        text = _norm(_number_text(value))
        if not text:
            return None
        if text in YES_WORDS:
            return True
        if text in NO_WORDS:
            return False
        self.problem(where, field, _("write “có” or “không”, not “%(value)s”") % {"value": _text(value)})
        return None

    def header(
        self, sheet: str, rows: list[tuple[Any, ...]], columns: Sequence[_Column], anchors: tuple[str, str]
    ) -> tuple[int, dict[str, int]]:
        """The header row (0-based) and the position of each known column; unknown columns are left alone.

        The header is the first row naming both ``anchors`` columns, so a title typed above it is fine; failing that,
        the first row with anything in it, whose missing columns are then reported.
        """
        lookup = _column_lookup(columns)
        first_filled: int | None = None
        chosen: int | None = None
        for index, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
            keys = {lookup.get(_norm(cell)) for cell in row if _text(cell)}
            if keys and first_filled is None:
                first_filled = index
            if all(anchor in keys for anchor in anchors):
                chosen = index
                break
        if chosen is None:
            chosen = first_filled or 0
        positions: dict[str, int] = {}
        for position, cell in enumerate(rows[chosen] if rows else ()):
            key = lookup.get(_norm(cell)) if _text(cell) else None
            if key is None:
                continue
            if key in positions:
                self.problem(
                    self.where(sheet, chosen + 1),
                    _text(cell),
                    _("the column is given twice (columns %(first)s and %(second)s)")
                    % {"first": get_column_letter(positions[key] + 1), "second": get_column_letter(position + 1)},
                )
                continue
            positions[key] = position
        return chosen, positions

    def require(
        self, sheet: str, row: int, positions: dict[str, int], columns: Sequence[_Column], keys: Iterable[str]
    ) -> bool:
        headers = {c.key: c.header for c in columns}
        missing = [key for key in keys if key not in positions]
        for key in missing:
            self.problem(
                self.where(sheet, row),
                headers[key],
                _("the column “%(column)s” is missing from the header row") % {"column": headers[key]},
            )
        return not missing

    def bands(self, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
        header, positions = self.header(SHEET_BANDS, rows, BAND_COLUMNS, ("code", "min"))
        if not self.require(SHEET_BANDS, header + 1, positions, BAND_COLUMNS, ("code", "min")):
            return []
        bands: list[dict[str, Any]] = []
        for row in rows[header + 1 :]:
            cells = {key: _cell(row, position) for key, position in positions.items()}
            if not any(_text(value) for value in cells.values()):
                continue
            band: dict[str, Any] = {"code": _text(cells["code"]), "name": _text(cells.get("name"))}
            if _text(cells["min"]):
                band["min"] = _number_text(cells["min"]).rstrip("%").strip()
            bands.append(band)
        return bands

    def criteria(self, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
        header, positions = self.header(SHEET_CRITERIA, rows, CRITERIA_COLUMNS, ("code", "name"))
        if not self.require(SHEET_CRITERIA, header + 1, positions, CRITERIA_COLUMNS, _REQUIRED_CRITERIA):
            return []
        headers = {c.key: c.header for c in CRITERIA_COLUMNS}
        headers.update({key: _text(rows[header][position]) for key, position in positions.items()})
        entries: list[_Entry] = []
        for number, row in enumerate(rows[header + 1 :], start=header + 2):
            cells = {key: _cell(row, position) for key, position in positions.items()}
            if not any(_text(value) for value in cells.values()):
                continue
            code = _text(cells["code"])
            where = self.where(SHEET_CRITERIA, number, code)
            entries.append(_Entry(code, self.parent_of(code, _text(cells.get("parent"))), cells, where))
        return self.tree(entries, headers)

    @staticmethod
    def parent_of(code: str, typed: str) -> tuple[str | None, bool]:
        """The parent code and whether it was typed (rather than read off a dotted code: "1.2.3" is under "1.2")."""
        if typed in TOP_LEVEL_MARKS:
            return None, True
        if typed:
            return typed, True
        head, dot, _tail = code.rpartition(".")
        return (head, False) if dot and head else (None, False)

    def tree(self, entries: list[_Entry], headers: dict[str, str]) -> list[dict[str, Any]]:
        first: dict[str, _Entry] = {}
        for entry in entries:
            if entry.code:
                first.setdefault(entry.code, entry)
        children: dict[int, list[_Entry]] = {}
        roots: list[_Entry] = []
        for entry in entries:
            parent_code, typed = entry.parent
            if parent_code is None:
                roots.append(entry)
            elif parent_code == entry.code:
                self.problem(entry.where, headers["parent"], _("a row cannot be its own parent"))
            elif parent_code not in first:
                field, message = (
                    (headers["parent"], _("unknown parent code %(code)s"))
                    if typed
                    else (headers["code"], _("unknown parent code %(code)s (read from the dotted code)"))
                )
                self.problem(entry.where, field, message % {"code": parent_code})
            else:
                children.setdefault(id(first[parent_code]), []).append(entry)

        reached: set[int] = set()

        def build(entry: _Entry) -> dict[str, Any]:
            reached.add(id(entry))
            kids = children.get(id(entry), [])
            node = self.node(entry, headers, branch=bool(kids))
            if kids:
                node["children"] = [build(kid) for kid in kids]
            node["_where"] = entry.where
            return node

        nodes = [build(entry) for entry in roots]
        for entry in entries:
            # rows below a row already reported are not reached either; only the rows of a loop are reported here
            if id(entry) not in reached and entry.parent[0] != entry.code and _in_loop(entry, first):
                self.problem(
                    entry.where,
                    headers["parent"],
                    _("the parent codes go round in a circle, so this row is under no area"),
                )
        return nodes

    def node(self, entry: _Entry, headers: dict[str, str], *, branch: bool) -> dict[str, Any]:
        cells = entry.cells
        node: dict[str, Any] = {"code": entry.code, "name": _text(cells.get("name"))}
        if _text(cells.get("max")):
            node["max"] = _number_text(cells["max"])
        rule_text = _text(cells.get("rule"))
        if rule_text:
            rule_type = _RULES.get(_norm(rule_text))
            if rule_type is None:
                self.problem(
                    entry.where,
                    headers["rule"],
                    _("unknown scoring method “%(value)s”; use one of: %(choices)s")
                    % {"value": rule_text, "choices": ", ".join(words[0] for words in RULE_WORDS.values())},
                )
            else:
                rule = self.rule(rule_type, cells.get("options"), entry.where, headers["options"])
                if rule is not None:
                    node["rule"] = rule
        kind_text = _text(cells.get("kind"))
        if kind_text:
            kind = _KINDS.get(_norm(kind_text))
            if kind is None:
                self.problem(
                    entry.where,
                    headers["kind"],
                    _("unknown kind of points “%(value)s”; use one of: %(choices)s")
                    % {"value": kind_text, "choices": ", ".join(words[0] for words in KIND_WORDS.values())},
                )
            elif not (branch and kind is Kind.NORMAL):
                node["kind"] = str(kind)
        if _text(cells.get("evidence")):
            node["evidence"] = _text(cells["evidence"])
        if not branch:
            required = self.yes_no(cells.get("evidence_required"), entry.where, headers["evidence_required"])
            if required is not None:
                node["evidence_required"] = required
        source = self.source(_text(cells.get("source")))
        if source is not None and not (branch and source == "self"):
            node["source"] = source
        allowed = self.yes_no(cells.get("not_applicable_allowed"), entry.where, headers["not_applicable_allowed"])
        if allowed is not None and not (branch and not allowed):
            node["not_applicable_allowed"] = allowed
        return node

    @staticmethod
    def source(text: str) -> str | None:
        """The source in YAML terms; an unknown word is passed on for the validator to name."""
        if not text:
            return None
        known = _SOURCES.get(_norm(text))
        if known is not None:
            return str(known)
        prefix, colon, code = text.partition(":")
        if colon and _norm(prefix) in INDICATOR_PREFIXES:
            return f"indicator:{code.strip().lower()}"
        return text

    def rule(self, rule_type: str, raw: Any, where: str, field: str) -> dict[str, Any] | None:
        is_number = isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool)
        text = _number_text(raw) if is_number else _text(raw)
        if rule_type in ("choice", "bands"):
            items = _items(text)
            if not items:
                message = (
                    _("a choice rule needs its options, e.g. “Đúng hạn: 1; Chậm: 0,5”")
                    if rule_type == "choice"
                    else _("a bands rule needs its thresholds, e.g. “≥90: 2; ≥70: 1; ≥0: 0”")
                )
                self.problem(where, field, message)
                return None
            pairs = []
            for item in items:
                label, colon, points = item.rpartition(":")
                if not colon or not label.strip() or not points.strip():
                    example = "Đúng hạn: 1" if rule_type == "choice" else "≥90: 2"
                    self.problem(
                        where,
                        field,
                        _("cannot read “%(text)s”: write each item as “%(example)s”, separated by “;” or line breaks")
                        % {"text": item, "example": example},
                    )
                    continue
                pairs.append((label.strip(), _dot(points.strip())))
            if len(pairs) < len(items):
                return None
            if rule_type == "choice":
                return {"type": "choice", "options": [{"label": label, "points": pts} for label, pts in pairs]}
            return {
                "type": "bands",
                "thresholds": [{"min": _threshold_min(label), "points": pts} for label, pts in pairs],
            }
        value = self.single_value(rule_type, text, where, field)
        if value is None:
            return None
        key = {"manual": "step", "proportional": "target", "deduction": "per"}[rule_type]
        if not value:
            if rule_type == "deduction":
                self.problem(where, field, _("a deduction rule needs the points lost each time, e.g. “0,25”"))
                return None
            return {"type": rule_type}  # manual without a step; proportional towards the default 100 %
        return {"type": rule_type, key: value}

    def single_value(self, rule_type: str, text: str, where: str, field: str) -> str | None:
        """The number of a manual, proportional or deduction rule ("" when none is typed); None if unreadable.

        Only known words may precede a colon, so a choice's options typed under the wrong method are refused
        rather than read as a number.
        """
        prefix, colon, value = text.rpartition(":")
        if not colon:
            value = text
        value = value.strip().rstrip("%").strip()
        if _ITEM_SPLIT.search(text) or (colon and (_norm(prefix) not in VALUE_PREFIXES[rule_type] or not value)):
            self.problem(
                where,
                field,
                _("cannot read “%(text)s”: write one number, e.g. “%(example)s”")
                % {"text": text, "example": VALUE_EXAMPLES[rule_type]},
            )
            return None
        return _dot(value)


@dataclass
class _Entry:
    """One criteria row before the tree is built."""

    code: str
    parent: tuple[str | None, bool]
    cells: dict[str, Any]
    where: str


def _in_loop(entry: _Entry, first: dict[str, _Entry]) -> bool:
    current = entry
    for _step in range(len(first) + 1):
        parent_code = current.parent[0]
        if parent_code is None or parent_code not in first:
            return False
        current = first[parent_code]
        if current is entry:
            return True
    return False


def _cell(row: tuple[Any, ...], position: int) -> Any:
    # rows of a read-only sheet without reliable dimensions have their own lengths
    return row[position] if position < len(row) else None


def _threshold_min(text: str) -> str:
    value = text.strip()
    for sign in ("≥", ">=", "=>"):
        if value.startswith(sign):
            value = value[len(sign) :]
            break
    return _dot(value.strip().rstrip("%").strip())


def _find_sheets(titles: Iterable[str]) -> dict[str, str]:
    """Our sheet name → the title as found in the workbook."""
    found: dict[str, str] = {}
    for title in titles:
        for name, aliases in _SHEET_NAMES.items():
            if _norm(title) in aliases and name not in found:
                found[name] = title
    return found


def read_xlsx(path: Path | str) -> dict[str, Any]:
    """Read a criteria set typed into a workbook as the plain structure the YAML gives (for :func:`parse_framework`).

    Raises :class:`SpecError` with every problem the validator cannot see.
    """
    path = Path(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl fails on a damaged file in many ways (zip, XML, missing parts)
        raise SpecError(
            [Problem(path.name, "-", _("not a readable Excel workbook (.xlsx): %(error)s") % {"error": exc})]
        ) from exc
    try:
        titles = _find_sheets(ws.title for ws in workbook.worksheets)
        sheets: dict[str, list[tuple[Any, ...]]] = {}
        for name, title in titles.items():
            worksheet = workbook[title]
            # the stored dimensions may be wrong (files written by other programs); without them every row is read
            worksheet.reset_dimensions()
            sheets[name] = [tuple(row) for row in worksheet.iter_rows(values_only=True)]
    except Exception as exc:  # a sheet's XML is only parsed here, in read-only mode
        raise SpecError(
            [Problem(path.name, "-", _("not a readable Excel workbook (.xlsx): %(error)s") % {"error": exc})]
        ) from exc
    finally:
        workbook.close()
    return _Reader(sheets, titles).read()


# --- writing -------------------------------------------------------------------------------------------------------

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_AREA_FONT = Font(bold=True)
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _excel_number(value: Decimal | None) -> int | Decimal | str | None:
    """A real Excel number where Excel can hold it exactly, so officers can sum the column; text otherwise."""
    if value is None:
        return None
    if len(value.normalize().as_tuple().digits) > _MAX_EXCEL_DIGITS:
        return format(value, "f")
    if value == value.to_integral_value():
        return int(value)
    return value


def _yes(value: bool) -> str:
    return "có" if value else "không"


def _check_item(text: str, where: str, field: str, problems: list[Problem]) -> None:
    if _ITEM_SPLIT.search(text):
        problems.append(Problem(where, field, _("“;” or a line break cannot be written here in Excel")))


def _rule_cells(rule: Rule | None, where: str, problems: list[Problem]) -> tuple[str, str]:
    if rule is None:
        return "", ""
    if isinstance(rule, Manual):
        return RULE_WORDS["manual"][0], "" if rule.step is None else f"bước: {plain_vi(rule.step)}"
    if isinstance(rule, Choice):
        # One option per line, so a label may contain “;” — except a lone option, whose cell has no line break.
        for i, option in enumerate(rule.options, start=1):
            if _LINE_SPLIT.search(option.label) or (len(rule.options) == 1 and ";" in option.label):
                _check_item(option.label, where, f"rule.options[{i}]", problems)
        return RULE_WORDS["choice"][0], "\n".join(f"{o.label}: {plain_vi(o.points)}" for o in rule.options)
    if isinstance(rule, Bands):
        lines = (f"≥{plain_vi(t.min)}: {plain_vi(t.points)}" for t in rule.thresholds)
        return RULE_WORDS["bands"][0], "\n".join(lines)
    if isinstance(rule, Proportional):
        return RULE_WORDS["proportional"][0], f"mục tiêu: {plain_vi(rule.target)}"
    assert isinstance(rule, Deduction)
    return RULE_WORDS["deduction"][0], f"mỗi lần: {plain_vi(rule.per)}"


def _source_cell(source: str) -> str:
    if source == "self":
        return ""
    if source == "survey":
        return SOURCE_WORDS["survey"][0]
    return "chỉ số:" + source.removeprefix("indicator:")


def _parent_cell(node: NodeSpec, parent: NodeSpec | None) -> str:
    """Only what the reader cannot infer from a dotted code, so the template stays uncluttered."""
    inferred, _typed = _Reader.parent_of(node.code, "")
    actual = parent.code if parent is not None else None
    if inferred == actual:
        return ""
    return actual if actual is not None else TOP_LEVEL_MARKS[0]


def _style_header(worksheet: Worksheet, columns: Sequence[_Column]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = worksheet.cell(row=1, column=index, value=column.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        dimension = worksheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        if column.text:
            dimension.number_format = "@"
    worksheet.freeze_panes = "A2"
    worksheet.row_dimensions[1].height = 32


def _write_row(worksheet: Worksheet, row: int, values: Sequence[Any], columns: Sequence[_Column]) -> None:
    for index, (value, column) in enumerate(zip(values, columns, strict=True), start=1):
        cell = worksheet.cell(row=row, column=index, value=value if value != "" else None)
        cell.border = _BORDER
        cell.alignment = Alignment(vertical="top", wrap_text=column.wrap)
        if column.text:
            cell.number_format = "@"


def _add_list(worksheet: Worksheet, column: int, words: Iterable[str]) -> None:
    """A drop-down of the keywords; typing something else stays allowed (English names are accepted too)."""
    letter = get_column_letter(column)
    validation = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True)
    validation.showErrorMessage = False
    validation.add(f"{letter}2:{letter}{_TEMPLATE_ROWS}")
    worksheet.add_data_validation(validation)


def write_xlsx(spec: FrameworkSpec, path: Path | str) -> None:
    """Write a criteria set in the layout :func:`read_xlsx` reads (also the template an officer starts from).

    Raises :class:`SpecError` for the few texts the layout cannot hold (a ";" or a line break inside one item).
    """
    problems: list[Problem] = []
    workbook = Workbook()
    info = workbook.active
    assert isinstance(info, Worksheet)
    info.title = SHEET_INFO
    info_layout = (_Column("label", "Thông tin", (), 24), _Column("value", "Giá trị", (), 70, wrap=True))
    _style_header(info, info_layout)
    for level in spec.levels:
        _check_item(level, _("the criteria set"), "levels", problems)
    values: dict[str, Any] = {
        "code": spec.code,
        "name": spec.name,
        "year": spec.year,
        "levels": "; ".join(spec.levels),
        "bonus_cap": _excel_number(spec.bonus_cap),
        "penalty_cap": _excel_number(spec.penalty_cap),
        "description": spec.description,
        "sample": _yes(spec.sample),
    }
    for row, (key, label) in enumerate(INFO_ROWS, start=2):
        _write_row(info, row, [label, values[key]], info_layout)
        info.cell(row=row, column=1).font = _AREA_FONT
    # a code such as "01" must stay text
    info.cell(row=2, column=2).number_format = "@"

    bands = workbook.create_sheet(SHEET_BANDS)
    _style_header(bands, BAND_COLUMNS)
    for row, band in enumerate(spec.bands, start=2):
        _write_row(bands, row, [band.code, band.name, _excel_number(band.min)], BAND_COLUMNS)

    criteria = workbook.create_sheet(SHEET_CRITERIA)
    _style_header(criteria, CRITERIA_COLUMNS)
    keys = [c.key for c in CRITERIA_COLUMNS]
    for row, (node, ancestors) in enumerate(spec.walk(), start=2):
        where = _("node %(code)s") % {"code": node.code}
        cells: dict[str, Any] = {
            "code": node.code,
            "parent": _parent_cell(node, ancestors[-1] if ancestors else None),
            "name": node.name,
            "max": _excel_number(node.max_points),
            "evidence": node.evidence,
        }
        if node.is_leaf:
            cells["rule"], cells["options"] = _rule_cells(node.rule, where, problems)
            cells["kind"] = "" if node.kind is Kind.NORMAL else KIND_WORDS[node.kind][0]
            cells["evidence_required"] = _yes(node.evidence_required)
            cells["source"] = _source_cell(node.source)
            cells["not_applicable_allowed"] = "có" if node.not_applicable_allowed else ""
        _write_row(criteria, row, [cells.get(key, "") for key in keys], CRITERIA_COLUMNS)
        if not ancestors:
            for column in range(1, len(keys) + 1):
                criteria.cell(row=row, column=column).font = _AREA_FONT
    _add_list(criteria, keys.index("rule") + 1, (words[0] for words in RULE_WORDS.values()))
    _add_list(criteria, keys.index("kind") + 1, (words[0] for words in KIND_WORDS.values()))
    for key in ("evidence_required", "not_applicable_allowed"):
        _add_list(criteria, keys.index(key) + 1, ("có", "không"))
    if problems:
        raise SpecError(problems)
    workbook.save(Path(path))
