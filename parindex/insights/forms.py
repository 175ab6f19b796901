"""Forms of the pages where Home Affairs keeps the area mappings and the province's figures."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from parindex.insights.models import AreaMapping, ProvinceStanding
from parindex.insights.names import MappingNames
from parindex.org.models import Unit

SEPARATOR = "|"


def area_choices(names: MappingNames, new_area: bool) -> list[tuple[str, Any]]:
    """Every criteria set's areas, grouped by set: value "set code|area code"; with ``new_area``, each set also
    offers "none: a new area" (value "set code|")."""
    choices: list[tuple[str, Any]] = [("", "—")]
    for framework, label in names.frameworks.items():
        options = [(f"{framework}{SEPARATOR}{code}", name) for code, name in names.areas.get(framework, [])]
        if new_area:
            options.append((f"{framework}{SEPARATOR}", names.area(framework, "")))
        choices.append((label, options))
    return choices


class MappingForm(forms.Form):
    area = forms.ChoiceField(label=_("Area of the new criteria set"))
    previous = forms.ChoiceField(
        label=_("continues this area of the previous set"),
        help_text=_("Several mappings for one area add the previous areas up (merged areas)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = MappingNames.load()
        self.fields["area"].choices = area_choices(names, new_area=False)  # type: ignore[attr-defined]
        self.fields["previous"].choices = area_choices(names, new_area=True)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("area") or not data.get("previous"):
            return data
        framework, _sep, area = str(data["area"]).partition(SEPARATOR)
        previous_framework, _sep, previous_area = str(data["previous"]).partition(SEPARATOR)
        if framework == previous_framework:
            raise forms.ValidationError(_("Choose an area of another criteria set (an earlier one)."))
        self.mapping = AreaMapping(
            framework_code=framework,
            area_code=area,
            previous_framework_code=previous_framework,
            previous_area_code=previous_area,
        )
        exists = AreaMapping.objects.filter(
            framework_code=framework,
            area_code=area,
            previous_framework_code=previous_framework,
            previous_area_code=previous_area,
        ).exists()
        if exists:
            raise forms.ValidationError(_("This mapping is already recorded."))
        return data


class StandingForm(forms.ModelForm):  # type: ignore[type-arg,unused-ignore]
    index = forms.DecimalField(
        label=_("index (%)"), localize=True, max_digits=7, decimal_places=2, min_value=0, max_value=100
    )

    class Meta:
        model = ProvinceStanding
        fields = ["unit", "year", "index", "rank", "ranked_total", "decision", "decided_on"]
        widgets = {
            "year": forms.TextInput(attrs={"inputmode": "numeric"}),
            "rank": forms.TextInput(attrs={"inputmode": "numeric"}),
            "ranked_total": forms.TextInput(attrs={"inputmode": "numeric"}),
            "decided_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        }

    def __init__(self, *args: Any, committees: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = committees
        unit.empty_label = None
