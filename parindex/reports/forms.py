"""Forms of the periodic reports' pages: the year filter, sending a report, a review, planning a year and moving a
period's deadline. The file itself is checked by the service (type by content, size), which says what is wrong."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from parindex import review
from parindex.assessments.forms import DATETIME_FORMATS, DATETIME_INPUT
from parindex.org.models import UnitGroup
from parindex.reports.calendar import YEARS


class YearFilterForm(forms.Form):
    year = forms.IntegerField(label=_("year"), required=False, min_value=YEARS[0], max_value=YEARS[1])


class SendReportForm(forms.Form):
    file = forms.FileField(
        label=_("report file"),
        help_text=_("PDF, DOCX, XLSX, JPG or PNG, as signed and issued by the unit."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )
    note = forms.CharField(label=_("note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(review.ReviewForm):
    DECISIONS = [("accept", _("Accept")), ("return", _("Return for correction"))]
    return_needs = _("Say what the unit must correct before returning the report.")

    note = forms.CharField(label=_("note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class GroupChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg,unused-ignore]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=YEARS[0], max_value=YEARS[1])
    groups = GroupChoiceField(
        label=_("unit groups"), queryset=UnitGroup.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    reset = forms.BooleanField(
        label=_("also set the calendar's deadline on periods already planned (deadlines changed by hand are lost)"),
        required=False,
    )

    def __init__(self, *args: Any, groups: QuerySet[UnitGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["groups"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = groups


class DeadlineForm(forms.Form):
    deadline = forms.DateTimeField(label=_("deadline"), input_formats=DATETIME_FORMATS, widget=DATETIME_INPUT)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def clean_deadline(self) -> datetime:
        deadline: datetime = self.cleaned_data["deadline"]
        return deadline.replace(second=0, microsecond=0)
