"""Where each unit of a campaign lost its points, and what would move it up: the scoring core's gap analysis
(:mod:`parindex.scoring.gaps`) over a campaign's final scores and stored results, with names and effort marks.

The leaves' lost points are computed from the same final scores and the same late deduction as the stored result, so
they add up to ``max_points − points`` of the unit's row in ``parindex ranking``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.assessments.models import Campaign, Result
from parindex.assessments.ranking import band_names
from parindex.assessments.scoring import ScoringSetup, read_final_scores, scoring_setup
from parindex.frameworks.models import Criterion, Framework
from parindex.gaps.models import Effort, LeafEffort
from parindex.org.models import Unit
from parindex.scoring.engine import LeafKind
from parindex.scoring.gaps import (
    Adjustment,
    LeafGap,
    Target,
    UnitGap,
    most_recoverable,
    next_band,
    next_rank,
    shortfalls,
    top_recoverable,
    unit_gap,
)
from parindex.scoring.numbers import ZERO

ADJUSTMENT_NAMES = {
    Adjustment.LATE: gettext_lazy("Deduction for a late self-assessment"),
    Adjustment.BONUS_CAP: gettext_lazy("Bonus points above the set's cap (not counted)"),
    Adjustment.PENALTY_CAP: gettext_lazy("Penalty points above the set's cap (not taken)"),
    Adjustment.FLOOR: gettext_lazy("The total never goes below zero"),
}
TOP = 5  # leaves shown as "what gives the most points back" on the unit's page


@dataclass(frozen=True)
class GapRow:
    """One row of a unit's gap: an applicable leaf, or an adjustment (no criterion, no maximum, no points)."""

    code: str
    name: str
    lost: Decimal
    max_points: Decimal | None = None
    points: Decimal | None = None
    kind: str = ""  # normal, bonus, penalty; "" for an adjustment
    area_code: str = ""
    area_name: str = ""
    scored: bool = True
    recoverable: Decimal = ZERO
    effort: str = ""
    effort_label: str = ""
    criterion_id: int | None = None
    display_code: str = ""  # the code as the decision prints it (3.1); ``code`` is the identity (I/3.1)

    @property
    def is_adjustment(self) -> bool:
        return self.criterion_id is None


@dataclass(frozen=True)
class AreaLine:
    code: str
    name: str
    points: Decimal
    max_points: Decimal
    index: Decimal | None
    lost: Decimal


@dataclass(frozen=True)
class UnitGapReport:
    """A unit's gap as pages, exports and the command line show it."""

    campaign: Campaign
    unit: Unit
    result: Result
    rows: list[GapRow]
    areas: list[AreaLine]
    top: list[GapRow]
    band_name: str
    next_band: Target | None
    next_band_name: str
    next_rank: Target | None
    ranked_total: int
    core: UnitGap = field(repr=False)

    @property
    def lost(self) -> Decimal:
        return sum((row.lost for row in self.rows), ZERO)

    @property
    def leaves(self) -> list[GapRow]:
        return [row for row in self.rows if not row.is_adjustment]

    @property
    def adjustments(self) -> list[GapRow]:
        return [row for row in self.rows if row.is_adjustment]

    @property
    def outside_areas(self) -> list[GapRow]:
        """What moved the total outside the areas: bonus and penalty items that counted, and the adjustments."""
        return [row for row in self.rows if row.kind != LeafKind.NORMAL and row.lost != ZERO]


def effort_marks(framework: Framework) -> dict[str, str]:
    """Leaf code → effort (low, medium, high) of the marked leaves of a criteria-set version. One query."""
    return dict(
        LeafEffort.objects.filter(criterion__framework_id=framework.pk).values_list("criterion__code", "effort")
    )


def _effort_label(effort: str) -> str:
    return str(Effort(effort).label) if effort in Effort.values else ""


