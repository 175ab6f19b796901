from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parindex.deadlines.models import Holiday, Reminder, ReminderSchedule, ReminderStep
from parindex.readonly_admin import ReadOnlyModelAdmin


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):  # type: ignore[type-arg,unused-ignore]
    """Working days change with the holidays: run ``refresh-indicators`` after editing them."""

    list_display = ["day", "name"]
    list_filter = ["day"]
    search_fields = ["name"]


class ReminderStepInline(admin.TabularInline):  # type: ignore[type-arg,unused-ignore]
    """The reminders before the deadline, one row each, edited on the schedule's page."""

    model = ReminderStep
    extra = 1


@admin.register(ReminderSchedule)
class ReminderScheduleAdmin(admin.ModelAdmin):  # type: ignore[type-arg,unused-ignore]
    list_display = ["kind", "days_before", "on_the_day", "every_days_after", "escalate_after", "max_after"]
    inlines = [ReminderStepInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ReminderSchedule]:
        return super().get_queryset(request).prefetch_related("steps")

    @admin.display(description=_("days before"))
    def days_before(self, schedule: ReminderSchedule) -> str:
        return ", ".join(str(step.days_before) for step in schedule.steps.all())


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyModelAdmin):  # type: ignore[type-arg,unused-ignore]
    """The record of reminders is evidence: nobody edits it."""

    list_display = ["due_at", "unit", "kind", "step", "level", "recipient", "sent_at", "read_at", "cancelled_at"]
    list_filter = ["kind", "level"]
    search_fields = ["unit__code", "unit__name", "subject"]
