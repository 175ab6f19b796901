"""The campaign's head-rating table: each unit's level and, for every better level, what it missed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from parindex.assessments.access import get_campaign_for_user
from parindex.org.access import units_for_user
from parindex.ratings.services import rating_rows


@login_required
def campaign_ratings(request: HttpRequest, code: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, code)
    visible = units_for_user(request.user).filter(group_id=campaign.group_id).values_list("id", flat=True)
    rows = rating_rows(campaign, unit_ids=list(visible))
    return render(request, "ratings/campaign_ratings.html", {"campaign": campaign, "rows": rows})