class _Names:
    """Names of the criteria of one set version, from the cached setup (no query)."""

    def __init__(self, setup: ScoringSetup) -> None:
        self.by_code: dict[str, Criterion] = {c.code: c for c in setup.criteria}

    def name(self, code: str) -> str:
        node = self.by_code.get(code)
        return node.name if node is not None else code

    def leaf_id(self, code: str) -> int | None:
        node = self.by_code.get(code)
        return node.pk if node is not None else None

    def display_code(self, code: str) -> str:
        node = self.by_code.get(code)
        return node.display_code if node is not None else code


def _rows(gap: UnitGap, names: _Names, marks: dict[str, str]) -> list[GapRow]:
    rows = [_leaf_row(leaf, names, marks) for leaf in gap.leaves]
    rows += [GapRow(code=str(kind), name=str(ADJUSTMENT_NAMES[kind]), lost=lost) for kind, lost in gap.adjustments]
    return rows


def _leaf_row(leaf: LeafGap, names: _Names, marks: dict[str, str]) -> GapRow:
    effort = marks.get(leaf.code, "")
    return GapRow(
        code=leaf.code,
        name=names.name(leaf.code),
        lost=leaf.lost,
        max_points=leaf.max_points,
        points=leaf.points,
        kind=str(leaf.kind),
        area_code=leaf.area,
        area_name=names.name(leaf.area),
        scored=leaf.scored,
        recoverable=leaf.recoverable,
        effort=effort,
        effort_label=_effort_label(effort),
        criterion_id=names.leaf_id(leaf.code),
        display_code=names.display_code(leaf.code),
    )


def unit_gap_report(
    campaign: Campaign, unit: Unit, *, by_effort: bool = False, top: int | None = TOP
) -> UnitGapReport | None:
    """The gap of one unit (None when it has no result yet). Five queries once the set's setup is cached: the
    result, the unit's final scores, the effort marks, the group's indices and the band names' set (none)."""
    result = Result.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk).order_by().first()
    if result is None:
        return None
    setup = scoring_setup(campaign)
    scores = read_final_scores(campaign, setup, unit.pk).get(unit.pk, {})
    gap = unit_gap(setup.tree, scores, result.deduction)
    marks = effort_marks(campaign.framework)
    names = _Names(setup)
    rows = _rows(gap, names, marks)
    by_code = {row.code: row for row in rows if not row.is_adjustment}
    chosen = most_recoverable(gap.leaves, marks, by_effort=by_effort, limit=top)
    indices = list(
        Result.objects.filter(campaign_id=campaign.pk, rank__isnull=False)
        .exclude(unit_id=unit.pk)
        .order_by()
        .values_list("index", flat=True)
    )
    bands = setup.bands
    names_of_bands = band_names(campaign.framework)
    band_target = next_band(result.points, result.max_points, result.index, bands)
    rank_target = None if result.unranked else next_rank(result.points, result.max_points, result.index, indices)
    return UnitGapReport(
        campaign=campaign,
        unit=unit,
        result=result,
        rows=rows,
        areas=[
            AreaLine(area.code, names.name(area.code), area.points, area.max_points, area.index, area.lost)
            for area in gap.areas
        ],
        top=[by_code[leaf.code] for leaf in chosen],
        band_name=names_of_bands.get(result.band, result.band),
        next_band=band_target,
        next_band_name="" if band_target is None or band_target.band is None else band_target.band.name,
        next_rank=rank_target,
        ranked_total=len(indices) + (0 if result.rank is None else 1),
        core=gap,
    )


@dataclass(frozen=True)
class TopLeaf:
    code: str
    name: str
    recoverable: Decimal


@dataclass(frozen=True)
class UnitTop:
    """A unit's few leaves that give the most points back, for the overview, and its points lost in all."""

    unit_id: int
    lost: Decimal
    top: list[TopLeaf]


