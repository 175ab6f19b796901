"""A unit's gap as ``parindex gap`` prints it: csv and json for scripts (2 decimals, ``.``), a table for people."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from parindex.gaps.analysis import UnitGapReport, figure, target_text
from parindex.scoring.numbers import quantize_points
from parindex.xlsxout import csv_writer

CSV_HEADER = ["criterion", "name", "max", "points", "lost"]


def _machine(value: Decimal | None) -> str:
    """Two decimals, dot as decimal mark (the machine format of DESIGN.md §5.1)."""
    return "" if value is None else f"{quantize_points(value):.2f}"


def _number(value: Decimal | None) -> float | None:
    # A 2-decimal Decimal converts to the float whose shortest repr is the same digits (80.11 → 80.11).
    return None if value is None else float(quantize_points(value))


def to_csv(report: UnitGapReport) -> str:
    """One row per applicable leaf in the set's order, then the adjustments (late deduction, caps, floor) that
    apply; ``lost`` adds up to ``max_points − points`` of the unit's ranking row."""
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in report.rows:
        writer.writerow([row.code, row.name, _machine(row.max_points), _machine(row.points), _machine(row.lost)])
    return out.getvalue()


def to_json(report: UnitGapReport) -> str:
    result = report.result
    band = report.next_band
    rank = report.next_rank
    payload: dict[str, Any] = {
        "campaign": report.campaign.code,
        "unit": report.unit.code,
        "name": report.unit.name,
        "points": _number(result.points),
        "max_points": _number(result.max_points),
        "index": _number(result.index),
        "rank": result.rank,
        "ranked": report.ranked_total,
        "band": result.band,
        "band_name": report.band_name,
        "lost": _number(report.lost),
        "areas": [
            {
                "criterion": area.code,
                "name": area.name,
                "max": _number(area.max_points),
                "points": _number(area.points),
                "index": _number(area.index),
                "lost": _number(area.lost),
            }
            for area in report.areas
        ],
        "leaves": [
            {
                "criterion": row.code,
                "name": row.name,
                "area": row.area_code,
                "kind": row.kind,
                "max": _number(row.max_points),
                "points": _number(row.points),
                "scored": row.scored,
                "lost": _number(row.lost),
                "recoverable": _number(row.recoverable),
                "effort": row.effort or None,
            }
            for row in report.leaves
        ],
        "adjustments": [{"code": row.code, "name": row.name, "lost": _number(row.lost)} for row in report.adjustments],
        "next_band": None
        if band is None or band.band is None
        else {
            "band": band.band.code,
            "name": band.band.name,
            "index": _number(band.index),
            "points_needed": _number(band.points_needed),
        },
        "next_rank": None
        if rank is None
        else {"rank": rank.rank, "index": _number(rank.index), "points_needed": _number(rank.points_needed)},
        "most_recoverable": [row.code for row in report.top],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _table(header: list[str], body: list[list[str]], numeric: set[int]) -> list[str]:
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]

    def fmt(line: list[str]) -> str:
        cells = [c.rjust(widths[i]) if i in numeric else c.ljust(widths[i]) for i, c in enumerate(line)]
        return "  ".join(cells).rstrip()

    return [fmt(header), "  ".join("-" * w for w in widths), *(fmt(line) for line in body)]


def to_table(report: UnitGapReport, width: int = 60) -> str:
    """For people: Vietnamese, decimal comma, names cut to ``width`` characters."""
    result = report.result

    def cut(text: str) -> str:
        return text if len(text) <= width else text[: width - 1].rstrip() + "…"

    rank = "—" if result.rank is None else f"{result.rank}/{report.ranked_total}"
    lines = [
        f"{report.unit.name} · {report.campaign.name}",
        _("Points %(points)s of %(max)s, index %(index)s, rank %(rank)s, band %(band)s; points lost %(lost)s.")
        % {
            "points": figure(result.points),
            "max": figure(result.max_points),
            "index": figure(result.index),
            "rank": rank,
            "band": report.band_name or "—",
            "lost": figure(report.lost),
        },
        *target_text(report),
        "",
        _("By area"),
    ]
    lines += _table(
        [_("Area"), _("Maximum"), _("Points"), _("Lost"), _("Index (%)")],
        [[cut(a.name), figure(a.max_points), figure(a.points), figure(a.lost), figure(a.index)] for a in report.areas],
        {1, 2, 3, 4},
    )
    lines += ["", _("Every applicable sub-criterion")]
    lines += _table(
        [_("Code"), _("Sub-criterion"), _("Maximum"), _("Points"), _("Lost")],
        [
            [
                row.display_code if not row.is_adjustment else "",
                cut(row.name),
                "" if row.max_points is None else figure(row.max_points),
                "" if row.points is None else figure(row.points),
                figure(row.lost),
            ]
            for row in report.rows
        ],
        {2, 3, 4},
    )
    if report.top:
        lines += ["", _("What gives the most points back")]
        lines += _table(
            [_("Code"), _("Sub-criterion"), _("Points back"), _("Effort")],
            [[row.display_code, cut(row.name), figure(row.recoverable), row.effort_label or "—"] for row in report.top],
            {2},
        )
    return "\n".join(lines) + "\n"
