"""Forms of the survey pages run by Home Affairs: the draw of respondents, and the unit filter of the results."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.org.models import Unit, UnitGroup
from parindex.surveys.models import Sample
from parindex.surveys.sampling import PERIOD_RE


class DrawForm(forms.Form):
    """Which units, whose dossiers, how: the same choices as ``parindex draw-sample``."""

    group = forms.ModelChoiceField(
        label=_("Unit group"),
        queryset=UnitGroup.objects.all(),
        required=False,
        empty_label=_("Every assessed unit"),
    )
    unit = forms.ModelChoiceField(label=_("Or one unit"), queryset=Unit.objects.none(), required=False, empty_label="—")
    period = forms.CharField(
        label=_("Dossiers resolved in"), max_length=10, help_text=_("A year (2026), a quarter (2026-Q3) or a month.")
    )
    margin = forms.DecimalField(
        label=_("Margin of error"),
        min_value=Decimal(0),
        max_value=Decimal("0.999"),
        decimal_places=3,
        localize=True,
        help_text=_("0,05 for 5 %: n = N / (1 + N·e²)."),
    )
    quota_by = forms.ChoiceField(label=_("Quotas"), choices=Sample.QuotaBy.choices, required=False)
    seed = forms.CharField(
        label=_("Seed"),
        max_length=50,
        required=False,
        help_text=_("Empty: chosen at random and recorded. The same seed draws the same people."),
    )
    redraw = forms.BooleanField(
        label=_("Draw again the units already drawn (only while none of their respondents has answered)"),
        required=False,
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], margin: Decimal, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"period": str(timezone.localdate().year), "margin": margin})
        super().__init__(*args, **kwargs)
        self.units = units
        self.fields["unit"].queryset = units.order_by("code")  # type: ignore[attr-defined]
        self.fields["unit"].label_from_instance = lambda unit: unit.name  # type: ignore[attr-defined]

    def clean_period(self) -> str:
        period = self.cleaned_data["period"].strip()
        if not PERIOD_RE.match(period):
            raise forms.ValidationError(_("A year (2026), a quarter (2026-Q3) or a month (2026-09)."))
        return period

    def chosen_units(self) -> list[Unit]:
        """One unit, a group's units, or every assessed unit, within the user's scope."""
        if self.cleaned_data.get("unit"):
            return [self.cleaned_data["unit"]]
        units = self.units.filter(is_active=True, group__isnull=False).order_by("code")
        if self.cleaned_data.get("group"):
            units = units.filter(group=self.cleaned_data["group"])
        return list(units)


class QuestionnaireUploadForm(forms.Form):
    """An XLSForm to load, as Home Affairs received or wrote it (the same file deploys on KoboToolbox / ODK Central)."""

    file = forms.FileField(label=_("Questionnaire (XLSForm, .xlsx)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an Excel file (.xlsx) written as an XLSForm."))
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload
