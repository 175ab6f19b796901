from __future__ import annotations

from django.contrib import admin

from parindex.readonly_admin import ReadOnlyModelAdmin
from parindex.reports.models import ReportPeriod, ReportSubmission


# Periods, submissions and their reviews change through the pages, which audit every change; the admin only shows them.
@admin.register(ReportPeriod)
class ReportPeriodAdmin(ReadOnlyModelAdmin):  # type: ignore[type-arg,unused-ignore]
    list_display = ["year", "kind", "group", "deadline"]


@admin.register(ReportSubmission)
class ReportSubmissionAdmin(ReadOnlyModelAdmin):  # type: ignore[type-arg,unused-ignore]
    list_display = ["period", "unit", "submitted_at", "review"]
