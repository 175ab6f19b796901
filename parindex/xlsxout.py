"""Writing tables to Excel the way officers expect them: a dark header row that stays in view, thin borders, text
columns kept as typed and numbers as real numbers they can sum."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

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
        cell = worksheet.cell(row=row, column=index, value=column.header)
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


# A text starting with one of these is read as a formula by Excel (or LibreOffice) when typed or imported.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def write_row(worksheet: Worksheet, row: int, values: Sequence[Any], columns: Sequence[ColumnLike]) -> None:
    """One row of cells. Text is always written as text, never as a formula: a value such as "=HYPERLINK(…)" is
    stored as a string with Excel's quote prefix (shown as typed, kept as text even when the cell is edited)."""
    for index, (value, column) in enumerate(zip(values, columns, strict=True), start=1):
        cell = worksheet.cell(row=row, column=index, value=value if value != "" else None)
        if looks_like_formula(value):
            cell.data_type = "s"
            cell.quotePrefix = True
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
