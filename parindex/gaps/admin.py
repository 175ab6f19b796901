from __future__ import annotations

from django.contrib import admin

from parindex.gaps.models import LeafEffort
from parindex.readonly_admin import ReadOnlyModelAdmin


@admin.register(LeafEffort)
class LeafEffortAdmin(ReadOnlyModelAdmin):
    """Effort marks change only on the campaign's audited effort page."""

    list_display = ["criterion", "effort", "changed_at"]
    list_filter = ["effort", "criterion__framework"]
    search_fields = ["criterion__code", "criterion__name"]
