"""The effort marks form: one choice per sub-criterion of the campaign's criteria set."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parindex.frameworks.models import Criterion
from parindex.gaps.models import Effort

CHOICES = [("", _("Not marked")), *Effort.choices]


class EffortForm(forms.Form):
    """A field ``effort_<leaf id>`` per leaf; ``changed_marks()`` gives the marks that differ from the stored ones."""

    reason = forms.CharField(label=_("Note for the record (optional)"), required=False, max_length=2000)

    def __init__(self, leaves: Sequence[Criterion], marks: dict[int, str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.leaves = list(leaves)
        self.marks = marks
        for leaf in self.leaves:
            self.fields[self.field_name(leaf)] = forms.ChoiceField(
                label=leaf.name, choices=CHOICES, required=False, initial=marks.get(leaf.pk, "")
            )

    @staticmethod
    def field_name(leaf: Criterion) -> str:
        return f"effort_{leaf.pk}"

    def changed_marks(self) -> dict[int, str]:
        return {
            leaf.pk: self.cleaned_data[self.field_name(leaf)]
            for leaf in self.leaves
            if self.cleaned_data[self.field_name(leaf)] != self.marks.get(leaf.pk, "")
        }

    def bound_rows(self) -> list[tuple[Criterion, forms.BoundField]]:
        return [(leaf, self[self.field_name(leaf)]) for leaf in self.leaves]
