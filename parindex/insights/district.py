"""The district's own trend: each unit group's mean index year after year, and the index and rank the province
published for the district's committee where they are known. A fixed number of queries: the campaigns, their
results, the province's figures, and two per running campaign (what may be seen of its provisional results)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from parindex.assessments.models import Campaign, Result
from parindex.assessments.ranking import viewer_disclosure
from parindex.insights.access import overseen_campaigns
from parindex.insights.models import ProvinceStanding
from parindex.insights.series import ordered_campaigns
from parindex.org.access import AnyUser
from parindex.org.models import Unit, UnitGroup
from parindex.scoring.numbers import quantize_points


@dataclass(frozen=True)
class Point:
    """One campaign of a group: the mean index of the units shown, and how many they are."""

    campaign: Campaign
    mean: Decimal | None
    count: int
    total: int

    @property
    def provisional(self) -> bool:
        return self.campaign.is_open


@dataclass(frozen=True)
class GroupTrend:
    group: UnitGroup
    points: list[Point]

    def at(self, year: int) -> list[Point]:
        return [p for p in self.points if p.campaign.year == year]


@dataclass(frozen=True)
class DistrictTrend:
    """One committee (the district) running campaigns in the user's scope."""

    committee: Unit
    groups: list[GroupTrend]
    standings: list[ProvinceStanding]

    @property
    def years(self) -> list[int]:
        years = {p.campaign.year for g in self.groups for p in g.points} | {s.year for s in self.standings}
        return sorted(years)

    def standing(self, year: int) -> ProvinceStanding | None:
        return next((s for s in self.standings if s.year == year), None)

    def rows(self) -> list[tuple[int, list[Point | None], ProvinceStanding | None]]:
        """Per year: each group's campaign (the latest of that year) and the province's figures."""
        rows = []
        for year in self.years:
            points: list[Point | None] = []
            for g in self.groups:
                found = g.at(year)
                points.append(found[-1] if found else None)
            rows.append((year, points, self.standing(year)))
        return rows


def district_trends(user: AnyUser, now: datetime | None = None) -> list[DistrictTrend]:
    campaigns = ordered_campaigns(overseen_campaigns(user))
    ids = [c.pk for c in campaigns]
    hidden: dict[int, frozenset[int]] = {c.pk: viewer_disclosure(c, user, now).hidden for c in campaigns if c.is_open}
    indices: dict[int, list[Decimal]] = defaultdict(list)
    totals: dict[int, int] = defaultdict(int)
    for campaign_id, unit_id, index in (
        Result.objects.filter(campaign_id__in=ids).order_by().values_list("campaign_id", "unit_id", "index")
    ):
        totals[campaign_id] += 1
        if index is not None and unit_id not in hidden.get(campaign_id, ()):
            indices[campaign_id].append(Decimal(index))
    committees = {c.owner_id: c.owner for c in campaigns}
    standings: dict[int, list[ProvinceStanding]] = defaultdict(list)
    for standing in ProvinceStanding.objects.filter(unit_id__in=list(committees)).order_by("year"):
        standings[standing.unit_id].append(standing)
    trends = []
    for committee_id, committee in sorted(committees.items(), key=lambda item: item[1].name):
        by_group: dict[int, list[Point]] = defaultdict(list)
        groups: dict[int, UnitGroup] = {}
        for c in campaigns:
            if c.owner_id != committee_id:
                continue
            values = indices[c.pk]
            mean = quantize_points(sum(values, Decimal(0)) / len(values)) if values else None
            by_group[c.group_id].append(Point(c, mean, len(values), totals[c.pk]))
            groups[c.group_id] = c.group
        ordered = sorted(groups.values(), key=lambda g: (g.order, g.code))
        trends.append(
            DistrictTrend(committee, [GroupTrend(g, by_group[g.pk]) for g in ordered], standings[committee_id])
        )
    return trends
