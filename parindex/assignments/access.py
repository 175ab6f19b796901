"""Who sees and acts on assigned tasks and periodic reports.

- A unit's officers and head see their unit's tasks and reports and send its reports (the head or an officer).
- Home Affairs staff and administrators over the assigning office manage a task (create, change, accept or return a
  completion report); over a unit, they plan the report calendar and accept or return its periodic reports.
- Leaders (viewers) and appraisers read what concerns the units in their scope.
Everything else is 404 (no hint it exists) or 403 for someone who may see but not act.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from parindex.assignments.models import ReportPeriod, Task, TaskUnit
from parindex.org.access import AnyUser, has_role, holds_any_role, units_for_user
from parindex.org.models import UNIT_ROLES, Role, Unit

MANAGER_ROLES = (Role.HOME_AFFAIRS, Role.ADMIN)


def can_manage_anything(user: AnyUser) -> bool:
    return holds_any_role(user, MANAGER_ROLES)


def tasks_for_user(user: AnyUser) -> QuerySet[Task]:
    """Tasks given to a unit in the user's scope, or issued by an office the user manages."""
    visible = units_for_user(user)
    managed = units_for_user(user, MANAGER_ROLES)
    return Task.objects.filter(Q(units__unit__in=visible) | Q(issuer__in=managed)).distinct()


def get_task_for_user(user: AnyUser, pk: int) -> Task:
    try:
        return tasks_for_user(user).select_related("issuer").get(pk=pk)
    except Task.DoesNotExist:
        raise Http404 from None


def can_manage_task(user: AnyUser, task: Task) -> bool:
    return has_role(user, task.issuer, MANAGER_ROLES)


def get_rw_task_for_user(user: AnyUser, pk: int) -> Task:
    """A task the user manages: 404 if not visible, 403 if visible but not theirs to manage."""
    task = get_task_for_user(user, pk)
    if not can_manage_task(user, task):
        raise PermissionDenied
    return task


def get_task_unit_for_user(user: AnyUser, task: Task, unit_code: str) -> TaskUnit:
    """The part of a task of a unit the user works at (officer or head): to report progress or completion."""
    part = task.units.select_related("unit").filter(unit__code=unit_code).first()
    if part is None or not has_role(user, part.unit, [*UNIT_ROLES, *MANAGER_ROLES, Role.VIEWER, Role.APPRAISER]):
        raise Http404
    if not has_role(user, part.unit, UNIT_ROLES):
        raise PermissionDenied
    return part


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
