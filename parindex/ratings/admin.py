from __future__ import annotations

from typing import Any

import yaml
from django import forms
from django.contrib import admin
from django.http import HttpRequest

from parindex.audit.models import Action
from parindex.audit.services import Actor, Change, record
from parindex.frameworks.services import read_yaml
from parindex.frameworks.spec import SpecError
from parindex.ratings.models import DisciplinaryCase, RatingRuleSet
from parindex.ratings.services import install_rule_set
from parindex.ratings.spec import parse_rule_set


class RuleSetForm(forms.ModelForm):  # type: ignore[type-arg,unused-ignore]
    """The rule set edited as its YAML, checked by the same validator as ``load-rating-rules``."""

    text = forms.CharField(label="YAML", widget=forms.Textarea(attrs={"rows": 24, "cols": 100}))

    class Meta:
        model = RatingRuleSet
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["text"].initial = yaml.safe_dump(self.instance.source, allow_unicode=True, sort_keys=False)

    def clean_text(self) -> str:
        text = str(self.cleaned_data["text"])
        try:
            self.parsed = parse_rule_set(read_yaml(text))
        except SpecError as exc:
            raise forms.ValidationError([str(p) for p in exc.problems]) from None
        return text


@admin.register(RatingRuleSet)
class RatingRuleSetAdmin(admin.ModelAdmin):  # type: ignore[type-arg,unused-ignore]
    form = RuleSetForm
    list_display = ["code", "name", "is_sample", "loaded_at"]
    readonly_fields = ["code", "name", "is_sample", "loaded_at"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        rules, meta = form.parsed
        stored, _outcome = install_rule_set(rules, meta, Actor.of(request.user))
        obj.pk = stored.pk


@admin.register(DisciplinaryCase)
class DisciplinaryCaseAdmin(admin.ModelAdmin):  # type: ignore[type-arg,unused-ignore]
    list_display = ["decided_on", "decision_number", "unit", "kind", "official"]
    list_filter = ["kind", "decided_on"]
    search_fields = ["decision_number", "unit__code", "unit__name", "official"]
    exclude = ["created_by"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = {name: str(form.initial.get(name)) for name in form.changed_data} if change else None
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        after = {name: str(form.cleaned_data.get(name)) for name in form.changed_data}
        change_entry = Change(
            Action.DISCIPLINE_CHANGED, "discipline", obj.pk, str(obj), before, after, unit_id=obj.unit_id
        )
        record(Actor.of(request.user), change_entry)
