"""Who sees which survey, its results and its respondents, and who runs it.

Home Affairs staff and administrators run surveys (load questionnaires, draw samples, type and import responses).
The committee's readers (Home Affairs, administrators, appraisers, leaders) see the results of the units in their
scope. Respondents' personal data (name, phone, dossier reference) are seen by Home Affairs staff only, never
exported with the results. The public form is reached by a respondent's one-time token, without an account.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from parindex.org.access import AnyUser, holds_any_role, units_for_user
from parindex.org.models import MANAGER_ROLES, OVERSIGHT_ROLES, Role, Unit
from parindex.surveys.models import Respondent, Survey

RUN_ROLES = MANAGER_ROLES
PERSONAL_DATA_ROLES = (Role.HOME_AFFAIRS,)


def can_run_surveys(user: AnyUser) -> bool:
    """Load questionnaires, draw samples, type and import responses."""
    return holds_any_role(user, RUN_ROLES)


def can_see_results(user: AnyUser) -> bool:
    return holds_any_role(user, OVERSIGHT_ROLES)


def can_see_personal_data(user: AnyUser) -> bool:
    """Respondents' names, phones and dossier references: Home Affairs staff (and superusers) only."""
    return holds_any_role(user, PERSONAL_DATA_ROLES)


def result_units(user: AnyUser) -> QuerySet[Unit]:
    """The units whose survey figures the user may read."""
    if not can_see_results(user):
        raise PermissionDenied
    return units_for_user(user, OVERSIGHT_ROLES)


def run_units(user: AnyUser) -> QuerySet[Unit]:
    """The units the user may collect responses for."""
    if not can_run_surveys(user):
        raise PermissionDenied
    return units_for_user(user, RUN_ROLES)


def latest_survey(code: str) -> Survey | None:
    """The latest version (by load order) of the survey with ``code``."""
    return Survey.objects.filter(code=code).order_by("-loaded_at", "-pk").first()


def get_survey_for_user(user: AnyUser, code: str) -> Survey:
    """The latest version of a survey whose results the user may read; 404 if there is none, 403 without a right."""
    if not can_see_results(user):
        raise PermissionDenied
    survey = latest_survey(code)
    if survey is None:
        raise Http404
    return survey


def get_rw_survey_for_user(user: AnyUser, code: str) -> Survey:
    """The latest version of a survey the user may run (sample, type, import); 404 / 403 as above."""
    if not can_run_surveys(user):
        raise PermissionDenied
    survey = latest_survey(code)
    if survey is None:
        raise Http404
    return survey


def get_respondent_for_token(token: str) -> Respondent:
    """The respondent of a one-time link (no account needed); 404 for an unknown token. Whether the link was already
    used is the form's business (it says so instead of a bare 404)."""
    try:
        return Respondent.objects.select_related("survey", "unit").get(token=token)
    except Respondent.DoesNotExist:
        raise Http404 from None


def get_collect_unit_for_user(user: AnyUser, code: str) -> Unit:
    """A unit the user may type or import responses for (those who run surveys, over their scope); 403 without
    the right, 404 for a unit outside their scope (no hint it exists)."""
    try:
        return run_units(user).get(code=code, is_active=True)
    except Unit.DoesNotExist:
        raise Http404 from None


def get_respondent_for_user(user: AnyUser, survey: Survey, pk: int) -> Respondent:
    """A drawn respondent of ``survey`` whose link the user may hand out (runners, over their scope); 404 else."""
    try:
        return Respondent.objects.select_related("unit").get(pk=pk, survey=survey, unit__in=run_units(user))
    except Respondent.DoesNotExist:
        raise Http404 from None
