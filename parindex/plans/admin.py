from __future__ import annotations

from django.contrib import admin

from parindex.plans.models import ActionReport, Plan, PlanAction
from parindex.readonly_admin import ReadOnlyModelAdmin


# Plans, their actions and reports change through the pages, which audit every change; the admin only shows them.
@admin.register(Plan)
class PlanAdmin(ReadOnlyModelAdmin):  # type: ignore[type-arg,unused-ignore]
    list_display = ["campaign", "unit", "state", "submitted_at", "reviewed_at"]
    list_filter = ["state", "campaign"]
    search_fields = ["unit__code", "unit__name"]


@admin.register(PlanAction)
class PlanActionAdmin(ReadOnlyModelAdmin):  # type: ignore[type-arg,unused-ignore]
    list_display = ["plan", "criterion", "person", "deadline", "completed_at"]
    search_fields = ["what", "person"]


@admin.register(ActionReport)
class ActionReportAdmin(ReadOnlyModelAdmin):  # type: ignore[type-arg,unused-ignore]
    list_display = ["action", "submitted_at", "review"]
