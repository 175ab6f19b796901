from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from parindex.audit.models import Action
from parindex.audit.services import Actor, record
from parindex.org.models import Membership, Unit, UnitGroup


@admin.register(UnitGroup)
class UnitGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order"]
    search_fields = ["code", "name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "group", "is_active"]
    list_filter = ["group", "is_active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record(Actor.of(request.user), obj.to_change(Action.UNIT_CHANGED, None, obj.snapshot()), reason="admin")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__code", "unit__name"]
    autocomplete_fields = ["user", "unit"]
