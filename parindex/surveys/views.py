"""The survey pages of the committee: the list, a survey's page, the field dashboard, the results with a chart of each
question's answers, the Excel exports, and the draw of respondents (Home Affairs).

The collection pages (data entry, import, invitations) are :mod:`parindex.surveys.collect_views`; the public form
is :mod:`parindex.surveys.public_views`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from parindex.audit.services import Actor
from parindex.org.models import Unit
from parindex.surveys import charts, dashboard, exports
from parindex.surveys.access import (
    can_run_surveys,
    can_see_personal_data,
    can_see_results,
    get_rw_survey_for_user,
    get_survey_for_user,
    result_units,
    run_units,
)
from parindex.surveys.forms import DrawForm
from parindex.surveys.links import respondent_link
from parindex.surveys.models import Component, Respondent, Response, Sample, Survey
from parindex.surveys.results import survey_results
from parindex.surveys.sampling import SamplingError, draw_sample, quota_label

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    """Every questionnaire (its latest version), with the responses and units drawn in the user's scope."""
    if not can_see_results(request.user):
        raise PermissionDenied
    units = result_units(request.user)
    surveys = Survey.objects.annotate(
        response_count=Count("responses", filter=Q(responses__unit__in=units), distinct=True),
        unit_count=Count("samples", filter=Q(samples__unit__in=units), distinct=True),
    ).order_by("code", "-loaded_at", "-pk")
    latest: dict[str, Survey] = {}
    for survey in surveys:
        latest.setdefault(survey.code, survey)
    context = {"surveys": list(latest.values()), "can_run": can_run_surveys(request.user)}
    return render(request, "surveys/list.html", context)


@login_required
def survey_detail(request: HttpRequest, code: str) -> HttpResponse:
    survey = get_survey_for_user(request.user, code)
    components = Component.objects.filter(survey=survey).annotate(n=Count("questions")).order_by("order")
    versions = Survey.objects.filter(code=survey.code).select_related("loaded_by").order_by("-loaded_at", "-pk")
    context = {
        "survey": survey,
        "components": components,
        "questions": survey.questions.count(),
        "versions": versions,
        "can_run": can_run_surveys(request.user),
    }
    return render(request, "surveys/detail.html", context)


@login_required
def field_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    """Per unit: population, sample size, responses, completion, flags; names, not codes."""
    survey = get_survey_for_user(request.user, code)
    rows = dashboard.field_rows(survey, result_units(request.user))
    context = {
        "survey": survey,
        "rows": rows,
        "totals": dashboard.totals(rows),
        "can_run": can_run_surveys(request.user),
    }
    return render(request, "surveys/dashboard.html", context)


def _result_unit_ids(survey: Survey, units: QuerySet[Unit]) -> set[int]:
    """The units in scope with a response or a respondent."""
    answered = Response.objects.filter(survey=survey, unit__in=units).order_by().values_list("unit_id", flat=True)
    drawn = Respondent.objects.filter(survey=survey, unit__in=units).order_by().values_list("unit_id", flat=True)
    return set(answered.union(drawn))


@login_required
def survey_results_page(request: HttpRequest, code: str) -> HttpResponse:
    """Each unit's value per component and in total, then a bar chart of each question's answers (of one unit when
    one is chosen, else of every unit shown)."""
    survey = get_survey_for_user(request.user, code)
    unit_ids = _result_unit_ids(survey, result_units(request.user))
    results = survey_results(survey, unit_ids)
    chosen = next((r.unit for r in results if r.unit.code == request.GET.get("unit")), None)
    if request.GET.get("unit") and chosen is None:
        raise Http404
    question_charts = charts.distributions(survey, [chosen.pk] if chosen else unit_ids)
    components = list(Component.objects.filter(survey=survey).order_by("order"))
    context = {
        "survey": survey,
        "results": results,
        "components": components,
        "chosen": chosen,
        "charts": question_charts,
    }
    return render(request, "surveys/results.html", context)


@login_required
def results_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    """The results, each question's value, the answers' distribution, the field work and the responses of the
    units in scope; no respondent's personal data."""
    survey = get_survey_for_user(request.user, code)
    units = result_units(request.user)
    unit_ids = _result_unit_ids(survey, units)
    responses = (
        Response.objects.filter(survey=survey, unit_id__in=unit_ids)
        .select_related("unit")
        .only("pk", "channel", "submitted_at", "flags", "unit__code", "unit__name")
        .order_by("unit__code", "pk")
    )
    body = exports.results_xlsx(
        survey,
        survey_results(survey, unit_ids),
        dashboard.field_rows(survey, units),
        charts.distributions(survey, unit_ids),
        list(responses),
    )
    return _xlsx(body, f"ket-qua-{survey.code}.xlsx")


@login_required
def respondents_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    """The field team's list: every respondent drawn (of one unit with ``?unit=``), with the link to the form."""
    survey = get_rw_survey_for_user(request.user, code)
    respondents = (
        Respondent.objects.filter(survey=survey, unit__in=run_units(request.user))
        .select_related("unit")
        .order_by("unit__code", "pk")
    )
    if request.GET.get("unit"):
        respondents = respondents.filter(unit__code=request.GET["unit"])
    chosen = list(respondents)
    links = [
        (
            respondent_link(r, request),
            request.build_absolute_uri(reverse("surveys:respondent-qr", args=[survey.code, r.pk])),
        )
        for r in chosen
    ]
    body = exports.respondents_xlsx(survey, chosen, links, personal=can_see_personal_data(request.user))
    suffix = f"-{request.GET['unit']}" if request.GET.get("unit") else ""
    return _xlsx(body, f"danh-sach-khao-sat-{survey.code}{suffix}.xlsx")


@login_required
def draw(request: HttpRequest, code: str) -> HttpResponse:
    """Draw respondents (Home Affairs): "Preview" shows what the draw gives without keeping it; "Draw" keeps it."""
    survey = get_rw_survey_for_user(request.user, code)
    units = run_units(request.user)
    form = DrawForm(request.POST or None, units=units, margin=survey.margin)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = form.chosen_units()
        try:
            with transaction.atomic():
                drawing = draw_sample(
                    survey,
                    chosen,
                    Actor.of(request.user),
                    period=data["period"],
                    seed=data["seed"] or None,
                    margin=data["margin"],
                    quota_by=data["quota_by"],
                    redraw=data["redraw"],
                )
                if "preview" in request.POST:
                    transaction.set_rollback(True)
        except SamplingError as exc:
            form.add_error(None, str(exc))
        else:
            if "preview" not in request.POST:
                messages.success(
                    request,
                    _("%(drawn)s respondents drawn in %(units)s units (seed %(seed)s).")
                    % {"drawn": drawing.respondents, "units": len(drawing.units), "seed": drawing.seed},
                )
                return HttpResponseRedirect(reverse("surveys:dashboard", args=[survey.code]))
            # The draw the page then keeps is the one previewed: same seed (chosen now if none was given).
            form = DrawForm({**request.POST.dict(), "seed": drawing.seed}, units=units, margin=survey.margin)
            form.is_valid()
            preview = [
                {
                    "unit": entry.unit,
                    "population": entry.population,
                    "size": entry.size,
                    "kept": entry.kept,
                    "quotas": [(quota_label(data["quota_by"], k), v) for k, v in entry.quotas.items()],
                }
                for entry in drawing.units
            ]
    context = {
        "survey": survey,
        "form": form,
        "preview": preview,
        "seed": form.data.get("seed", ""),
        "drawn": Sample.objects.filter(survey=survey, unit__in=units).count(),
    }
    return render(request, "surveys/draw.html", context)
