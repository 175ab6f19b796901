"""Writing tables to Excel the way officers expect them: a dark header row that stays in view, thin borders, text
columns kept as typed and numbers as real numbers they can sum."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Protocol

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
# Excel keeps 15 significant digits; a longer number would be silently rounded.
MAX_EXCEL_DIGITS = 15


class ColumnLike(Protocol):
    @property
    def header(self) -> str: ...
    @property
    def width(self) -> int: ...
    @property
    def wrap(self) -> bool: ...
    @property
    def text(self) -> bool: ...


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    wrap: bool = False
    text: bool = False  # formatted as text so Excel keeps "1.10" and "01" as typed
    number_format: str = ""


def style_header(worksheet: Worksheet, columns: Sequence[ColumnLike], row: int = 1) -> None:
    """The header row at ``row``, frozen with everything above it."""
    for index, column in enumerate(columns, start=1):
        cell = put(worksheet.cell(row=row, column=index), column.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        dimension = worksheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        if column.text:
            dimension.number_format = "@"
    worksheet.freeze_panes = f"A{row + 1}"
    worksheet.row_dimensions[row].height = 32


# A text starting with one of these is read as a formula by Excel (or LibreOffice) when typed or imported
# (OWASP "CSV injection"): =HYPERLINK(…), =cmd|' /C calc'!A0, +1+1, @SUM(1+1), -2+3.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain number written as text ("-2.50", "+3") is a number to Excel, never a formula: left as it is.
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)", re.ASCII)


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value: Any) -> Any:
    """A cell of a CSV for people: text that a spreadsheet would run as a formula gets a leading apostrophe, so
    opening the file never runs anything and the text shows as typed. Numbers (int, Decimal, float, or a plain
    number such as "-2.50" already formatted) are left as they are; so is anything that is not text."""
    if looks_like_formula(value) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


class PeopleCsvWriter:
    """``csv.writer`` for files people open in a spreadsheet: every row goes through :func:`neutralise`."""

    def __init__(self, out: IO[str], **options: Any) -> None:
        self._writer = csv.writer(out, **options)
        # csv quotes a field holding a character of the line terminator only: with "\n" a bare "\r" would go
        # out unquoted and split the row in a spreadsheet. Such a row is written with every field quoted.
        self._quoted = csv.writer(out, **{**options, "quoting": csv.QUOTE_ALL})
        self._breaks = [c for c in "\r\n" if c not in options.get("lineterminator", "\r\n")]

    def writerow(self, row: Iterable[Any]) -> Any:
        cells = [neutralise(value) for value in row]
        if self._breaks and any(isinstance(c, str) and any(b in c for b in self._breaks) for c in cells):
            return self._quoted.writerow(cells)
        return self._writer.writerow(cells)

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: IO[str], **options: Any) -> PeopleCsvWriter:
    """The one way exports write CSV: no cell can become a live formula (see :func:`neutralise`)."""
    return PeopleCsvWriter(out, **options)


def put(cell: Cell | MergedCell, value: Any) -> Cell | MergedCell:
    """Write ``value`` into ``cell``, text always as text: a string openpyxl would store as a formula ("=…") is
    stored as a string with Excel's quote prefix, as are the other formula starts (shown as typed, kept as text
    even when the cell is edited)."""
    cell.value = value
    if looks_like_formula(value) and not _PLAIN_NUMBER.fullmatch(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def defuse(workbook: Workbook) -> Workbook:
    """Make sure no cell of the workbook is a formula: the last step before any export is saved. Our exports
    never write formulas, so a formula cell can only be text that slipped past :func:`put`."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    cell.quotePrefix = True
    return workbook


def save(workbook: Workbook, target: Path | str | None = None) -> bytes:
    """Save an export (to ``target``, or to the returned bytes) after :func:`defuse`."""
    defuse(workbook)
    if target is not None:
        workbook.save(Path(target))
        return b""
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_row(worksheet: Worksheet, row: int, values: Sequence[Any], columns: Sequence[ColumnLike]) -> None:
    """One row of cells, text always written as text, never as a formula (:func:`put`)."""
    for index, (value, column) in enumerate(zip(values, columns, strict=True), start=1):
        cell = put(worksheet.cell(row=row, column=index), value if value != "" else None)
        cell.border = BORDER
        cell.alignment = Alignment(vertical="top", wrap_text=column.wrap)
        if column.text:
            cell.number_format = "@"
        elif getattr(column, "number_format", ""):
            cell.number_format = column.number_format  # type: ignore[attr-defined]


def excel_number(value: Decimal | None) -> int | Decimal | str | None:
    """A real Excel number where Excel can hold it exactly, so officers can sum the column; text otherwise."""
    if value is None:
        return None
    if len(value.normalize().as_tuple().digits) > MAX_EXCEL_DIGITS:
        return format(value, "f")
    if value == value.to_integral_value():
        return int(value)
    return value
