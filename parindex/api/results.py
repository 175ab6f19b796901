"""A unit's result with its area sub-indices, and the heads' ratings, under the web's disclosure rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from parindex.api.schemas import ERRORS, RatingsOut, ResultOut
from parindex.assessments.access import get_campaign_for_user, get_campaign_unit_for_user
from parindex.assessments.ranking import area_columns, ranking_rows, viewer_disclosure
from parindex.org.access import units_for_user
from parindex.ratings.services import rating_rows
from parindex.scoring.numbers import quantize_points

router = Router(tags=["results"])


def _number(value: Decimal | str | None) -> float | None:
    return None if value is None else float(quantize_points(Decimal(value)))


@router.get(
    "/{code}/results/{unit_code}",
    response={200: ResultOut, **ERRORS},
    summary="A unit's result with its area sub-indices",
)
def unit_result(request: HttpRequest, code: str, unit_code: str) -> Any:
    campaign = get_campaign_for_user(request.user, code)
    unit = get_campaign_unit_for_user(request.user, campaign, unit_code)
    seen = viewer_disclosure(campaign, request.user)
    rows = ranking_rows(campaign, unit_ids=[unit.pk], seen=seen)
    if not rows:
        raise Http404
    row = rows[0]
    areas = []
    for area in area_columns(campaign):
        points, maximum, index = row.areas.get(area.code) or (None, None, None)
        areas.append(
            {
                "code": area.code,
                "name": area.name,
                "points": _number(points),
                "max_points": _number(maximum),
                "index": _number(index),
            }
        )
    return {
        "campaign": campaign.code,
        "unit": row.unit_code,
        "name": row.unit_name,
        "provisional": seen.provisional,
        "hidden": row.hidden,
        "standing": str(row.standing),
        "rank": row.rank,
        "ranked_total": seen.ranked_total,
        "points": _number(row.points),
        "max_points": _number(row.max_points),
        "index": _number(row.index),
        "band": row.band,
        "band_name": row.band_name,
        "missing": row.missing,
        "areas": [] if row.hidden else areas,
    }


@router.get(
    "/{code}/ratings",
    response={200: RatingsOut, **ERRORS},
    summary="The heads' ratings (xếp loại người đứng đầu)",
    description="As the ratings page shows them: stored once the results are locked, provisional before; empty "
    "when the campaign has no rating rules.",
)
def campaign_ratings(request: HttpRequest, code: str) -> Any:
    campaign = get_campaign_for_user(request.user, code)
    visible = units_for_user(request.user).filter(group_id=campaign.group_id).values_list("id", flat=True)
    seen = viewer_disclosure(campaign, request.user) if campaign.rating_rules_id else None
    rows = rating_rows(campaign, unit_ids=list(visible), seen=seen)
    return {
        "campaign": campaign.code,
        "rules": campaign.rating_rules.code if campaign.rating_rules is not None else None,
        "provisional": campaign.is_open,
        "units": [
            {
                "unit": row.unit_code,
                "name": row.unit_name,
                "index": _number(row.index),
                "level": row.level_code,
                "level_name": row.level_name,
                "reasons": row.reasons,
                "standing": str(row.standing),
                "hidden": row.hidden,
            }
            for row in rows
        ],
    }
