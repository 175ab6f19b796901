"""Assigned tasks: the register as the user sees it, and a new task given as Home Affairs gives one on the web."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from parindex.api.errors import ApiProblem
from parindex.api.schemas import ERRORS, WRITE_ERRORS, ErrorCode, TaskIn, TaskOut
from parindex.audit.services import Actor
from parindex.org.access import units_for_user
from parindex.org.models import MANAGER_ROLES
from parindex.tabular import RowProblem
from parindex.tasks.access import can_manage_anything, tasks_for_user
from parindex.tasks.models import Task
from parindex.tasks.services import TaskInput, TaskRefused, save_task

router = Router(tags=["tasks"])
# The dates a task may carry: a wider range is a typing error, and beyond it time zone arithmetic overflows.
MIN_YEAR, MAX_YEAR = 1900, 2999


def task_data(task: Task) -> dict[str, Any]:
    return {
        "id": task.pk,
        "code": task.code,
        "document_number": task.document_number,
        "document_date": task.document_date,
        "signer": task.signer,
        "issuer": task.issuer.code,
        "content": task.content,
        "deadline": task.deadline,
        "units": [
            {"unit": part.unit.code, "role": part.role, "status": str(part.status())}
            for part in task.units.select_related("unit", "task")
        ],
    }


@router.get("", response={200: list[TaskOut], **ERRORS}, summary="Tasks given to or by units in the user's scope")
def task_list(request: HttpRequest) -> Any:
    tasks = tasks_for_user(request.user).select_related("issuer").order_by("deadline", "code")
    return [task_data(task) for task in tasks]


@router.post(
    "",
    response={201: TaskOut, **WRITE_ERRORS},
    summary="Give a task",
    description=(
        "As the task form of the web: in the name of an office the token's user manages (`issuer`), to units within "
        "their Home Affairs or administrator scope (`lead`, in charge; `coordinating`), all by unit code. A unit "
        "outside that scope is 403; a task the form would refuse (code already used, deadline before the document) "
        "is 400 with every reason. Audited as the web's."
    ),
)
def task_create(request: HttpRequest, payload: TaskIn) -> Any:
    if not can_manage_anything(request.user):
        raise PermissionDenied
    managed = {u.code: u for u in units_for_user(request.user, MANAGER_ROLES).filter(is_active=True)}
    codes = [payload.issuer, payload.lead, *payload.coordinating]
    outside = [code for code in dict.fromkeys(codes) if code not in managed]
    if outside:
        raise ApiProblem(
            403,
            ErrorCode.FORBIDDEN,
            _("Your roles do not allow this."),
            [
                RowProblem(0, _("%(unit)s is outside your scope: you cannot give it a task.") % {"unit": code})
                for code in outside
            ],
        )
    deadline = payload.deadline
    if not (MIN_YEAR <= deadline.year <= MAX_YEAR and MIN_YEAR <= payload.document_date.year <= MAX_YEAR):
        raise ApiProblem(
            400,
            ErrorCode.INVALID_REQUEST,
            _("Dates must fall between the years %(first)s and %(last)s.") % {"first": MIN_YEAR, "last": MAX_YEAR},
        )
    if timezone.is_naive(deadline):
        deadline = timezone.make_aware(deadline)
    data = TaskInput(
        code=payload.code,
        document_number=payload.document_number,
        document_date=payload.document_date,
        signer=payload.signer,
        issuer=managed[payload.issuer],
        content=payload.content,
        deadline=deadline,
        lead=managed[payload.lead],
        coordinating=tuple(managed[code] for code in dict.fromkeys(payload.coordinating)),
    )
    try:
        saved = save_task(data, Actor.of(request.user))
    except TaskRefused as exc:
        raise ApiProblem(400, ErrorCode.INVALID_REQUEST, str(exc)) from None
    task = Task.objects.select_related("issuer").get(pk=saved.task.pk)
    return Status(201, task_data(task))
