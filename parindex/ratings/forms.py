"""The disciplinary cases register's form. Rule sets are edited as YAML in the admin (``admin.RuleSetForm``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.org.models import Unit
from parindex.ratings.models import DisciplinaryCase


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg,unused-ignore]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class DisciplinaryCaseForm(forms.ModelForm):  # type: ignore[type-arg,unused-ignore]  # no [] at run time
    """One case, for a unit the user keeps the register of. Editing an existing case needs a reason."""

    reason = forms.CharField(
        label=_("reason for the change"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )

    class Meta:
        model = DisciplinaryCase
        fields = ["unit", "decided_on", "decision_number", "kind", "official", "summary"]
        field_classes = {"unit": UnitChoiceField}
        widgets = {
            "decided_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = units.order_by("path")
        decided_on = self.fields["decided_on"]
        assert isinstance(decided_on, forms.DateField)
        decided_on.input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        self.fields["decision_number"].help_text = _("As written on the decision, e.g. 125/QĐ-UBND.")
        if self.instance.pk is not None:
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]

    def clean_decided_on(self) -> Any:
        decided_on = self.cleaned_data["decided_on"]
        if decided_on > timezone.localdate():
            raise forms.ValidationError(_("must not be in the future"))
        return decided_on

    def clean_decision_number(self) -> str:
        return " ".join(str(self.cleaned_data["decision_number"]).split())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit, number = data.get("unit"), data.get("decision_number")
        if unit is not None and number:
            others = DisciplinaryCase.objects.filter(unit=unit)
            if self.instance.pk is not None:
                others = others.exclude(pk=self.instance.pk)
            # Compared in Python: SQLite folds the case of ASCII letters only, and "QĐ" is typed as "qđ" too.
            if any(n.casefold() == number.casefold() for n in others.values_list("decision_number", flat=True)):
                self.add_error(
                    "decision_number",
                    _("decision %(number)s is already in the register for %(unit)s")
                    % {"number": number, "unit": unit.name},
                )
        return data


class RegisterFilterForm(forms.Form):
    """The register page's filters: a year of decision and a unit (code or part of the name)."""

    year = forms.IntegerField(label=_("year"), required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label=_("unit"), required=False, max_length=100)
