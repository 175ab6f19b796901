"""The head-rating table as the campaign's page reads it, for thousands of units at once.

The same rows as :func:`parindex.ratings.services.rating_rows` (the services stay the reference: the page's tests
compare both), read with a fixed number of queries as plain values instead of model objects, and each reason worded
once per page: units share most of their failed conditions (the same area under the same bar with the same share),
and wording one (a translation lookup and two number formats) costs more than finding it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from django.db.models import F

from parindex.assessments.models import Campaign, Result
from parindex.assessments.ranking import Disclosure, Standing
from parindex.ratings.models import HeadRating
from parindex.ratings.services import RatingRow, campaign_figures, explain, failure_from
from parindex.scoring.rating import Failure, RuleSet, rate


class Reasons:
    """:func:`explain` with a memory: each distinct failed condition is worded once."""

    def __init__(self) -> None:
        self.memo: dict[tuple[Any, ...], str] = {}

    def __call__(self, failure: Failure) -> str:
        key = (failure.check, failure.subject, failure.actual, failure.required)
        text = self.memo.get(key)
        if text is None:
            text = self.memo[key] = explain(failure)
        return text

    def stored(self, data: dict[str, Any]) -> str:
        """A reason as stored with a rating (strings, see :func:`failure_data`)."""
        key = (data["check"], data.get("subject", ""), data.get("actual"), data.get("required"))
        text = self.memo.get(key)
        if text is None:
            text = self.memo[key] = explain(failure_from(data))
        return text


def rating_table(
    campaign: Campaign, unit_ids: Iterable[int] | None = None, seen: Disclosure | None = None
) -> list[RatingRow]:
    """What :func:`parindex.ratings.services.rating_rows` returns: stored once the results are locked, computed now
    while the campaign runs (provisional), as the viewer of ``seen`` may see it; empty without a rule set."""
    if campaign.rating_rules is None:
        return []
    if campaign.is_open:
        return provisional_table(campaign, campaign.rating_rules.rules, unit_ids, seen)
    rows = stored_table(campaign, unit_ids)
    if seen is None:
        return rows
    return [replace(row, standing=seen.standing.get(row.unit_id, Standing.SHOWN)) for row in rows]


def provisional_table(
    campaign: Campaign, rules: RuleSet, unit_ids: Iterable[int] | None = None, seen: Disclosure | None = None
) -> list[RatingRow]:
    """:func:`parindex.ratings.services.rate_campaign`: the units rated now, in ranking order (the ranks the viewer
    is shown while the campaign runs), a draft as its name and standing only."""
    wanted = None if unit_ids is None else list(unit_ids)
    figures = campaign_figures(campaign, rules, wanted)
    rated = Result.objects.filter(campaign=campaign)  # without ``unit_ids``, every result: the units of ``figures``
    if wanted is not None:
        rated = rated.filter(unit_id__in=list(figures))
    results = rated.order_by(F("rank").asc(nulls_last=True), "unit__code").values_list(
        "unit_id", "unit__code", "unit__name", "index"
    )
    reasons = Reasons()
    provisional = campaign.is_open
    rows = []
    for unit_id, code, name, index in results:
        standing = Standing.SHOWN if seen is None else seen.standing.get(unit_id, Standing.SHOWN)
        if seen is not None and unit_id in seen.hidden:
            rows.append(RatingRow(unit_id, code, name, None, "", "", [], True, standing, True))
            continue
        unit_figures = figures[unit_id]
        if seen is not None:
            unit_figures = replace(unit_figures, rank=seen.ranks.get(unit_id))
        rating = rate(rules, unit_figures)
        missed = [(level.name, [reasons(f) for f in failures]) for level, failures in rating.missed]
        rows.append(
            RatingRow(
                unit_id,
                code,
                name,
                index,
                rating.level.code,
                rating.level.name,
                missed,
                provisional=provisional,
                standing=standing,
            )
        )
    if seen is not None and seen.provisional:
        ranks = seen.ranks
        rows.sort(key=lambda row: (ranks.get(row.unit_id) is None, ranks.get(row.unit_id) or 0, row.unit_code))
    return rows


def stored_table(campaign: Campaign, unit_ids: Iterable[int] | None = None) -> list[RatingRow]:
    """:func:`parindex.ratings.services.stored_ratings`: the ratings stored with the locked results, in ranking
    order. Two queries."""
    stored = HeadRating.objects.filter(campaign=campaign)
    if unit_ids is not None:
        stored = stored.filter(unit_id__in=list(unit_ids))
    ranking = {
        unit_id: (rank, index)
        for unit_id, rank, index in Result.objects.filter(campaign=campaign).values_list("unit_id", "rank", "index")
    }
    rules = campaign.rating_rules
    level_names = {} if rules is None else {level.code: level.name for level in rules.rules.levels}
    reasons = Reasons()
    rows = []
    for unit_id, code, name, level_code, level_name, data in stored.values_list(
        "unit_id", "unit__code", "unit__name", "level_code", "level_name", "reasons"
    ):
        missed: dict[str, list[str]] = {}
        for reason in data:
            missed.setdefault(reason["level"], []).append(reasons.stored(reason))
        rows.append(
            RatingRow(
                unit_id,
                code,
                name,
                ranking.get(unit_id, (None, None))[1],
                level_code,
                level_name,
                [(level_names.get(level, level), texts) for level, texts in missed.items()],
                provisional=False,
            )
        )

    def order(row: RatingRow) -> tuple[bool, int, str]:
        rank = ranking.get(row.unit_id, (None, None))[0]
        return (rank is None, rank or 0, row.unit_code)

    return sorted(rows, key=order)
