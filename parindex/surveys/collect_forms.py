"""Forms of the collection pages: the upload of an export, and the choice of survey and unit before typing forms.
(The answers themselves are read field by field against the questionnaire: see :mod:`parindex.surveys.responses`.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from parindex.org.models import Unit
from parindex.surveys.imports import ACCEPTED_SUFFIXES
from parindex.surveys.models import Survey


class ResponsesUploadForm(forms.Form):
    file = forms.FileField(
        label=_("export file"),
        help_text=_("CSV (any encoding Excel writes) or XLSX, as KoboToolbox or ODK Central export it."),
    )
    check_only = forms.BooleanField(label=_("check only, import nothing"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ACCEPTED_SUFFIXES:
            raise forms.ValidationError(_("only CSV or XLSX files are accepted (an old .xls: save it as .xlsx)"))
        limit = settings.IMPORT_MAX_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(_("the file is larger than %(limit)s MB") % {"limit": limit})
        if upload.size == 0:
            raise forms.ValidationError(_("the file is empty"))
        return upload


def current_surveys() -> list[Survey]:
    """Each survey code once, in its latest version (by load order), by code."""
    latest: dict[str, Survey] = {}
    for survey in Survey.objects.order_by("code", "-loaded_at", "-pk").only("pk", "code", "title", "version"):
        latest.setdefault(survey.code, survey)
    return list(latest.values())


class EntryStartForm(forms.Form):
    survey = forms.ChoiceField(label=_("survey"))
    unit = forms.ModelChoiceField(label=_("unit"), queryset=Unit.objects.none(), to_field_name="code")

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        survey = self.fields["survey"]
        assert isinstance(survey, forms.ChoiceField)
        survey.choices = [(s.code, s.title) for s in current_surveys()]
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = units.filter(is_active=True, group__isnull=False).order_by("path")
