from __future__ import annotations

from django.contrib import admin

from parindex.notifications.models import Reminder, ReminderSchedule
from parindex.readonly_admin import ReadOnlyModelAdmin


@admin.register(ReminderSchedule)
class ReminderScheduleAdmin(admin.ModelAdmin):  # type: ignore[type-arg,unused-ignore]
    list_display = ["kind", "before_days", "on_the_day", "every_days_after", "escalate_after", "max_after"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyModelAdmin):  # type: ignore[type-arg,unused-ignore]
    """The record of reminders is evidence: nobody edits it."""

    list_display = ["due_at", "unit", "kind", "step", "level", "recipient", "sent_at", "read_at", "cancelled_at"]
    list_filter = ["kind", "level"]
    search_fields = ["unit__code", "unit__name", "subject"]
