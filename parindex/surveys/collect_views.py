"""Collecting responses on the staff side: the upload of a KoboToolbox / ODK Central export, the fast typing of
paper forms, and the respondents' invitations (one-time link and QR code). Home Affairs staff and administrators only
(:mod:`parindex.surveys.access`); the public form is :mod:`parindex.surveys.public_views`."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.surveys.access import (
    can_see_personal_data,
    get_collect_unit_for_user,
    get_respondent_for_user,
    get_rw_survey_for_user,
    run_units,
)
from parindex.surveys.collect_forms import EntryStartForm, ResponsesUploadForm
from parindex.surveys.imports import check_file, import_file
from parindex.surveys.links import qr_data_uri, qr_svg, respondent_link
from parindex.surveys.models import Question, Respondent, Response, Sample, Survey
from parindex.surveys.responses import InvalidAnswers, Questionnaire, flag_label, record_typed_response, rescore
from parindex.tabular import ImportRejected, RowProblem


def _allowed_units(request: HttpRequest) -> set[int] | None:
    if getattr(request.user, "is_superuser", False):
        return None
    return set(run_units(request.user).values_list("pk", flat=True))


@login_required
@require_http_methods(["GET", "POST"])
def import_responses(request: HttpRequest, code: str) -> HttpResponse:
    """Upload an export: checked whole, every bad row listed; imported only when every row is right."""
    survey = get_rw_survey_for_user(request.user, code)
    form = ResponsesUploadForm(request.POST or None, request.FILES or None)
    problems: list[RowProblem] = []
    notes: list[str] = []
    checked: dict[str, int] | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / ("export" + Path(upload.name).suffix.lower())
            with open(path, "wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            try:
                if form.cleaned_data["check_only"]:
                    result = check_file(survey, path, _allowed_units(request))
                    notes = result.notes
                    checked = {
                        "responses": len(result.drafts),
                        "replacing": result.replacing,
                        "flagged": sum(1 for d in result.drafts if d.flags),
                        "units": len({d.unit_id for d in result.drafts}),
                    }
                else:
                    actor = Actor.of(request.user)
                    done = import_file(survey, path, actor, _allowed_units(request), filename=upload.name)
                    rescore([survey.code], actor, _("survey responses imported"), done.saved.unit_ids)
                    for note in done.notes:
                        messages.warning(request, note)
                    messages.success(
                        request,
                        _("Imported %(count)s responses (%(created)s new, %(replaced)s replaced, %(flagged)s flagged).")
                        % {
                            "count": done.saved.created + done.saved.replaced,
                            "created": done.saved.created,
                            "replaced": done.saved.replaced,
                            "flagged": done.saved.flagged,
                        },
                    )
                    return HttpResponseRedirect(reverse("surveys:import", args=[survey.code]))
            except ImportRejected as exc:
                problems = exc.problems
    history = AuditEntry.objects.filter(
        action=Action.SURVEY_RESPONSES_IMPORTED,
        object_type=Survey.audit_type,
        object_id__in=[str(pk) for pk in Survey.objects.filter(code=survey.code).values_list("pk", flat=True)],
    ).order_by("-id")[:20]
    context = {
        "survey": survey,
        "form": form,
        "problems": problems,
        "notes": notes,
        "checked": checked,
        "history": history,
    }
    return render(request, "surveys/collect/import.html", context)


@login_required
def entry_start(request: HttpRequest) -> HttpResponse:
    """Choose the survey and the unit, then type the forms one after another."""
    form = EntryStartForm(request.GET or None, units=run_units(request.user))
    if request.GET and form.is_valid():
        unit = form.cleaned_data["unit"]
        return HttpResponseRedirect(reverse("surveys:entry", args=[form.cleaned_data["survey"], unit.code]))
    return render(request, "surveys/collect/entry_start.html", {"form": form})


@dataclass
class EntryRow:
    """One row of the typing form: a question (numbered) or a note."""

    question: Question
    number: int | None
    choices: list[tuple[int, str, str]] = field(default_factory=list)  # (number, name, label)
    value: str = ""
    error: str = ""

    @property
    def field_name(self) -> str:
        return "q-" + self.question.name

    @property
    def input_mode(self) -> str:
        return "numeric" if self.question.is_select or self.question.type == "integer" else "text"


def _entry_rows(questionnaire: Questionnaire, values: dict[str, str], problems: dict[str, str]) -> list[EntryRow]:
    rows = []
    number = 0
    for question in questionnaire.items:
        if question.type == "note":
            rows.append(EntryRow(question, None))
        elif question.name in questionnaire.by_name:
            number += 1
            choices = [(i, c.name, c.label or c.name) for i, c in enumerate(questionnaire.choices(question), 1)]
            row = EntryRow(question, number, choices if question.is_select else [])
            row.value, row.error = values.get(question.name, ""), problems.get(question.name, "")
            rows.append(row)
    return rows


def _today_start() -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


def entry_counts(survey: Survey, unit_id: int, user: Any) -> dict[str, int | None]:
    """The running counts beside the typing form (one query, plus one for the unit's sample size)."""
    start = _today_start()
    counts = Response.objects.filter(survey__code=survey.code).aggregate(
        mine_today=Count("pk", filter=Q(entered_by=user, channel=Response.Channel.ENTRY, created_at__gte=start)),
        unit_today=Count("pk", filter=Q(unit_id=unit_id, created_at__gte=start)),
        unit_total=Count("pk", filter=Q(unit_id=unit_id)),
    )
    counts["sample"] = Sample.objects.filter(survey=survey, unit_id=unit_id).values_list("size", flat=True).first()
    return counts


@login_required
@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, code: str, unit: str) -> HttpResponse:
    """Type paper forms, one after another, with the keyboard only: each answer by its number; Tab or Enter moves
    on; the last Enter saves and a blank form comes back."""
    survey = get_rw_survey_for_user(request.user, code)
    target = get_collect_unit_for_user(request.user, unit)
    questionnaire = Questionnaire(survey)
    values: dict[str, str] = {}
    problems: dict[str, str] = {}
    form_number = ""
    if request.method == "POST":
        values = {name: request.POST.get("q-" + name, "") for name in questionnaire.by_name}
        form_number = request.POST.get("form_number", "")[:100]
        try:
            response = record_typed_response(survey, target, values, Actor.of(request.user), form_number)
        except InvalidAnswers as exc:
            problems = exc.problems
        else:
            rescore([survey.code], Actor.of(request.user), _("survey form typed"), [target.pk])
            saved = _("Form %(number)s saved.") % {"number": form_number} if form_number else _("Form saved.")
            if response.flags:
                saved += " " + _("Flagged for review: %(flags)s.") % {
                    "flags": ", ".join(flag_label(f) for f in response.flags)
                }
            messages.success(request, saved)
            return HttpResponseRedirect(request.path)
    context = {
        "survey": survey,
        "unit": target,
        "rows": _entry_rows(questionnaire, values, problems),
        "form_number": form_number,
        "form_number_error": problems.get("form_number", ""),
        "form_error": problems.get("", ""),
        "has_errors": bool(problems),
        "counts": entry_counts(survey, target.pk, request.user),
    }
    return render(request, "surveys/collect/entry.html", context, status=400 if problems else 200)


