"""Published results, open to everyone without logging in: nothing of a campaign shows here before publication."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from parindex.assessments.models import Campaign
from parindex.assessments.ranking import ranking_rows
from parindex.assessments.scoring import scored_areas
from parindex.ratings.services import stored_ratings


def published_list(request: HttpRequest) -> HttpResponse:
    campaigns = Campaign.objects.filter(status=Campaign.Status.PUBLISHED).select_related("group", "framework")
    return render(request, "assessments/public_list.html", {"campaigns": campaigns})


def published_results(request: HttpRequest, code: str) -> HttpResponse:
    campaign = get_object_or_404(
        Campaign.objects.select_related("group", "framework", "rating_rules"),
        code=code,
        status=Campaign.Status.PUBLISHED,
    )
    rows = ranking_rows(campaign)
    return render(
        request,
        "assessments/public_results.html",
        {
            "campaign": campaign,
            "rows": rows,
            "areas": scored_areas(campaign.framework),
            "ranked_total": sum(1 for row in rows if row.rank is not None),
            "ratings": stored_ratings(campaign) if campaign.rating_rules_id else [],
        },
    )
