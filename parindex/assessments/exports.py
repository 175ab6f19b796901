"""The ranking as an Excel workbook for people: Vietnamese headers, band names, numbers officers can sum."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from parindex.assessments.models import Campaign
from parindex.assessments.ranking import AreaColumn, RankingRow
from parindex.scoring.numbers import quantize_points
from parindex.xlsxout import Column, excel_number, put, save, style_header, write_row

HEADER_ROW = 5
TWO_DECIMALS = "0.00"


def _title(sheet: Worksheet, ref: str, text: str, bold: bool = False) -> None:
    cell = put(sheet[ref], text)
    if bold:
        cell.font = Font(bold=True, size=13)


def _number(value: Decimal | str | None) -> int | Decimal | str | None:
    """A stored figure (a Decimal, or the text a result keeps for an area) as an Excel number, rounded to the
    hundredth as published."""
    if value is None or value == "":
        return None
    return excel_number(quantize_points(Decimal(str(value))))


def ranking_xlsx(
    campaign: Campaign,
    rows: list[RankingRow],
    areas: list[AreaColumn],
    ranked_total: int,
    provisional: bool,
    now: datetime | None = None,
) -> bytes:
    """One sheet: which campaign, whether the figures are provisional and when they were taken, then the rows the
    user may see, as the ranking page shows them (a draft's row carries only its name and "not submitted")."""
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = _("Ranking")[:31]
    _title(sheet, "A1", campaign.name, bold=True)
    _title(
        sheet,
        "A2",
        _("Criteria set: %(set)s · Unit group: %(group)s")
        % {"set": campaign.framework.name, "group": campaign.group.name},
    )
    status = _("provisional") if provisional else _("final")
    _title(
        sheet,
        "A3",
        _("Figures %(status)s · %(count)s units ranked · exported %(when)s")
        % {
            "status": status,
            "count": ranked_total,
            "when": timezone.localtime(now or timezone.now()).strftime("%d/%m/%Y %H:%M"),
        },
    )
    columns = [
        Column(_("Rank"), 9, number_format="0"),
        Column(_("Unit code"), 12, text=True),
        Column(_("Unit name"), 34, wrap=True),
        Column(_("Submission"), 18, wrap=True),
        Column(_("Points"), 11, number_format=TWO_DECIMALS),
        Column(_("Maximum"), 11, number_format=TWO_DECIMALS),
        Column(_("Index (%)"), 11, number_format=TWO_DECIMALS),
        Column(_("Band"), 13),
        *(
            Column(
                _("Area %(code)s: %(name)s") % {"code": area.code, "name": area.name},
                18,
                wrap=True,
                number_format=TWO_DECIMALS,
            )
            for area in areas
        ),
        Column(_("Not scored"), 10, number_format="0"),
    ]
    style_header(sheet, columns, row=HEADER_ROW)
    sheet.row_dimensions[HEADER_ROW].height = 78 if areas else 32
    for number, row in enumerate(rows, start=HEADER_ROW + 1):
        values = [
            row.rank,
            row.unit_code,
            row.unit_name,
            row.standing_label,
            _number(row.points),
            _number(row.max_points),
            _number(row.index),
            row.band_name,
            *(_number((row.areas.get(area.code) or [None, None, None])[2]) for area in areas),
            row.missing,
        ]
        write_row(sheet, number, values, columns)
    last_column = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{HEADER_ROW + len(rows)}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    return save(workbook)
