"""The rating table as files: CSV and JSON for machines (``rate-heads``); Excel, CSV and plain text for people."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from parindex.assessments.models import Campaign
from parindex.ratings.models import RatingRuleSet
from parindex.ratings.services import RatingRow
from parindex.scoring.numbers import quantize_points
from parindex.xlsxout import Column, csv_writer, excel_number, put, save, style_header, write_row

CSV_HEADER = ["unit", "name", "index", "level", "reasons"]


def _machine(value: Decimal | None) -> str:
    return "" if value is None else f"{quantize_points(value):.2f}"


def to_csv(rows: list[RatingRow]) -> str:
    """``unit,name,index,level,reasons``: level is the level's code, reasons the failed conditions of better levels
    joined by "; ", the index has two decimals and a dot."""
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow([row.unit_code, row.unit_name, _machine(row.index), row.level_code, "; ".join(row.reasons)])
    return out.getvalue()


def _people_number(value: Decimal | None) -> str:
    return "" if value is None else _machine(value).replace(".", ",")


def people_row(row: RatingRow) -> tuple[str, str, Decimal | None, str, str]:
    """Code, name, index, level name and reasons (one per line) as the downloads for people show them; a draft's
    row says "not submitted" in place of a level."""
    if row.hidden:
        return row.unit_code, row.unit_name, None, "", row.standing_label
    return row.unit_code, row.unit_name, row.index, row.level_name, "\n".join(row.reasons)


def people_header() -> list[str]:
    return [_("Unit code"), _("Unit name"), _("Index"), _("Rating"), _("Reasons")]


def to_people_csv(rows: list[RatingRow]) -> str:
    """The web download: Vietnamese headers (Mã đơn vị, Tên đơn vị, Chỉ số, Xếp loại, Lý do), the level's name,
    the index with a decimal comma, reasons joined by "; "."""
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\r\n")
    writer.writerow(people_header())
    for row in rows:
        code, name, index, level, reasons = people_row(row)
        cells = [code, name, _people_number(index), level, reasons.replace("\n", "; ")]
        writer.writerow(cells)
    return out.getvalue()


def to_json(campaign: Campaign, rule_set: RatingRuleSet, rows: list[RatingRow]) -> str:
    payload: dict[str, Any] = {
        "campaign": campaign.code,
        "rules": rule_set.code,
        "sample": rule_set.is_sample,
        "provisional": any(row.provisional for row in rows),
        "units": [
            {
                "unit": row.unit_code,
                "name": row.unit_name,
                # As in the ranking's JSON: the float whose shortest repr is the 2-decimal value (80.11 → 80.11).
                "index": None if row.index is None else float(quantize_points(row.index)),
                "level": row.level_code,
                "level_name": row.level_name,
                "reasons": row.reasons,
            }
            for row in rows
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def to_table(campaign: Campaign, rule_set: RatingRuleSet, rows: list[RatingRow]) -> str:
    lines = [f"{campaign.name} · {rule_set.name}"]
    for row in rows:
        index = "—" if row.index is None else _machine(row.index).replace(".", ",")
        line = f"{row.unit_code:<14} {index:>6}  {row.level_name}"
        lines.append(line + (f"  ({'; '.join(row.reasons)})" if row.reasons else ""))
    return "\n".join(lines) + "\n"


def to_xlsx(campaign: Campaign, rule_set: RatingRuleSet, rows: list[RatingRow]) -> bytes:
    """One sheet: a title block saying which campaign, which rules and whether the figures are provisional, then
    one row per unit with its reasons one per line."""
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = _("Head ratings")[:31]
    put(sheet["A1"], campaign.name)
    sheet["A1"].font = Font(bold=True, size=13)
    status = _("provisional") if any(row.provisional for row in rows) else _("stored with the locked results")
    rules_text = rule_set.name + (" — " + _("sample, not an official decision") if rule_set.is_sample else "")
    put(
        sheet["A2"],
        _("Rules: %(rules)s · %(status)s · exported %(when)s")
        % {
            "rules": rules_text,
            "status": status,
            "when": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
        },
    )
    code, name, index, level, reasons = people_header()
    columns = (
        Column(code, 12, text=True),
        Column(name, 34, wrap=True),
        Column(index, 10, number_format="0.00"),
        Column(level, 30, wrap=True),
        Column(reasons, 70, wrap=True),
    )
    style_header(sheet, columns, row=4)
    for number, row in enumerate(rows, start=5):
        unit_code, unit_name, unit_index, level_name, why = people_row(row)
        write_row(sheet, number, [unit_code, unit_name, excel_number(unit_index), level_name, why], columns)
    sheet.auto_filter.ref = f"A4:E{max(4, 4 + len(rows))}"
    return save(workbook)
