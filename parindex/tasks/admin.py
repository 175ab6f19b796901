from __future__ import annotations

from django.contrib import admin

from parindex.readonly_admin import ReadOnlyModelAdmin
from parindex.tasks.models import Task, TaskReport, TaskUnit


# Tasks, their reports and reviews change through the pages, which audit every change; the admin only shows them.
@admin.register(Task)
class TaskAdmin(ReadOnlyModelAdmin):  # type: ignore[type-arg,unused-ignore]
    list_display = ["code", "document_number", "issuer", "deadline"]
    search_fields = ["code", "document_number", "content"]


@admin.register(TaskUnit)
class TaskUnitAdmin(ReadOnlyModelAdmin):  # type: ignore[type-arg,unused-ignore]
    list_display = ["task", "unit", "role", "started_at", "completed_at"]


@admin.register(TaskReport)
class TaskReportAdmin(ReadOnlyModelAdmin):  # type: ignore[type-arg,unused-ignore]
    list_display = ["task_unit", "kind", "submitted_at", "review"]
