"""Published results, open to everyone without logging in: nothing of a campaign shows here before publication, and
only what a publication decision prints (never a point detail, a disciplinary case or a rating's reasons)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from parindex.assessments.models import Campaign
from parindex.assessments.ranking import area_columns, ranking_rows
from parindex.publication.services import current_decision, publication_head
from parindex.ratings.services import published_levels


def published_list(request: HttpRequest) -> HttpResponse:
    campaigns = Campaign.objects.filter(status=Campaign.Status.PUBLISHED).select_related("group", "framework")
    return render(request, "publication/public_list.html", {"campaigns": campaigns})


def published_results(request: HttpRequest, code: str) -> HttpResponse:
    campaign = get_object_or_404(
        Campaign.objects.select_related("group", "framework", "rating_rules"),
        code=code,
        status=Campaign.Status.PUBLISHED,
    )
    rows = ranking_rows(campaign)
    levels = published_levels(campaign) if campaign.rating_rules_id else {}
    decision = current_decision(campaign)
    return render(
        request,
        "publication/public_results.html",
        {
            "campaign": campaign,
            # Only what a publication decision prints: rank, unit, index, area sub-indices, band, head's level.
            "rows": [(row, levels.get(row.unit_id, "")) for row in rows],
            "areas": area_columns(campaign),
            "ranked_total": sum(1 for row in rows if row.rank is not None),
            "rated": bool(levels),
            # The current publication decision, whose PDF anyone may open (docs/publication.md).
            "decision": decision,
            # The audit chain's head at publication (docs/audit.md): anyone can later have it confirmed.
            "audit_head": publication_head(campaign, decision),
        },
    )
