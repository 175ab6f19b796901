"""Forms of the campaign pages; every message is in the user's language and names the field at fault."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from parindex.assessments.models import Campaign
from parindex.assessments.services import possible_owners
from parindex.frameworks.models import Criterion, Framework
from parindex.org.models import Membership, Role, Unit, UnitGroup
from parindex.scoring.numbers import quantize_points, to_decimal

# The browser's own date-time picker; values are read in the server's zone (Asia/Ho_Chi_Minh).
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]
CALENDAR = ["self_opens_at", "self_closes_at", "round1_ends_at", "explanation_closes_at", "round2_ends_at"]


class PointsField(forms.CharField):
    """Points as officers type them: 0,5 or 0.5 (never 5 by taking the dot for a thousands separator)."""

    def __init__(self, *, max_digits: int | None = None, decimal_places: int | None = None, **kwargs: Any) -> None:
        # The model's DecimalField passes its digits; the database still bounds the value.
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            points = to_decimal(text)
        except ValueError:
            raise forms.ValidationError(_("“%(value)s” is not a number"), params={"value": text}) from None
        if points < 0:
            raise forms.ValidationError(_("must not be negative"))
        return quantize_points(points)


class CampaignSettingsForm(forms.ModelForm):  # type: ignore[type-arg,unused-ignore]  # no [] at run time
    """The calendar and the lateness policy of a campaign; dates must follow one another."""

    class Meta:
        model = Campaign
        fields = [
            "name",
            *CALENDAR,
            "publish_on",
            "zero_if_not_self_assessed",
            "late_deduction",
            "unrank_if_not_submitted",
            "rating_rules",
        ]
        field_classes = {"late_deduction": PointsField}
        widgets = {
            **dict.fromkeys(CALENDAR, DATETIME_INPUT),
            "publish_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in CALENDAR:
            field = self.fields[name]
            assert isinstance(field, forms.DateTimeField)
            field.input_formats = DATETIME_FORMATS
            field.required = True
        publish = self.fields["publish_on"]
        assert isinstance(publish, forms.DateField)
        publish.input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        deduction = self.fields["late_deduction"]
        deduction.help_text = _("0 for no deduction.")
        deduction.widget.attrs.update({"inputmode": "decimal", "size": 6})
        if self.instance.pk is not None and not self.is_bound:
            self.initial["late_deduction"] = number_format(self.instance.late_deduction, decimal_pos=2)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        previous: tuple[str, datetime] | None = None
        for name in CALENDAR:
            moment = data.get(name)
            if moment is None:
                continue
            if previous is not None and moment < previous[1]:
                self.add_error(
                    name,
                    _("must not be before “%(previous)s”") % {"previous": self.fields[previous[0]].label},
                )
            previous = (name, moment)
        if data.get("self_opens_at") and data.get("self_closes_at") and data["self_opens_at"] >= data["self_closes_at"]:
            self.add_error("self_closes_at", _("must be after the opening of self-assessment"))
        publish_on, last = data.get("publish_on"), data.get("round2_ends_at")
        if publish_on and last and publish_on < timezone.localtime(last).date():
            self.add_error("publish_on", _("must not be before the end of appraisal round 2"))
        if data.get("late_deduction") is None and "late_deduction" not in self.errors:
            data["late_deduction"] = Decimal(0)
        return data


class NewCampaignForm(CampaignSettingsForm):
    """A new campaign: which set, which group, its code and year, then the calendar and policy."""

    code = forms.SlugField(label=_("code"), max_length=50, help_text=_("Short, unique, e.g. cchc-2025-xa."))
    framework = forms.ModelChoiceField(label=_("criteria set"), queryset=Framework.objects.none())
    group = forms.ModelChoiceField(label=_("unit group"), queryset=UnitGroup.objects.order_by("name"))
    year = forms.IntegerField(label=_("year"), min_value=2000, max_value=2100)
    owner = forms.ModelChoiceField(
        label=_("running unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("The nearest unit above every unit of the group"),
        help_text=_("The committee that runs the campaign; it is above every unit of the group."),
    )

    field_order = ["code", "framework", "group", "year", "owner", "name"]

    def __init__(self, *args: Any, managed: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        """``managed``: the units the person runs (Home Affairs or administrator scope); the running unit is one of
        them that is above every unit of some group."""
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        owner_field = self.fields["owner"]
        assert isinstance(owner_field, forms.ModelChoiceField)
        owner_field.queryset = possible_owners(managed if managed is not None else Unit.objects.none())
        # Only the newest version of each set is offered: older versions stay with the campaigns that used them.
        newest: dict[str, int] = {}
        for framework in Framework.objects.order_by("code", "-version"):
            newest.setdefault(framework.code, framework.pk)
        framework_field = self.fields["framework"]
        assert isinstance(framework_field, forms.ModelChoiceField)
        framework_field.queryset = Framework.objects.filter(pk__in=newest.values()).order_by("name")

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"])
        if Campaign.objects.filter(code=code).exists():
            raise forms.ValidationError(_("A campaign with this code already exists."))
        return code


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class PublishForm(forms.Form):
    """The publication date: the calendar's, or the date of the decision that publishes the results."""

    publish_on = forms.DateField(
        label=_("publication date"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "size": 10}),
        help_text=_("Written as dd/mm/yyyy: the date of the decision that publishes the results."),
    )


class ExceptionForm(forms.Form):
    until = forms.DateTimeField(label=_("new deadline"), input_formats=DATETIME_FORMATS, widget=DATETIME_INPUT)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def clean_until(self) -> datetime:
        until: datetime = self.cleaned_data["until"]
        if until <= timezone.now():
            raise forms.ValidationError(_("The new deadline must be in the future."))
        return until


class AssignmentForm(forms.Form):
    """One appraiser's share of a campaign: whole units and/or areas (in every unit)."""

    user = forms.ModelChoiceField(label=_("appraiser"), queryset=get_user_model().objects.none())
    units = forms.ModelMultipleChoiceField(
        label=_("units"), queryset=Unit.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("areas (in every unit)"),
        queryset=Criterion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, campaign: Campaign, *args: Any, managed: QuerySet[Unit], **kwargs: Any) -> None:
        """``managed``: the units the manager's scope covers; only appraisers and units within it are offered."""
        super().__init__(*args, **kwargs)
        ancestors = {a for unit in campaign.units() for a in unit.ancestor_ids()}
        appraisers = Membership.objects.filter(
            role=Role.APPRAISER, unit_id__in=ancestors, unit__in=managed.values("pk")
        ).values("user_id")
        user_field = self.fields["user"]
        assert isinstance(user_field, forms.ModelChoiceField)
        user_field.queryset = get_user_model().objects.filter(pk__in=appraisers).order_by("username")
        user_field.label_from_instance = lambda u: u.get_full_name() or u.get_username()  # type: ignore[method-assign,assignment]
        units_field = self.fields["units"]
        assert isinstance(units_field, forms.ModelMultipleChoiceField)
        units_field.queryset = campaign.units().filter(pk__in=managed.values("pk")).order_by("code")
        areas_field = self.fields["areas"]
        assert isinstance(areas_field, forms.ModelMultipleChoiceField)
        areas_field.queryset = campaign.framework.criteria.filter(depth=1).order_by("position")
