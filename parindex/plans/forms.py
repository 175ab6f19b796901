"""Forms of the improvement plans' pages; every message is in the user's language and names the field at fault."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parindex import review
from parindex.assessments.templatetags.scores import points
from parindex.frameworks.models import Criterion
from parindex.plans.losses import Loss
from parindex.plans.models import PlanAction
from parindex.plans.services import ActionInput

ACCEPT = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"


class ActionForm(forms.Form):
    """One action: the leaf (among those the unit lost points on), what will be done, who, by which day."""

    leaf = forms.TypedChoiceField(
        label=_("sub-criterion"),
        coerce=int,
        error_messages={"invalid_choice": _("Choose one of the sub-criteria where the unit lost points.")},
    )
    what = forms.CharField(label=_("planned action"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    person = forms.CharField(
        label=_("person in charge"), max_length=200, help_text=_("Name and position, e.g. Phạm Thị Lan, công chức VP.")
    )
    deadline = forms.DateField(
        label=_("completion deadline"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The action is due by 17:00 of that day."),
    )

    def __init__(self, *args: Any, losses: list[Loss], action: PlanAction | None = None, **kwargs: Any) -> None:
        if action is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "leaf": action.criterion_id,
                "what": action.what,
                "person": action.person,
                "deadline": action.deadline,
            }
        super().__init__(*args, **kwargs)
        self.leaves: dict[int, Criterion] = {loss.leaf.pk: loss.leaf for loss in losses}
        field = self.fields["leaf"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            (
                loss.leaf.pk,
                _("%(code)s %(name)s (%(lost)s points lost)")
                % {"code": loss.leaf.display_code, "name": loss.leaf.name[:120], "lost": points(loss.lost)},
            )
            for loss in losses
        ]

    def action_input(self) -> ActionInput:
        data = self.cleaned_data
        return ActionInput(
            leaf=self.leaves[data["leaf"]], what=data["what"], person=data["person"], deadline=data["deadline"]
        )


class ReviewForm(review.ReviewForm):
    """Home Affairs' answer to a plan or a completion report; returning it needs a note."""

    return_needs = _("Say why it is returned: the unit reads it before sending it again.")


class ReportForm(forms.Form):
    """The unit's report that an action is done, with its evidence file."""

    text = forms.CharField(label=_("what was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000)
    file = forms.FileField(
        label=_("evidence of completion"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, DOCX, XLSX, JPG or PNG."),
    )
