from __future__ import annotations

from typing import Any

import yaml
from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext as _

from parindex.audit.services import Actor
from parindex.frameworks.services import read_yaml
from parindex.frameworks.spec import SpecError
from parindex.ratings.models import DisciplinaryCase, RatingRuleSet
from parindex.ratings.register import remove_case, save_case
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
        save_case(obj, Actor.of(request.user), _("changed in the administration site"))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        remove_case(obj, Actor.of(request.user), _("deleted in the administration site"))

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for case in queryset.select_related("unit"):
            remove_case(case, Actor.of(request.user), _("deleted in the administration site"))
