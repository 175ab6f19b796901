"""Surveys in the administration site: read-only (questionnaires come from ``load-survey``, responses from the
collection pages and imports, all audited). Respondents' personal data are not listed here."""

from __future__ import annotations

from django.contrib import admin

from parindex.readonly_admin import ReadOnlyModelAdmin
from parindex.surveys.models import Choice, Component, Question, Response, Survey


@admin.register(Survey)
class SurveyAdmin(ReadOnlyModelAdmin):
    """Loaded with `parindex load-survey` (validated, versioned), never edited here."""

    list_display = ["code", "version", "title", "is_sample", "min_sample", "loaded_at"]
    list_filter = ["is_sample"]
    search_fields = ["code", "title"]
    exclude = ["workbook"]


@admin.register(Component)
class ComponentAdmin(ReadOnlyModelAdmin):
    list_display = ["code", "name", "survey", "weight", "order"]
    list_filter = ["survey"]


@admin.register(Question)
class QuestionAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "label", "survey", "component", "type", "list_name", "weight"]
    list_filter = ["survey", "type"]
    search_fields = ["name", "label"]


@admin.register(Choice)
class ChoiceAdmin(ReadOnlyModelAdmin):
    list_display = ["list_name", "name", "label", "score", "survey"]
    list_filter = ["survey"]


@admin.register(Response)
class ResponseAdmin(ReadOnlyModelAdmin):
    list_display = ["pk", "survey", "unit", "channel", "submitted_at", "entered_by", "flags"]
    list_filter = ["survey", "channel"]
    exclude = ["respondent"]
