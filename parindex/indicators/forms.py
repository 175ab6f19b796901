"""The upload form of the operational exports, and the dashboard's filters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from parindex.indicators.imports import mappings
from parindex.indicators.models import ImportBatch, Indicator

ACCEPTED = (".csv", ".txt", ".xlsx")


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind of data"), choices=ImportBatch.Kind.choices)
    file = forms.FileField(
        label=_("export file"), help_text=_("CSV (any encoding Excel writes) or XLSX, as the software exports it.")
    )
    mapping = forms.ChoiceField(label=_("column mapping"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["mapping"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("detect from the header")), ("canonical", _("canonical format"))] + [
            (m.code, m.name) for m in mappings()
        ]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ACCEPTED:
            raise forms.ValidationError(_("only CSV or XLSX files are accepted (an old .xls: save it as .xlsx)"))
        limit = settings.IMPORT_MAX_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(_("the file is larger than %(limit)s MB") % {"limit": limit})
        if upload.size == 0:
            raise forms.ValidationError(_("the file is empty"))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code, kind = data.get("mapping"), data.get("kind")
        if code and code != "canonical" and kind and code not in {m.code for m in mappings(kind)}:
            self.add_error("mapping", _("this column mapping is for another kind of data"))
        return data


class DashboardFilter(forms.Form):
    year = forms.TypedChoiceField(label=_("year"), coerce=int, required=False)
    indicator = forms.ChoiceField(label=_("indicator"), choices=Indicator.choices, required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(y, str(y)) for y in years]
