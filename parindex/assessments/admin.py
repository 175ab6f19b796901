from __future__ import annotations

from django.contrib import admin

from parindex.assessments.models import Campaign, Result, Score
from parindex.readonly_admin import ReadOnlyModelAdmin


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "year", "group", "framework", "status"]
    list_filter = ["year", "status"]
    search_fields = ["code", "name"]
    readonly_fields = ["framework", "group"]


@admin.register(Score)
class ScoreAdmin(ReadOnlyModelAdmin):
    """Scores change only through the audited services (imports, pages)."""

    list_display = ["campaign", "unit", "criterion", "self_score", "appraised_score", "final_score", "final_na"]
    list_filter = ["campaign"]
    search_fields = ["unit__code", "criterion__code"]


@admin.register(Result)
class ResultAdmin(ReadOnlyModelAdmin):
    list_display = ["campaign", "unit", "points", "max_points", "index", "rank", "band"]
    list_filter = ["campaign"]
    search_fields = ["unit__code", "unit__name"]
