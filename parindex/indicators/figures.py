"""Reading the stored figures for the command line and the pages: rows with their value and their status."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from parindex.indicators.models import Figure, Indicator, Target
from parindex.scoring.numbers import percent
from parindex.xlsxout import csv_writer

CSV_HEADER = ["unit", "period", "indicator", "numerator", "denominator", "value"]
PERIOD_RE = re.compile(r"^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$")


class TargetStatus:
    """Where a figure stands against its yearly target."""

    MET = "met"
    MISSED = "missed"
    NO_TARGET = "none"
    NO_DATA = "nodata"


@dataclass(frozen=True)
class Row:
    unit_id: int
    unit_code: str
    unit_name: str
    period: str
    indicator: str
    numerator: int
    denominator: int
    target: Decimal | None

    @property
    def value(self) -> Decimal | None:
        return percent(Decimal(self.numerator), Decimal(self.denominator))

    @property
    def label(self) -> str:
        return str(dict(Indicator.choices).get(self.indicator, self.indicator))

    @property
    def status(self) -> str:
        if self.value is None:
            return TargetStatus.NO_DATA
        if self.target is None:
            return TargetStatus.NO_TARGET
        return TargetStatus.MET if self.value >= self.target else TargetStatus.MISSED


def targets_for(years: Iterable[int]) -> dict[tuple[str, int], Decimal]:
    return {(t.indicator, t.year): t.minimum for t in Target.objects.filter(year__in=set(years))}


def rows(
    periods: Iterable[str],
    unit_ids: Iterable[int] | None = None,
    indicators: Iterable[str] | None = None,
    targets: dict[tuple[str, int], Decimal] | None = None,
) -> list[Row]:
    """Stored figures of these periods (and units, indicators), in unit code, period, indicator order. Two queries
    (one when the caller has the targets)."""
    periods = list(periods)
    figures = Figure.objects.filter(period__in=periods).select_related("unit")
    if unit_ids is not None:
        figures = figures.filter(unit_id__in=list(unit_ids))
    if indicators is not None:
        figures = figures.filter(indicator__in=list(indicators))
    if targets is None:
        targets = targets_for(int(p[:4]) for p in periods)
    result = [
        Row(
            f.unit_id,
            f.unit.code,
            f.unit.name,
            f.period,
            f.indicator,
            f.numerator,
            f.denominator,
            targets.get((f.indicator, int(f.period[:4]))),
        )
        for f in figures
    ]
    order = {code: i for i, code in enumerate(Indicator.values)}
    result.sort(key=lambda r: (r.unit_code, r.period, order.get(r.indicator, 99)))
    return result


def _machine(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def to_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for r in rows:
        writer.writerow([r.unit_code, r.period, r.indicator, r.numerator, r.denominator, _machine(r.value)])
    return out.getvalue()


def to_json(rows: list[Row]) -> str:
    payload: list[dict[str, Any]] = [
        {
            "unit": r.unit_code,
            "name": r.unit_name,
            "period": r.period,
            "indicator": r.indicator,
            "numerator": r.numerator,
            "denominator": r.denominator,
            "value": None if r.value is None else float(r.value),
            "target": None if r.target is None else float(r.target),
            "status": r.status,
        }
        for r in rows
    ]
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def status_label(status: str) -> str:
    return {
        TargetStatus.MET: _("met"),
        TargetStatus.MISSED: _("not met"),
        TargetStatus.NO_TARGET: _("no target"),
        TargetStatus.NO_DATA: _("no data"),
    }[status]


def to_table(rows: list[Row]) -> str:
    labels = dict(Indicator.choices)
    lines = []
    for r in rows:
        value = "—" if r.value is None else _machine(r.value).replace(".", ",") + "%"
        lines.append(
            f"{r.unit_code:<14} {r.period:<8} {str(labels.get(r.indicator, r.indicator))[:60]:<60} "
            f"{r.numerator:>9}/{r.denominator:<9} {value:>8}  {status_label(r.status)}"
        )
    return "\n".join(lines) + ("\n" if lines else "")


MONTHS = tuple(range(1, 13))


@dataclass
class MatrixRow:
    """One unit's line on the dashboard: its figure for each month of the year and for the year."""

    unit_id: int
    unit_code: str
    unit_name: str
    months: list[Row | None]
    year: Row | None


def month_periods(year: int) -> list[str]:
    return [f"{year}-{m:02d}" for m in MONTHS]


def matrix(indicator: str, year: int, unit_ids: Iterable[int]) -> list[MatrixRow]:
    """Units × months of one indicator, worst year figure first (units without data last). Two queries."""
    by_unit: dict[int, MatrixRow] = {}
    for row in rows([*month_periods(year), str(year)], unit_ids, [indicator]):
        line = by_unit.get(row.unit_id)
        if line is None:
            line = by_unit[row.unit_id] = MatrixRow(row.unit_id, row.unit_code, row.unit_name, [None] * 12, None)
        if row.period == str(year):
            line.year = row
        else:
            line.months[int(row.period[5:]) - 1] = row

    def worst_first(line: MatrixRow) -> tuple[bool, Decimal, str]:
        value = line.year.value if line.year else None
        return (value is None, value if value is not None else Decimal(0), line.unit_code)

    return sorted(by_unit.values(), key=worst_first)


def trend(unit_id: int, year: int) -> dict[str, dict[str, Any]]:
    """Each indicator's monthly values of one unit for a chart, with the year's figure and target. Two queries."""
    targets = targets_for([year])
    series: dict[str, dict[str, Any]] = {
        code: {
            "label": str(label),
            "months": [None] * 12,
            "year": None,
            "target": float(targets[(code, year)]) if (code, year) in targets else None,
        }
        for code, label in Indicator.choices
    }
    for row in rows([*month_periods(year), str(year)], [unit_id], targets=targets):
        entry = series[row.indicator]
        if row.period == str(year):
            entry["year"] = row
        else:
            entry["months"][int(row.period[5:]) - 1] = None if row.value is None else float(row.value)
    return series


def years_with_data() -> list[int]:
    periods = Figure.objects.filter(kind=Figure.Kind.YEAR).values_list("period", flat=True).distinct()
    return sorted({int(p) for p in periods}, reverse=True)


def charts(series: dict[str, dict[str, Any]], prefix: str = "chart") -> list[dict[str, Any]]:
    """What the page hands to Chart.js for each indicator: month labels, values, the target line."""
    return [
        {
            "id": f"{prefix}-{code}",
            "code": code,
            "title": entry["label"],
            "year_row": entry["year"],
            "target": entry["target"],
            "data": {
                "labels": [f"T{m}" for m in MONTHS],
                "values": entry["months"],
                "target": entry["target"],
                "name": entry["label"],
                "target_label": _("target"),
            },
        }
        for code, entry in series.items()
    ]
