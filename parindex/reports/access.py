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
from parindex.reports.models import ReportPeriod


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
