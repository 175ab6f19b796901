"""The ranking table of a campaign, as the command line, the pages and exports show it.

What a viewer may see of a running campaign (DESIGN: nobody but the unit sees its draft) is decided here, once, by
:func:`disclosure`, and every page and export of results goes through it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.assessments.models import Assessment, Campaign, Result
from parindex.assessments.scoring import scored_areas
from parindex.assessments.workflow import draft_is_private
from parindex.frameworks.models import Framework
from parindex.org.access import AnyUser, memberships
from parindex.org.models import UNIT_ROLES
from parindex.scoring.numbers import quantize_points
from parindex.scoring.ranking import rank_competition
from parindex.xlsxout import csv_writer

CSV_HEADER = ["rank", "unit", "name", "points", "max_points", "index", "band"]


class Standing(StrEnum):
    """Where a unit stands with its submission, as the results pages mark it."""

    SHOWN = ""
    NOT_SUBMITTED = "not_submitted"  # still self-assessing, its own deadline not passed: its figures are its own
    MISSED = "missed"  # its deadline passed and it never submitted
    LATE = "late"  # submitted after its deadline


STANDING_LABELS = {
    Standing.NOT_SUBMITTED: gettext_lazy("not submitted"),
    Standing.MISSED: gettext_lazy("not submitted on time"),
    Standing.LATE: gettext_lazy("submitted late"),
}


@dataclass(frozen=True)
class Disclosure:
    """What one viewer may see of a campaign's results now.

    While the campaign is open the figures are provisional: a unit still self-assessing before its own deadline
    (extensions included) shows no figure to anyone but its own people, and the ranks are computed afresh among the
    units whose figures the viewer may see (the stored ranks count the drafts, so they are never shown then). Once
    the results are locked, the stored ranks are the final ones and every unit is shown.
    """

    provisional: bool
    ranks: dict[int, int | None] = field(default_factory=dict)
    hidden: frozenset[int] = frozenset()
    standing: dict[int, Standing] = field(default_factory=dict)

    @property
    def ranked_total(self) -> int:
        return sum(1 for rank in self.ranks.values() if rank is not None)


def disclosure(
    campaign: Campaign,
    own_paths: Sequence[str] = (),
    own_unit_ids: Collection[int] = (),
    now: datetime | None = None,
) -> Disclosure:
    """The campaign's results as seen by someone whose own units are those under ``own_paths`` (the unit's own
    people: officers and heads) or in ``own_unit_ids``. Two queries."""
    now = now or timezone.now()
    assessments = {}
    for assessment in Assessment.objects.filter(campaign_id=campaign.pk).only(
        "unit_id", "campaign_id", "state", "submitted_at", "late", "deadline_override"
    ):
        assessment.campaign = campaign
        assessments[assessment.unit_id] = assessment
    results = (
        Result.objects.filter(campaign_id=campaign.pk)
        .order_by()
        .values_list("unit_id", "unit__path", "index", "rank", "unranked")
    )
    provisional = campaign.is_open
    hidden: set[int] = set()
    standing: dict[int, Standing] = {}
    stored: dict[int, int | None] = {}
    indices: list[tuple[int, Decimal | None]] = []
    for unit_id, path, index, rank, unranked in results:
        assessment = assessments.get(unit_id) or Assessment(campaign=campaign, unit_id=unit_id)
        if provisional and draft_is_private(assessment, now):
            standing[unit_id] = Standing.NOT_SUBMITTED
            if unit_id not in own_unit_ids and not any(path.startswith(own) for own in own_paths):
                hidden.add(unit_id)
        elif assessment.submitted_at is None and assessment.self_window_closed(now):
            standing[unit_id] = Standing.MISSED
        elif assessment.late:
            standing[unit_id] = Standing.LATE
        stored[unit_id] = rank
        indices.append((unit_id, None if unranked or unit_id in hidden else index))
    ranks = rank_competition(indices) if provisional else stored
    return Disclosure(provisional, ranks, frozenset(hidden), standing)


def viewer_disclosure(campaign: Campaign, user: AnyUser, now: datetime | None = None) -> Disclosure:
    """:func:`disclosure` for a signed-in user: their own units are those they are an officer or the head of."""
    return disclosure(campaign, own_paths=[m.unit.path for m in memberships(user, UNIT_ROLES)], now=now)


class AreaColumn(NamedTuple):
    """An area's column: its code and full name (unpacks as ``code, name``), a short label for the header."""

    code: str
    name: str

    @property
    def label(self) -> str:
        return short_name(self.name)


