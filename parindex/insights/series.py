"""A unit group's results year after year, as one viewer may see them.

The columns are the group's campaigns, oldest first. A locked or published campaign shows its stored results; a
running one (the figures are provisional, "tạm tính") shows what :func:`~parindex.assessments.ranking.disclosure`
lets this viewer see: a unit still self-assessing before its own deadline shows no figure to anyone but its own
people, and the ranks are those among the units shown. Area sub-indices are followed across criteria sets through
the areas of the newest set (:mod:`parindex.insights.areas`). Everything is read in a fixed number of queries,
whatever the number of units: the results of every campaign at once, the areas of every set at once, the mappings,
and two queries per running campaign for its disclosure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from parindex.assessments.models import Campaign, Result
from parindex.assessments.ranking import STANDING_LABELS, Disclosure, band_names, viewer_disclosure
from parindex.insights.areas import Area, AreaMatcher, framework_areas, share
from parindex.org.access import AnyUser
from parindex.org.models import UnitGroup
from parindex.scoring.numbers import quantize_points

Shares = dict[str, Decimal | None]


@dataclass(frozen=True)
class Column:
    """One campaign of the series."""

    campaign: Campaign
    areas: list[Area]  # its own criteria set's areas
    continues: dict[str, list[str]]  # area code of the newest set → the codes of this set it continues
    ranked_total: int
    group_visible: bool  # whether this viewer may see the group's figures (its mean, the other units)

    @property
    def provisional(self) -> bool:
        return self.campaign.is_open

    @property
    def year(self) -> int:
        return self.campaign.year


@dataclass(frozen=True)
class Figure:
    """A unit's result in one campaign as this viewer may see it; ``hidden`` is a draft: no figure at all."""

    index: Decimal | None = None
    rank: int | None = None
    ranked_total: int = 0
    band_name: str = ""
    areas: Shares = field(default_factory=dict)  # by the newest set's area codes
    own_areas: Shares = field(default_factory=dict)  # by its own set's area codes
    provisional: bool = False
    hidden: bool = False
    standing: str = ""

    @property
    def shown(self) -> bool:
        return not self.hidden and self.index is not None


@dataclass
class UnitSeries:
    unit_id: int
    code: str
    name: str
    figures: list[Figure | None]  # one per column; None: the unit has no result in that campaign


@dataclass(frozen=True)
class Mean:
    """The group's mean over the units shown in one campaign."""

    index: Decimal | None
    areas: Shares
    own_areas: Shares
    count: int


@dataclass(frozen=True)
class Change:
    """A unit's change from one campaign to a later one."""

    start: Figure | None
    end: Figure | None

    @property
    def index_delta(self) -> Decimal | None:
        if self.start is None or self.end is None or not (self.start.shown and self.end.shown):
            return None
        assert self.start.index is not None
        assert self.end.index is not None
        return self.end.index - self.start.index

    @property
    def ranks_comparable(self) -> bool:
        """Final ranks are compared; a provisional rank (among the units shown so far) only with a rank out of as
        many units."""
        if self.start is None or self.end is None:
            return False
        provisional = self.start.provisional or self.end.provisional
        return not provisional or self.start.ranked_total == self.end.ranked_total

    @property
    def rank_delta(self) -> int | None:
        """Places gained (positive: moved up the ranking); None where the ranks cannot be compared."""
        if self.index_delta is None or self.start is None or self.end is None or not self.ranks_comparable:
            return None
        if self.start.rank is None or self.end.rank is None:
            return None
        return self.start.rank - self.end.rank


@dataclass
class Series:
    group: UnitGroup
    columns: list[Column]
    areas: list[Area]  # the newest set's areas, which the trend follows
    units: list[UnitSeries]
    means: list[Mean]

    def ordered(self, k: int) -> list[UnitSeries]:
        """The units by their rank in column ``k``, those without a rank (or a figure) last, by name."""

        def key(unit: UnitSeries) -> tuple[bool, int, str]:
            figure = unit.figures[k]
            rank = figure.rank if figure is not None and figure.shown else None
            return (rank is None, rank or 0, unit.name)

        return sorted(self.units, key=key)

    def change(self, unit: UnitSeries, start: int, end: int) -> Change:
        return Change(unit.figures[start], unit.figures[end])

    def column_index(self, code: str | None, default: int) -> int:
        """The position of the campaign with ``code``, or ``default``."""
        for k, column in enumerate(self.columns):
            if column.campaign.code == code:
                return k
        return default


def ordered_campaigns(campaigns: Iterable[Campaign]) -> list[Campaign]:
    return sorted(campaigns, key=lambda c: (c.year, c.created_at, c.pk))


