from __future__ import annotations

from django.contrib import admin

from parindex.audit.models import AuditEntry
from parindex.readonly_admin import ReadOnlyModelAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyModelAdmin):
    list_display = ["at", "actor_name", "action", "object_repr", "reason"]
    list_filter = ["action"]
    search_fields = ["object_repr", "actor_name", "reason"]
    date_hierarchy = "at"
