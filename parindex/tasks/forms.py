"""Forms of the assigned tasks' pages; every message is in the user's language and names the field at fault."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from parindex import review
from parindex.assessments.forms import DATETIME_FORMATS, DATETIME_INPUT
from parindex.org.models import Unit
from parindex.tasks.models import Task, TaskReport, TaskUnit
from parindex.tasks.services import TaskInput, check_task

ACCEPT = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg,unused-ignore]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class UnitsChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg,unused-ignore]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class TaskForm(forms.Form):
    """A task with its source document, content, deadline and units; a change to an existing task needs a reason."""

    code = forms.CharField(label=_("task code"), max_length=50, help_text=_("e.g. NV-2026-015"))
    document_number = forms.CharField(
        label=_("document number"), max_length=100, help_text=_("As written on the document, e.g. 125/KH-UBND.")
    )
    document_date = forms.DateField(
        label=_("document date"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    signer = forms.CharField(label=_("signed by"), max_length=200, required=False)
    issuer = UnitChoiceField(label=_("assigned by"), queryset=Unit.objects.none())
    content = forms.CharField(label=_("content"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
    deadline = forms.DateTimeField(
        label=_("completion deadline"),
        input_formats=DATETIME_FORMATS,
        widget=DATETIME_INPUT,
        help_text=_("Vietnam time. A deadline is usually 17:00 of its day."),
    )
    lead = UnitChoiceField(label=_("unit in charge"), queryset=Unit.objects.none())
    coordinating = UnitsChoiceField(
        label=_("coordinating units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl to choose several."),
    )
    reason = forms.CharField(
        label=_("reason for the change"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )

    def __init__(self, *args: Any, issuers: QuerySet[Unit], task: Task | None = None, **kwargs: Any) -> None:
        self.task = task
        if task is not None and "initial" not in kwargs:
            parts = list(task.units.select_related("unit"))
            kwargs["initial"] = {
                "code": task.code,
                "document_number": task.document_number,
                "document_date": task.document_date,
                "signer": task.signer,
                "issuer": task.issuer_id,
                "content": task.content,
                "deadline": task.deadline,
                "lead": next((p.unit_id for p in parts if p.role == TaskUnit.Role.LEAD), None),
                "coordinating": [p.unit_id for p in parts if p.role == TaskUnit.Role.COORDINATE],
            }
        super().__init__(*args, **kwargs)
        # Tasks go to units within the person's scope (``issuers``); units already on the task stay offered.
        current = [p.unit_id for p in task.units.all()] if task is not None else []
        units = Unit.objects.filter(Q(pk__in=issuers.values("pk")) | Q(pk__in=current), is_active=True).order_by("path")
        self._set_queryset("issuer", issuers.order_by("path"))
        self._set_queryset("lead", units)
        self._set_queryset("coordinating", units)
        if task is not None:
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]

    def _set_queryset(self, name: str, queryset: QuerySet[Unit]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip()
        others = Task.objects.filter(code=code)
        if self.task is not None:
            others = others.exclude(pk=self.task.pk)
        if others.exists():
            raise forms.ValidationError(_("Task code %(code)s is already used by another task."), params={"code": code})
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lead, coordinating = data.get("lead"), list(data.get("coordinating") or [])
        if lead is not None and lead in coordinating:
            self.add_error("coordinating", _("The unit in charge is not also a coordinating unit."))
            return data
        needed = ("code", "document_number", "document_date", "issuer", "content", "deadline", "lead")
        if all(data.get(name) for name in needed):
            for problem in check_task(self.task_input(), self.task):
                self.add_error(None, problem)
        return data

    def task_input(self) -> TaskInput:
        data = self.cleaned_data
        return TaskInput(
            code=data["code"],
            document_number=data["document_number"],
            document_date=data["document_date"],
            signer=data.get("signer") or "",
            issuer=data["issuer"],
            content=data["content"],
            deadline=data["deadline"],
            lead=data["lead"],
            coordinating=tuple(data.get("coordinating") or ()),
        )


class ReportForm(forms.Form):
    """A unit's report on its part of a task: progress or completion, what was done, and a file."""

    kind = forms.ChoiceField(label=_("kind of report"), choices=TaskReport.Kind.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("what has been done"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
    file = forms.FileField(
        label=_("file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, DOCX, XLSX, JPG or PNG. A completion report usually attaches the result."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = TaskReport.Kind.PROGRESS


class ReviewForm(review.ReviewForm):
    """The assigning office's answer to a completion report; returning it needs a note."""

    return_needs = _("Say why the report is returned: the unit reads it before sending a new one.")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("task list (XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        help_text=_("The first sheet, with the columns listed below. All rows or none: a bad row writes nothing."),
    )


class TaskFilterForm(forms.Form):
    """The register's filters: a status and a year of deadline."""

    status = forms.ChoiceField(label=_("status"), required=False, choices=[("", _("all")), *TaskUnit.Status.choices])
    year = forms.TypedChoiceField(label=_("year of the deadline"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("all")), *((y, str(y)) for y in years)]
