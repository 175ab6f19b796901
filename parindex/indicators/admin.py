from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext as _

from parindex.audit.services import Actor
from parindex.indicators.models import Figure, ImportBatch, Target
from parindex.indicators.reference import set_target
from parindex.readonly_admin import ReadOnlyModelAdmin


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):  # type: ignore[type-arg,unused-ignore]
    list_display = ["year", "indicator", "minimum"]
    list_filter = ["year", "indicator"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Through the service, so the change is audited with before and after.
        set_target(
            obj.indicator, obj.year, obj.minimum, Actor.of(request.user), _("changed in the administration site")
        )
        stored = Target.objects.get(indicator=obj.indicator, year=obj.year)
        obj.pk = stored.pk


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyModelAdmin):  # type: ignore[type-arg,unused-ignore]
    list_display = ["created_at", "kind", "original_name", "status", "rows", "problem_count", "created_by"]
    list_filter = ["kind", "status"]


@admin.register(Figure)
class FigureAdmin(ReadOnlyModelAdmin):  # type: ignore[type-arg,unused-ignore]
    list_display = ["unit", "period", "indicator", "numerator", "denominator"]
    list_filter = ["kind", "indicator"]
    search_fields = ["unit__code", "period"]
