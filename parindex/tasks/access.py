"""Who sees and acts on assigned tasks.

- A unit's officers and head see their unit's tasks and send its reports (the head or an officer).
- Home Affairs staff and administrators over the assigning office manage a task (create, change, accept or return a
  completion report).
- Leaders (viewers) and appraisers read what concerns the units in their scope.
Everything else is 404 (no hint it exists) or 403 for someone who may see but not act.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from parindex.org.access import AnyUser, has_role, holds_any_role, units_for_user
from parindex.org.models import MANAGER_ROLES, UNIT_ROLES, Role
from parindex.tasks.models import Task, TaskReport, TaskUnit


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


def can_see_part(user: AnyUser, task: Task, part: TaskUnit) -> bool:
    """Whether the user reads a unit's reports on a task: the assigning office, and whoever holds a role over it."""
    return can_manage_task(user, task) or has_role(user, part.unit, tuple(Role))


def _report_of(task: Task, report_pk: int) -> TaskReport:
    report = (
        TaskReport.objects.select_related("task_unit__unit").filter(pk=report_pk, task_unit__task_id=task.pk).first()
    )
    if report is None:
        raise Http404
    report.task_unit.task = task
    return report


def get_task_report_for_user(user: AnyUser, task_pk: int, report_pk: int) -> TaskReport:
    """A unit's report on a task (and its file) for someone who reads that unit's part; 404 for everyone else."""
    task = get_task_for_user(user, task_pk)
    report = _report_of(task, report_pk)
    if not can_see_part(user, task, report.task_unit):
        raise Http404
    return report


def get_rw_task_report_for_user(user: AnyUser, task_pk: int, report_pk: int) -> TaskReport:
    """A report the user reviews: the assigning office only (403 for who may see the task, 404 for the others)."""
    return _report_of(get_rw_task_for_user(user, task_pk), report_pk)
