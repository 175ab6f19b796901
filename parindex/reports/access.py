"""Who sees and acts on periodic reports.

- A unit's officers and head see their unit's reports and send them (the head or an officer).
- Home Affairs staff and administrators over a unit plan the report calendar and accept or return its reports.
- Leaders (viewers) and appraisers read what concerns the units in their scope.
Everything else is 404 (no hint it exists) or 403 for someone who may see but not act.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from parindex.org.access import AnyUser, has_role, holds_any_role, units_for_user
from parindex.org.models import MANAGER_ROLES, UNIT_ROLES, Unit
from parindex.reports.models import ReportPeriod, ReportSubmission


def can_manage_anything(user: AnyUser) -> bool:
    """Whether the user plans report calendars anywhere (Home Affairs or administrator over some unit)."""
    return holds_any_role(user, MANAGER_ROLES)


def report_units_for_user(user: AnyUser) -> QuerySet[Unit]:
    """Units whose periodic reports the user may see."""
    return units_for_user(user).filter(group__isnull=False)


def get_period_for_user(user: AnyUser, pk: int) -> ReportPeriod:
    """A report period of a group one of the user's units belongs to."""
    groups = report_units_for_user(user).values("group_id")
    try:
        return ReportPeriod.objects.select_related("group").filter(group_id__in=groups).get(pk=pk)
    except ReportPeriod.DoesNotExist:
        raise Http404 from None


def get_report_unit_for_user(user: AnyUser, period: ReportPeriod, unit_code: str, act: bool = False) -> Unit:
    """A unit of the period's group the user may see (404 otherwise); with ``act``, one whose report the user sends
    (officer or head of the unit: 403 otherwise)."""
    try:
        unit = report_units_for_user(user).get(code=unit_code, group_id=period.group_id)
    except Unit.DoesNotExist:
        raise Http404 from None
    if act and not has_role(user, unit, UNIT_ROLES):
        raise PermissionDenied
    return unit


def can_review_reports(user: AnyUser, unit: Unit) -> bool:
    return has_role(user, unit, MANAGER_ROLES)


def get_submission_for_user(user: AnyUser, period_pk: int, unit_code: str, submission_pk: int) -> ReportSubmission:
    """A unit's submitted report (and its file) for whoever may see that unit's reports; 404 for everyone else."""
    period = get_period_for_user(user, period_pk)
    unit = get_report_unit_for_user(user, period, unit_code)
    submission = (
        ReportSubmission.objects.select_related("period", "unit")
        .filter(pk=submission_pk, period=period, unit=unit)
        .first()
    )
    if submission is None:
        raise Http404
    return submission


def get_rw_submission_for_user(user: AnyUser, period_pk: int, unit_code: str, submission_pk: int) -> ReportSubmission:
    """A submission the user reviews: Home Affairs or an administrator over its unit (403 for who may only see it)."""
    submission = get_submission_for_user(user, period_pk, unit_code, submission_pk)
    if not can_review_reports(user, submission.unit):
        raise PermissionDenied
    return submission
