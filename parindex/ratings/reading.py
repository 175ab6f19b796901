"""The head-rating table as the campaign's page reads it, for thousands of units at once.

The same rows as :func:`parindex.ratings.services.rating_rows` (the services stay the reference: the page's tests
compare both). Once the results are locked both read the stored ratings with
:func:`parindex.ratings.services.stored_ratings`; while the campaign runs, the provisional ratings are computed
here from plain values instead of model objects, each reason worded once per page
(:class:`~parindex.ratings.services.Reasons`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from django.db.models import F

from parindex.assessments.models import Campaign, Result
from parindex.assessments.ranking import Disclosure, Standing
from parindex.ratings.services import RatingRow, Reasons, campaign_figures, stored_ratings
from parindex.scoring.rating import RuleSet, rate


def rating_table(
    campaign: Campaign, unit_ids: Iterable[int] | None = None, seen: Disclosure | None = None
) -> list[RatingRow]:
    """What :func:`parindex.ratings.services.rating_rows` returns: stored once the results are locked, computed now
    while the campaign runs (provisional), as the viewer of ``seen`` may see it; empty without a rule set."""
    if campaign.rating_rules is None:
        return []
    if campaign.is_open:
        return provisional_table(campaign, campaign.rating_rules.rules, unit_ids, seen)
    rows = stored_ratings(campaign, unit_ids)
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