@login_required
def invitations(request: HttpRequest, code: str, unit: str) -> HttpResponse:
    """The unit's respondents with their one-time link and QR code, to print and hand out (names only for Home
    Affairs staff)."""
    survey = get_rw_survey_for_user(request.user, code)
    target = get_collect_unit_for_user(request.user, unit)
    respondents = list(Respondent.objects.filter(survey=survey, unit=target).order_by("pk"))
    cards = [
        {
            "respondent": respondent,
            "link": (link := respondent_link(respondent, request)),
            "qr": qr_data_uri(link),
        }
        for respondent in respondents
    ]
    context = {
        "survey": survey,
        "unit": target,
        "cards": cards,
        "personal": can_see_personal_data(request.user),
        "answered": sum(1 for r in respondents if r.token_used_at is not None),
    }
    return render(request, "surveys/collect/invitations.html", context)


@login_required
def respondent_qr(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """One respondent's QR code as an SVG file (for a letter or a poster)."""
    survey = get_rw_survey_for_user(request.user, code)
    respondent = get_respondent_for_user(request.user, survey, pk)
    response = HttpResponse(qr_svg(respondent_link(respondent, request), scale=8), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="{survey.code}-{respondent.pk}.svg"'
    response["Cache-Control"] = "private, no-store"
    return response
