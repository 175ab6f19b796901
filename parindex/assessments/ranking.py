"""The ranking table of a campaign, as the command line, the pages and exports show it."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F
from django.utils.translation import gettext as _

from parindex.assessments.models import Campaign, Result
from parindex.scoring.numbers import quantize_points

CSV_HEADER = ["rank", "unit", "name", "points", "max_points", "index", "band"]


@dataclass(frozen=True)
class RankingRow:
    rank: int | None
    unit_code: str
    unit_name: str
    points: Decimal
    max_points: Decimal
    index: Decimal | None
    band: str
    areas: dict[str, list[str | None]]
    missing: int


def ranking_rows(campaign: Campaign, unit_ids: Iterable[int] | None = None) -> list[RankingRow]:
    """Rows ordered by rank then unit code; unranked units (no index) last. One query."""
    qs = Result.objects.filter(campaign_id=campaign.pk).select_related("unit")
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=list(unit_ids))
    qs = qs.order_by(F("rank").asc(nulls_last=True), "unit__code")
    return [
        RankingRow(
            rank=r.rank,
            unit_code=r.unit.code,
            unit_name=r.unit.name,
            points=r.points,
            max_points=r.max_points,
            index=r.index,
            band=r.band,
            areas=r.areas,
            missing=r.missing,
        )
        for r in qs
    ]


def _machine(value: Decimal | None) -> str:
    """Two decimals, dot as decimal mark (the machine format of DESIGN.md §5.1)."""
    return "" if value is None else f"{quantize_points(value):.2f}"


def _human(value: Decimal | None) -> str:
    return (
        "—" if value is None else f"{quantize_points(value):,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    )


def to_csv(rows: list[RankingRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow(
            [
                "" if row.rank is None else row.rank,
                row.unit_code,
                row.unit_name,
                _machine(row.points),
                _machine(row.max_points),
                _machine(row.index),
                row.band,
            ]
        )
    return out.getvalue()


def to_json(campaign: Campaign, rows: list[RankingRow]) -> str:
    def number(value: Decimal | None) -> float | None:
        # A 2-decimal Decimal converts to the float whose shortest repr is the same digits (80.11 → 80.11).
        return None if value is None else float(quantize_points(value))

    payload: dict[str, Any] = {
        "campaign": campaign.code,
        "name": campaign.name,
        "year": campaign.year,
        "group": campaign.group.code,
        "framework": {"code": campaign.framework.code, "version": campaign.framework.version},
        "units": [
            {
                "rank": row.rank,
                "unit": row.unit_code,
                "name": row.unit_name,
                "points": number(row.points),
                "max_points": number(row.max_points),
                "index": number(row.index),
                "band": row.band,
                "areas": {
                    code: {
                        "points": number(Decimal(p) if p is not None else None),
                        "max_points": number(Decimal(m) if m is not None else None),
                        "index": number(Decimal(i) if i is not None else None),
                    }
                    for code, (p, m, i) in row.areas.items()
                },
            }
            for row in rows
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def to_table(campaign: Campaign, rows: list[RankingRow]) -> str:
    """A plain-text table for people: Vietnamese headers, decimal comma."""
    header = [_("Rank"), _("Code"), _("Unit"), _("Points"), _("Maximum"), _("Index (%)"), _("Band")]
    ranked = sum(1 for row in rows if row.rank is not None)
    body = [
        [
            "—" if row.rank is None else f"{row.rank}/{ranked}",
            row.unit_code,
            row.unit_name,
            _human(row.points),
            _human(row.max_points),
            _human(row.index),
            row.band or "—",
        ]
        for row in rows
    ]
    widths = [max(len(str(line[i])) for line in [header, *body]) for i in range(len(header))]
    numeric = {3, 4, 5}

    def fmt(line: list[str]) -> str:
        cells = [str(c).rjust(widths[i]) if i in numeric else str(c).ljust(widths[i]) for i, c in enumerate(line)]
        return "  ".join(cells).rstrip()

    title = f"{campaign.name} ({campaign.code})"
    return "\n".join([title, fmt(header), "  ".join("-" * w for w in widths), *(fmt(line) for line in body)]) + "\n"
