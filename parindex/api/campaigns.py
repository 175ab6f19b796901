"""Campaigns and their ranking, as the user sees them on the web."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja import Router

from parindex.api.schemas import ERRORS, CampaignOut, RankingOut
from parindex.assessments.access import campaigns_for_user, get_campaign_for_user
from parindex.assessments.models import Campaign
from parindex.assessments.ranking import ranking_rows, to_json, viewer_disclosure
from parindex.org.access import units_for_user

router = Router(tags=["campaigns"])


def campaign_data(campaign: Campaign) -> dict[str, Any]:
    return {
        "code": campaign.code,
        "name": campaign.name,
        "year": campaign.year,
        "status": campaign.status,
        "group": campaign.group.code,
        "owner": campaign.owner.code,
        "framework": {"code": campaign.framework.code, "version": campaign.framework.version},
        **{
            name: getattr(campaign, name)
            for name in (
                "self_opens_at",
                "self_closes_at",
                "round1_ends_at",
                "explanation_closes_at",
                "round2_ends_at",
                "publish_on",
                "locked_at",
                "published_at",
            )
        },
    }


@router.get("", response={200: list[CampaignOut], **ERRORS}, summary="Campaigns in the user's scope")
def campaign_list(request: HttpRequest) -> Any:
    return [campaign_data(c) for c in campaigns_for_user(request.user).order_by("-year", "code")]


@router.get("/{code}", response={200: CampaignOut, **ERRORS}, summary="One campaign")
def campaign_detail(request: HttpRequest, code: str) -> Any:
    return campaign_data(get_campaign_for_user(request.user, code))


def ranking_data(request: HttpRequest, campaign: Campaign) -> dict[str, Any]:
    """The ranking as the user may see it on the web (the units in their scope; while the campaign runs, no unit's
    draft but the user's own), in the JSON of ``parindex ranking --format json`` with each unit's standing."""
    visible = units_for_user(request.user).filter(group_id=campaign.group_id).values_list("id", flat=True)
    seen = viewer_disclosure(campaign, request.user)
    rows = ranking_rows(campaign, unit_ids=visible, seen=seen)
    payload: dict[str, Any] = json.loads(to_json(campaign, rows))
    for unit, row in zip(payload["units"], rows, strict=True):
        unit["standing"] = str(row.standing)
        unit["hidden"] = row.hidden
    payload["provisional"] = seen.provisional
    return payload


@router.get(
    "/{code}/ranking",
    response={200: RankingOut, **ERRORS},
    summary="The campaign's ranking, with area sub-indices",
    description=(
        "The same units, ranks and indices as `parindex ranking --campaign <code> --format json`, limited to the "
        "units in the token's scope; while the campaign is open the figures are provisional and a unit's draft shows "
        "no figure to anyone but the unit's own people (`hidden`)."
    ),
)
def campaign_ranking(request: HttpRequest, code: str) -> Any:
    return ranking_data(request, get_campaign_for_user(request.user, code))
