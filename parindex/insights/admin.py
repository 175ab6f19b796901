"""The area mappings and the province's figures in the administration site: every change goes through the same
audited services as the pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext as _

from parindex.audit.services import Actor
from parindex.insights import services
from parindex.insights.models import AreaMapping, ProvinceStanding


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg,unused-ignore]
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        save = services.save_mapping if isinstance(obj, AreaMapping) else services.save_standing
        save(obj, Actor.of(request.user), _("changed in the administration site"))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        remove = services.remove_mapping if isinstance(obj, AreaMapping) else services.remove_standing
        remove(obj, Actor.of(request.user), _("deleted in the administration site"))

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(AreaMapping)
class AreaMappingAdmin(AuditedAdmin):
    list_display = ["framework_code", "area_code", "previous_framework_code", "previous_area_code"]
    list_filter = ["framework_code", "previous_framework_code"]


@admin.register(ProvinceStanding)
class ProvinceStandingAdmin(AuditedAdmin):
    list_display = ["unit", "year", "index", "rank", "ranked_total", "decision", "decided_on"]
    list_filter = ["year"]