def campaign_tops(campaign: Campaign, unit_ids: Iterable[int] | None = None, limit: int = 3) -> dict[int, UnitTop]:
    """Every unit's (or those of ``unit_ids``) top leaves by points given back, in one pass over each unit's scores
    (:func:`parindex.scoring.gaps.top_recoverable`). Three queries whatever the number of units: the results, every
    final score, the effort marks."""
    setup = scoring_setup(campaign)
    results = Result.objects.filter(campaign_id=campaign.pk).order_by()
    if unit_ids is not None:
        results = results.filter(unit_id__in=list(unit_ids))
    rows = list(results.values_list("unit_id", "bonus", "penalty", "points", "max_points"))
    scores = read_final_scores(campaign, setup)
    marks = effort_marks(campaign.framework)
    names = _Names(setup)
    tops = {}
    for unit_id, bonus, penalty, points, max_points in rows:
        chosen = top_recoverable(setup.tree, scores.get(unit_id, {}), bonus, penalty, marks, limit)
        top = [TopLeaf(code, names.name(code), back) for code, back in chosen]
        tops[unit_id] = UnitTop(unit_id, max_points - points, top)
    return tops


def lost_leaves(campaign: Campaign, unit: Unit) -> list[GapRow]:
    """The leaves on which the unit lost points (normal and penalty leaves with points to give back), most first:
    what an improvement plan's actions are tied to."""
    report = unit_gap_report(campaign, unit, top=None)
    if report is None:
        return []
    return [row for row in report.top if row.kind != LeafKind.BONUS]


def figure(value: Decimal | None) -> str:
    """Points or an index as people read them in the active language: two decimals (80,11 in Vietnamese)."""
    if value is None:
        return "—"
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def target_text(report: UnitGapReport) -> list[str]:
    """The next band and the next rank as sentences (Vietnamese through the catalogue), for pages and the table."""
    lines = []
    if report.next_band is not None:
        lines.append(
            _("%(points)s more points reach band %(band)s (index %(index)s).")
            % {
                "points": figure(report.next_band.points_needed),
                "band": report.next_band_name,
                "index": figure(report.next_band.index),
            }
        )
    if report.next_rank is not None:
        lines.append(
            _("%(points)s more points reach rank %(rank)s of %(total)s (index %(index)s).")
            % {
                "points": figure(report.next_rank.points_needed),
                "rank": report.next_rank.rank,
                "total": report.ranked_total,
                "index": figure(report.next_rank.index),
            }
        )
    return lines


@dataclass(frozen=True)
class LowItem:
    """A criterion or sub-criterion across a campaign's units: its share of the maximum and who lost points on it."""

    code: str
    name: str
    depth: int
    share: Decimal | None
    points: Decimal
    max_points: Decimal
    units: int
    units_losing: int


def campaign_shortfalls(campaign: Campaign) -> list[LowItem]:
    """Every area, criterion and normal sub-criterion of the campaign across its units, in the set's order. Two
    queries once the set's setup is cached (the units, every final score)."""
    setup = scoring_setup(campaign)
    unit_ids = list(campaign.units().values_list("id", flat=True))
    scores = read_final_scores(campaign, setup)
    found = shortfalls(setup.tree, {unit_id: scores.get(unit_id, {}) for unit_id in unit_ids})
    return [
        LowItem(c.code, c.name, item.depth, item.share, item.points, item.max_points, item.units, item.units_losing)
        for c in setup.criteria
        if (item := found.get(c.code)) is not None
    ]


def low_items(
    campaign: Campaign, criteria: int = 5, sub_criteria: int = 8, below: Decimal = Decimal(100)
) -> tuple[list[LowItem], list[LowItem]]:
    """The criteria (second level, with or without sub-criteria) and the sub-criteria (third level and below) with
    the lowest share of their maximum across the units, under ``below`` %; ties: more units losing points first."""
    items = campaign_shortfalls(campaign)

    def pick(depths: Callable[[int], bool], limit: int) -> list[LowItem]:
        kept = [i for i in items if depths(i.depth) and i.share is not None and i.share < below]
        kept.sort(key=lambda i: (i.share, -i.units_losing))
        return kept[:limit]

    return pick(lambda depth: depth == 2, criteria), pick(lambda depth: depth >= 3, sub_criteria)