def short_name(name: str, limit: int = 30) -> str:
    """The first words of ``name`` that fit in ``limit`` characters (a bracketed part dropped), "…" when cut:
    "Công tác chỉ đạo, điều hành cải cách hành chính" → "Công tác chỉ đạo, điều hành…"."""
    text = name.split("(")[0].strip() or name
    if len(text) <= limit:
        return text
    kept = ""
    for word in text.split():
        candidate = f"{kept} {word}" if kept else word
        if len(candidate) > limit:
            break
        kept = candidate
    return (kept or text[:limit]).rstrip(",;:.-–— ") + "…"


def area_columns(source: Framework | Campaign) -> list[AreaColumn]:
    """The area columns of a campaign's ranking (the areas its unit group is scored on), or of a set as stored."""
    return [AreaColumn(code, name) for code, name in scored_areas(source)]


def band_names(framework: Framework) -> dict[str, str]:
    """Band code → name (Tốt, Khá, …) from the criteria set; no query."""
    return {str(band["code"]): str(band["name"]) for band in framework.bands or []}


@dataclass(frozen=True)
class RankingRow:
    rank: int | None
    unit_code: str
    unit_name: str
    points: Decimal | None
    max_points: Decimal | None
    index: Decimal | None
    band: str
    areas: dict[str, list[str | None]]
    missing: int | None
    band_name: str = ""
    standing: Standing = Standing.SHOWN
    hidden: bool = False  # a draft: no figure at all
    unit_id: int = 0

    @property
    def standing_label(self) -> str:
        label = STANDING_LABELS.get(self.standing)
        return "" if label is None else str(label)


def ranking_rows(
    campaign: Campaign, unit_ids: Iterable[int] | None = None, seen: Disclosure | None = None
) -> list[RankingRow]:
    """Rows ordered by rank then unit code; unranked units (no index) last. One query.

    Without ``seen`` the stored results, all of them (the command line); with it, what that viewer may see: a
    draft's row keeps only the unit's name and "not submitted", and the ranks are the disclosure's."""
    qs = Result.objects.filter(campaign_id=campaign.pk).select_related("unit")
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    qs = qs.order_by(F("rank").asc(nulls_last=True), "unit__code")
    names = band_names(campaign.framework)
    rows = []
    for r in qs:
        standing = Standing.SHOWN if seen is None else seen.standing.get(r.unit_id, Standing.SHOWN)
        if seen is not None and r.unit_id in seen.hidden:
            rows.append(_draft_row(r, standing))
            continue
        rows.append(
            RankingRow(
                rank=r.rank if seen is None else seen.ranks.get(r.unit_id),
                unit_code=r.unit.code,
                unit_name=r.unit.name,
                points=r.points,
                max_points=r.max_points,
                index=r.index,
                band=r.band,
                areas=r.areas,
                missing=r.missing,
                band_name=names.get(r.band, r.band),
                standing=standing,
                unit_id=r.unit_id,
            )
        )
    if seen is not None and seen.provisional:
        # The stored order counts the drafts: the rows follow the ranks shown, so a draft's place is not given away.
        rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.unit_code))
    return rows


def _draft_row(result: Result, standing: Standing) -> RankingRow:
    """A draft's row: the unit and its standing, no figure at all."""
    return RankingRow(
        rank=None,
        unit_code=result.unit.code,
        unit_name=result.unit.name,
        points=None,
        max_points=None,
        index=None,
        band="",
        areas={},
        missing=None,
        standing=standing,
        hidden=True,
        unit_id=result.unit_id,
    )


def published_standing(campaign: Campaign, result: Result | None) -> dict[str, Any] | None:
    """A unit's final place for its own sheet once the results are published: rank, out of how many, band name.
    One query; None before publication."""
    if result is None or not campaign.is_published:
        return None
    ranked = Result.objects.filter(campaign_id=campaign.pk, rank__isnull=False).count()
    return {
        "rank": result.rank,
        "ranked_total": ranked,
        "band_name": band_names(campaign.framework).get(result.band, result.band),
    }


def _machine(value: Decimal | None) -> str:
    """Two decimals, dot as decimal mark (the machine format of DESIGN.md §5.1)."""
    return "" if value is None else f"{quantize_points(value):.2f}"


def _human(value: Decimal | None) -> str:
    return (
        "—" if value is None else f"{quantize_points(value):,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    )


def to_csv(rows: list[RankingRow]) -> str:
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
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
                "band_name": row.band_name,
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
            row.band_name or row.band or "—",
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
