from __future__ import annotations

from django.contrib import admin

from parindex.assessments.models import AppraiserAssignment, Assessment, Campaign, Evidence, Question, Result, Score
from parindex.readonly_admin import ReadOnlyModelAdmin


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyModelAdmin):
    """Calendar, policy and status change only on the campaign's audited pages."""

    list_display = ["code", "name", "year", "group", "owner", "framework", "status"]
    list_filter = ["year", "status"]
    search_fields = ["code", "name"]


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


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyModelAdmin):
    list_display = ["campaign", "unit", "state", "submitted_at", "late", "deadline_override"]
    list_filter = ["campaign", "state", "late"]
    search_fields = ["unit__code", "unit__name"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyModelAdmin):
    list_display = ["campaign", "unit", "criterion", "name", "kind", "size", "uploaded_at", "removed_at"]
    list_filter = ["campaign", "kind"]
    search_fields = ["unit__code", "name", "sha256"]
    exclude = ["file"]  # served only through the page that checks the user's rights


@admin.register(Question)
class QuestionAdmin(ReadOnlyModelAdmin):
    list_display = ["campaign", "unit", "criterion", "asked_at", "answered_at"]
    list_filter = ["campaign"]


@admin.register(AppraiserAssignment)
class AppraiserAssignmentAdmin(ReadOnlyModelAdmin):
    list_display = ["campaign", "user", "unit", "area"]
    list_filter = ["campaign"]
