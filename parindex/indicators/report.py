"""Reading the stored figures for the command line and the pages: rows with their value and their status."""

from __future__ import annotations

import csv
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

CSV_HEADER = ["unit", "period", "indicator", "numerator", "denominator", "value"]
PERIOD_RE = re.compile(r"^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$")


class Status:
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
    def status(self) -> str:
        if self.value is None:
            return Status.NO_DATA
        if self.target is None:
            return Status.NO_TARGET
        return Status.MET if self.value >= self.target else Status.MISSED


def targets_for(years: Iterable[int]) -> dict[tuple[str, int], Decimal]:
    return {(t.indicator, t.year): t.minimum for t in Target.objects.filter(year__in=set(years))}


def rows(
    periods: Iterable[str], unit_ids: Iterable[int] | None = None, indicators: Iterable[str] | None = None
) -> list[Row]:
    """Stored figures of these periods (and units, indicators), in unit code, period, indicator order. 2 queries."""
    periods = list(periods)
    figures = Figure.objects.filter(period__in=periods).select_related("unit")
    if unit_ids is not None:
        figures = figures.filter(unit_id__in=list(unit_ids))
    if indicators is not None:
        figures = figures.filter(indicator__in=list(indicators))
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
    writer = csv.writer(out, lineterminator="\n")
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
        Status.MET: _("met"),
        Status.MISSED: _("not met"),
        Status.NO_TARGET: _("no target"),
        Status.NO_DATA: _("no data"),
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