def _mean(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return quantize_points(sum(present, Decimal(0)) / len(present)) if present else None


def build_series(
    group: UnitGroup,
    campaigns: Sequence[Campaign],
    user: AnyUser,
    *,
    unit_ids: Collection[int] | None = None,
    group_visible: Callable[[Campaign], bool] = lambda campaign: True,
    now: datetime | None = None,
) -> Series:
    """The series of ``campaigns`` (all of one group) for ``user``; only the units ``unit_ids`` get a row when
    given (the group's mean still counts every unit shown)."""
    campaigns = ordered_campaigns(campaigns)
    position = {c.pk: k for k, c in enumerate(campaigns)}
    rows = list(
        Result.objects.filter(campaign_id__in=list(position))
        .order_by()
        .values_list("campaign_id", "unit_id", "unit__code", "unit__name", "index", "rank", "band", "areas")
    )
    seen: dict[int, Disclosure] = {c.pk: viewer_disclosure(c, user, now) for c in campaigns if c.is_open}
    scored: dict[int, set[str]] = defaultdict(set)
    ranked: dict[int, int] = defaultdict(int)
    for campaign_id, _unit, _code, _name, _index, rank, _band, areas in rows:
        scored[campaigns[position[campaign_id]].framework_id].update(areas or {})
        if rank is not None:
            ranked[campaign_id] += 1
    frameworks = [c.framework for c in campaigns]
    areas_by_framework = framework_areas(frameworks, scored)
    codes = {pk: [a.code for a in areas] for pk, areas in areas_by_framework.items()}
    chains = AreaMatcher.for_frameworks({f.code for f in frameworks}).chains(frameworks, codes)
    columns = [
        Column(
            campaign=c,
            areas=areas_by_framework.get(c.framework_id, []),
            continues=chains[k],
            ranked_total=seen[c.pk].ranked_total if c.pk in seen else ranked[c.pk],
            group_visible=group_visible(c),
        )
        for k, c in enumerate(campaigns)
    ]
    bands = {c.pk: band_names(c.framework) for c in campaigns}
    units: dict[int, UnitSeries] = {}
    by_column: list[list[Figure]] = [[] for _ in campaigns]
    for campaign_id, unit_id, code, name, index, rank, band, areas in rows:
        k = position[campaign_id]
        column = columns[k]
        figure = _figure(column, seen.get(campaign_id), unit_id, index, rank, bands[campaign_id].get(band, band), areas)
        by_column[k].append(figure)
        if unit_ids is None or unit_id in unit_ids:
            if unit_id not in units:
                units[unit_id] = UnitSeries(unit_id, code, name, [None] * len(columns))
            units[unit_id].figures[k] = figure
    means = [_column_mean(figures, columns[-1].continues if columns else {}) for figures in by_column]
    return Series(
        group=group,
        columns=columns,
        areas=areas_by_framework.get(campaigns[-1].framework_id, []) if campaigns else [],
        units=sorted(units.values(), key=lambda u: u.name),
        means=means,
    )


def _figure(
    column: Column,
    seen: Disclosure | None,
    unit_id: int,
    index: Decimal | None,
    rank: int | None,
    band_name: str,
    areas: dict[str, list[str | None]] | None,
) -> Figure:
    provisional = seen is not None
    standing = ""
    if seen is not None:
        label = STANDING_LABELS.get(seen.standing.get(unit_id))  # type: ignore[arg-type]
        standing = "" if label is None else str(label)
        if unit_id in seen.hidden:
            return Figure(ranked_total=column.ranked_total, provisional=True, hidden=True, standing=standing)
        rank = seen.ranks.get(unit_id)
    stored = areas or {}
    return Figure(
        index=None if index is None else Decimal(index),
        rank=rank,
        ranked_total=column.ranked_total,
        band_name=band_name,
        areas={ref: share(stored, own) for ref, own in column.continues.items()},
        own_areas={a.code: share(stored, [a.code]) for a in column.areas},
        provisional=provisional,
        standing=standing,
    )


def _column_mean(figures: list[Figure], reference: dict[str, list[str]]) -> Mean:
    shown = [f for f in figures if f.shown]
    own_codes = {code for f in shown for code in f.own_areas}
    return Mean(
        index=_mean(f.index for f in shown),
        areas={code: _mean(f.areas.get(code) for f in shown) for code in reference},
        own_areas={code: _mean(f.own_areas.get(code) for f in shown) for code in own_codes},
        count=len(shown),
    )


def matching_rows(series: Series) -> list[tuple[Area, list[list[Area]]]]:
    """Each area of the newest set and the areas it continues in each campaign's set; empty when every campaign
    used the same set (nothing to match)."""
    if len({c.campaign.framework_id for c in series.columns}) < 2:
        return []
    rows = []
    for area in series.areas:
        continued = []
        for column in series.columns:
            own = {a.code: a for a in column.areas}
            continued.append([own[code] for code in column.continues.get(area.code, []) if code in own])
        rows.append((area, continued))
    return rows
