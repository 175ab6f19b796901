from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from parindex.assessments.access import campaigns_for_user, get_campaign_for_user
from parindex.assessments.ranking import ranking_rows
from parindex.assessments.scoring import scored_areas
from parindex.org.access import units_for_user


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = campaigns_for_user(request.user).annotate(unit_count=Count("results", distinct=True))
    return render(request, "assessments/campaign_list.html", {"campaigns": campaigns})


@login_required
def campaign_ranking(request: HttpRequest, code: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, code)
    visible = units_for_user(request.user).filter(group_id=campaign.group_id).values_list("id", flat=True)
    rows = ranking_rows(campaign, unit_ids=visible)
    areas = scored_areas(campaign.framework)
    ranked_total = campaign.results.filter(rank__isnull=False).count()
    return render(
        request,
        "assessments/ranking.html",
        {"campaign": campaign, "rows": rows, "areas": areas, "ranked_total": ranked_total},
    )
