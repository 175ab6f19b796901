"""Reading a criteria set from the workbook layout described in :mod:`parindex.frameworks.xlsx.layout`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from parindex.frameworks.spec import Problem, SpecError
from parindex.frameworks.xlsx.layout import (
    _HEADER_SCAN_ROWS,
    _INFO_LABELS,
    _ITEM_SPLIT,
    _KINDS,
    _REQUIRED_CRITERIA,
    _RULES,
    _SHEET_NAMES,
    _SOURCES,
    BAND_COLUMNS,
    CRITERIA_COLUMNS,
    INDICATOR_PREFIXES,
    KIND_WORDS,
    NO_WORDS,
    RULE_WORDS,
    SHEET_BANDS,
    SHEET_CRITERIA,
    SHEET_INFO,
    VALUE_EXAMPLES,
    VALUE_PREFIXES,
    YES_WORDS,
    _Column,
    _column_lookup,
    _dot,
    _items,
    _norm,
    _number_text,
    _text,
    parent_of,
)
from parindex.scoring.engine import LeafKind


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
            entries.append(_Entry(code, parent_of(code, _text(cells.get("parent"))), cells, where))
        return self.tree(entries, headers)

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
            elif not (branch and kind is LeafKind.NORMAL):
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
        if colon and _SOURCES.get(_norm(prefix)) == "survey":
            return f"survey:{code.strip()}"
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
