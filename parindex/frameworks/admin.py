from __future__ import annotations

from django.contrib import admin

from parindex.frameworks.models import Criterion, Framework
from parindex.readonly_admin import ReadOnlyModelAdmin


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyModelAdmin):
    """Loaded with `parindex load-framework` (validated, versioned), never edited here."""

    list_display = ["code", "version", "name", "year", "is_sample", "loaded_at"]
    list_filter = ["year", "is_sample"]
    search_fields = ["code", "name"]


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyModelAdmin):
    list_display = ["code", "name", "framework", "max_points", "kind", "source"]
    list_filter = ["framework", "kind", "is_leaf"]
    search_fields = ["code", "name"]
