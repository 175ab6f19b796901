"""Survey results (the sociological survey's values per unit and component) of the units in the user's scope."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router

from parindex.api.schemas import ERRORS, SurveyOut, SurveyResultsOut
from parindex.surveys.access import can_see_results, get_survey_for_user, result_units
from parindex.surveys.models import Respondent, Response, Survey
from parindex.surveys.output import to_json
from parindex.surveys.results import survey_results

router = Router(tags=["surveys"])


@router.get("", response={200: list[SurveyOut], **ERRORS}, summary="Surveys (each one's latest version)")
def survey_list(request: HttpRequest) -> Any:
    if not can_see_results(request.user):
        raise PermissionDenied
    latest: dict[str, Survey] = {}
    for survey in Survey.objects.order_by("code", "-loaded_at", "-pk"):
        latest.setdefault(survey.code, survey)
    return [
        {"code": s.code, "version": s.version, "title": s.title, "min_sample": s.min_sample} for s in latest.values()
    ]


@router.get(
    "/{code}/results",
    response={200: SurveyResultsOut, **ERRORS},
    summary="A survey's results per unit and component",
    description="The same figures as `parindex survey-results --format json`, for the units in the token's scope "
    "with a response or a respondent; never a respondent's personal data.",
)
def survey_result_list(request: HttpRequest, code: str) -> Any:
    survey = get_survey_for_user(request.user, code)
    units = result_units(request.user)
    answered = Response.objects.filter(survey=survey, unit__in=units).order_by().values_list("unit_id", flat=True)
    drawn = Respondent.objects.filter(survey=survey, unit__in=units).order_by().values_list("unit_id", flat=True)
    return json.loads(to_json(survey, survey_results(survey, set(answered.union(drawn)))))
