"""Assigned tasks (nhiệm vụ được giao): creating and changing them with their units, the units' progress and
completion reports, the assigning office's review, and what the register shows of them. The XLSX import is in
:mod:`parindex.tasks.imports`, the history as people read it in :mod:`parindex.tasks.history`.

Rules:

* A task has one unit in charge (chủ trì) and any number of coordinating units (phối hợp). A unit that has already
  reported on a task cannot be taken off it.
* A unit's officer or head reports progress or completion (text, usually with a file). The first report sets the
  unit's ``started_at``. While a completion report awaits review the unit sends no other one; once its part is
  completed it sends nothing more.
* The assigning office accepts or returns a completion report (a return says why). Accepting sets the unit's
  ``completed_at`` to the moment the report was **sent**: a report sent before the deadline and accepted after it is
  on time. A returned report completes nothing; the unit sends a new one.
* Every change is audited (who, when, before, after, why); changes that move completion or deadlines announce it
  (:data:`parindex.deadlines.signals.deadlines_changed`), and the timeliness figures follow.
* Files are checked by their content like evidence and kept in the private storage, under a random folder.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import IO, Any
from uuid import uuid4

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from parindex.audit.models import Action
from parindex.audit.services import Actor, record
from parindex.deadlines.signals import deadlines_changed
from parindex.org.access import AnyUser, has_role
from parindex.org.models import MANAGER_ROLES, Role, Unit
from parindex.review import Review
from parindex.tasks.access import can_manage_task
from parindex.tasks.models import Task, TaskReport, TaskUnit
from parindex.uploads import check_upload

ALL_ROLES = tuple(Role)
# The worst first: how the register sorts and which status stands for a task with several units.
STATUS_ORDER = (
    TaskUnit.Status.OVERDUE,
    TaskUnit.Status.NOT_STARTED,
    TaskUnit.Status.IN_PROGRESS,
    TaskUnit.Status.DONE_LATE,
    TaskUnit.Status.DONE_ON_TIME,
)


class TaskRefused(Exception):
    """The change is refused; the message says why, in the user's language."""


def max_bytes() -> int:
    return int(settings.EVIDENCE_MAX_MB) * 1024 * 1024


# --- creating and changing a task ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskInput:
    """What a task says: its source document, content, deadline and units."""

    code: str
    document_number: str
    document_date: date
    signer: str
    issuer: Unit
    content: str
    deadline: datetime
    lead: Unit
    coordinating: tuple[Unit, ...] = ()


@dataclass(frozen=True)
class Saved:
    task: Task
    created: bool
    changed: bool


def _moment(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value is not None else None


def task_data(task: Task, parts: Iterable[TaskUnit] | None = None) -> dict[str, Any]:
    """The task as the audit log keeps it (codes for units, ISO local times)."""
    if parts is None:
        parts = task.units.select_related("unit")
    lead = ""
    coordinating: list[str] = []
    for part in parts:
        if part.role == TaskUnit.Role.LEAD:
            lead = part.unit.code
        else:
            coordinating.append(part.unit.code)
    return {
        "code": task.code,
        "document_number": task.document_number,
        "document_date": task.document_date.isoformat(),
        "signer": task.signer,
        "issuer": task.issuer.code,
        "content": task.content,
        "deadline": _moment(task.deadline),
        "lead": lead,
        "coordinating": sorted(coordinating),
    }


def check_task(data: TaskInput, task: Task | None = None) -> list[str]:
    """Every reason the task cannot be saved as given (empty: it can)."""
    problems: list[str] = []
    code = data.code.strip()
    if not code:
        problems.append(_("The task code is empty."))
    elif len(code) > 50:
        problems.append(_("The task code is longer than 50 characters."))
    else:
        others = Task.objects.filter(code=code)
        if task is not None and task.pk is not None:
            others = others.exclude(pk=task.pk)
        if others.exists():
            problems.append(_("Task code %(code)s is already used by another task.") % {"code": code})
    if not data.document_number.strip():
        problems.append(_("The document number is empty."))
    if not data.content.strip():
        problems.append(_("The content of the task is empty."))
    if timezone.localtime(data.deadline).date() < data.document_date:
        problems.append(
            _("The deadline %(deadline)s is before the document date %(date)s.")
            % {"deadline": show_moment(data.deadline), "date": show_day(data.document_date)}
        )
    if data.lead in data.coordinating:
        problems.append(_("%(unit)s cannot be both in charge and coordinating.") % {"unit": data.lead.name})
    if task is not None and task.pk is not None:
        wanted = {data.lead.pk, *(u.pk for u in data.coordinating)}
        dropped = task.units.exclude(unit_id__in=wanted).filter(reports__isnull=False).select_related("unit").distinct()
        for part in dropped:
            problems.append(
                _("%(unit)s has already reported on this task and cannot be taken off it.") % {"unit": part.unit.name}
            )
    return problems


def scope_problems(data: TaskInput, actor: Actor, task: Task | None = None) -> list[str]:
    """A person assigns tasks only in the name of an office they manage and only to units within their Home Affairs
    or administrator scope (units already on the task may stay). The command line is not limited."""
    user = actor.user
    if user is None:
        return []
    problems: list[str] = []
    if not has_role(user, data.issuer, MANAGER_ROLES):
        problems.append(
            _("You do not manage %(unit)s: you cannot assign tasks in its name.") % {"unit": data.issuer.name}
        )
    current = set(task.units.values_list("unit_id", flat=True)) if task is not None and task.pk is not None else set()
    for unit in (data.lead, *data.coordinating):
        if unit.pk not in current and not has_role(user, unit, MANAGER_ROLES):
            problems.append(_("%(unit)s is outside your scope: you cannot give it a task.") % {"unit": unit.name})
    return problems


@transaction.atomic
def save_task(
    data: TaskInput,
    actor: Actor,
    task: Task | None = None,
    reason: str = "",
    *,
    refresh_figures: bool = True,
) -> Saved:
    """Create ``task`` (None) or change it to ``data``, with its units; audit it with what it said before.

    Raises :class:`TaskRefused` listing every problem. When the task is new or its deadline or unit in charge changed,
    :data:`~parindex.deadlines.signals.deadlines_changed` is sent and the timeliness figures are refreshed (unless
    ``refresh_figures`` is False: an import announces its changes once, at the end).
    """
    problems = check_task(data, task) + scope_problems(data, actor, task)
    if problems:
        raise TaskRefused(" ".join(problems))
    created = task is None or task.pk is None
    if created:
        task = Task(created_by=actor.user)
        before = None
    else:
        assert task is not None
        task = Task.objects.select_for_update().select_related("issuer").get(pk=task.pk)
        before = task_data(task)
    task.code = data.code.strip()
    task.document_number = " ".join(data.document_number.split())
    task.document_date = data.document_date
    task.signer = " ".join(data.signer.split())
    task.issuer = data.issuer
    task.content = data.content.strip()
    task.deadline = data.deadline
    task.save()

    wanted = {data.lead.pk: TaskUnit.Role.LEAD} | {u.pk: TaskUnit.Role.COORDINATE for u in data.coordinating}
    existing = {part.unit_id: part for part in task.units.all()}
    for unit_id, part in existing.items():
        if unit_id not in wanted:
            part.delete()
        elif part.role != wanted[unit_id]:
            part.role = wanted[unit_id]
            part.save(update_fields=["role"])
    TaskUnit.objects.bulk_create(
        [TaskUnit(task=task, unit_id=unit_id, role=role) for unit_id, role in wanted.items() if unit_id not in existing]
    )
    after = task_data(task)
    if before == after:
        return Saved(task, created=False, changed=False)
    record(
        actor,
        task.to_change(Action.TASK_CHANGED, before, after),
        reason,
    )
    moved = before is None or any(before[key] != after[key] for key in ("deadline", "lead"))
    if moved and refresh_figures:
        deadlines_changed.send(sender=Task)
    return Saved(task, created=created, changed=True)


# --- reports and reviews ---------------------------------------------------------------------------------------


@transaction.atomic
def send_report(
    part: TaskUnit,
    kind: str,
    text: str,
    actor: Actor,
    upload: IO[bytes] | None = None,
    name: str = "",
    now: datetime | None = None,
) -> TaskReport:
    """A unit's progress or completion report on its part of a task, with an optional file (checked by content).

    Raises :class:`TaskRefused`, or :class:`~parindex.uploads.UploadRejected` for a bad file.
    """
    now = now or timezone.now()
    if kind not in TaskReport.Kind.values:
        raise TaskRefused(_("Choose whether this reports progress or completion."))
    part = TaskUnit.objects.select_for_update(of=("self",)).select_related("task", "unit").get(pk=part.pk)
    if part.completed_at is not None:
        raise TaskRefused(
            _("The task is already completed for %(unit)s: no further report is needed.") % {"unit": part.unit.name}
        )
    text = text.strip()
    if not text:
        raise TaskRefused(_("Write what has been done."))
    if kind == TaskReport.Kind.COMPLETION:
        waiting = part.reports.filter(kind=TaskReport.Kind.COMPLETION, review=Review.PENDING).first()
        if waiting is not None:
            raise TaskRefused(
                _(
                    "The completion report sent at %(moment)s is awaiting review: wait for the answer of the "
                    "assigning office before sending another one."
                )
                % {"moment": show_moment(waiting.submitted_at)}
            )
    report = TaskReport(task_unit=part, kind=kind, text=text, submitted_at=now, submitted_by=actor.user)
    after: dict[str, Any] = {"unit": part.unit.code, "kind": kind, "text": text}
    if upload is not None:
        checked = check_upload(upload, name, max_bytes())
        # A random folder keeps names from colliding or being guessed; the name itself stays readable.
        report.file.save(f"{uuid4().hex}/{checked.name}", File(upload, name=checked.name), save=False)
        after.update(file=checked.name, size=checked.size, sha256=checked.sha256)
    report.save()
    if part.started_at is None:
        part.started_at = now
        part.save(update_fields=["started_at"])
        after["started_at"] = _moment(now)
    record(
        actor,
        report.to_change(Action.TASK_REPORTED, None, after),
    )
    return report


@transaction.atomic
def review_task_report(
    report: TaskReport, accept: bool, note: str, actor: Actor, now: datetime | None = None
) -> TaskReport:
    """Accept or return a completion report. Accepting completes the unit's part at the moment the report was sent;
    returning needs a note saying why."""
    now = now or timezone.now()
    report = (
        TaskReport.objects.select_for_update(of=("self",))
        .select_related("task_unit__task", "task_unit__unit")
        .get(pk=report.pk)
    )
    part = report.task_unit
    note = note.strip()
    if report.kind != TaskReport.Kind.COMPLETION:
        raise TaskRefused(_("Only a completion report is accepted or returned."))
    if report.review != Review.PENDING:
        raise TaskRefused(_("This report was already reviewed (%(review)s).") % {"review": report.get_review_display()})
    if not accept and not note:
        raise TaskRefused(_("Say why the report is returned: the unit reads it before sending a new one."))
    report.review = Review.ACCEPTED if accept else Review.RETURNED
    report.review_note = note
    report.reviewed_at = now
    report.reviewed_by = actor.user
    report.save(update_fields=["review", "review_note", "reviewed_at", "reviewed_by"])
    after: dict[str, Any] = {"unit": part.unit.code, "review": report.review, "note": note}
    if accept:
        part.completed_at = report.submitted_at
        part.started_at = part.started_at or report.submitted_at
        part.save(update_fields=["completed_at", "started_at"])
        after["completed_at"] = _moment(part.completed_at)
    record(
        actor,
        report.to_change(Action.TASK_REVIEWED, {"unit": part.unit.code, "review": Review.PENDING}, after),
        note,
    )
    if accept:
        deadlines_changed.send(sender=Task)
    return report


# --- what the pages show ---------------------------------------------------------------------------------------


def show_day(value: date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def show_moment(value: datetime) -> str:
    local = timezone.localtime(value)
    return f"{formats.time_format(local, 'H:i')} {formats.date_format(local, 'SHORT_DATE_FORMAT')}"


@dataclass
class PartRow:
    part: TaskUnit
    status: str
    mine: bool

    @property
    def status_label(self) -> str:
        return str(TaskUnit.Status(self.status).label)


@dataclass
class TaskRow:
    """A task as the register shows it: each unit with its status, and the status that counts for the user (the
    worst among the units the user answers for or watches)."""

    task: Task
    parts: list[PartRow]
    status: str

    @property
    def overdue(self) -> bool:
        return self.status == TaskUnit.Status.OVERDUE

    @property
    def status_label(self) -> str:
        return str(TaskUnit.Status(self.status).label)


def register_rows(user: AnyUser, tasks: Iterable[Task], status: str = "", now: datetime | None = None) -> list[TaskRow]:
    """The rows of the register, overdue first then by deadline; ``status`` keeps the tasks where one of the
    user's units stands so. ``tasks`` come with their issuer and their units (prefetched): no query here."""
    now = now or timezone.now()
    rows = []
    for task in tasks:
        manages = can_manage_task(user, task)
        parts = []
        for part in task.units.all():
            part.task = task
            parts.append(PartRow(part, part.status(now), manages or has_role(user, part.unit, ALL_ROLES)))
        parts.sort(key=lambda p: (p.part.role != TaskUnit.Role.LEAD, p.part.unit.code))
        relevant = [p.status for p in parts if p.mine] or [p.status for p in parts]
        if status and status not in relevant:
            continue
        worst = min(relevant, key=STATUS_ORDER.index) if relevant else TaskUnit.Status.NOT_STARTED
        rows.append(TaskRow(task, parts, worst))
    rows.sort(key=lambda r: (not r.overdue, r.task.deadline, r.task.code))
    return rows


def report_file_name(report: TaskReport) -> str:
    return PurePosixPath(report.file.name or "").name if report.file else ""


def overdue_tasks(unit_ids: Iterable[int], year: int, now: datetime | None = None) -> dict[int, int]:
    """Tasks in charge due in ``year`` that were overdue (done late, or not done past the deadline), per unit: what
    the head-rating condition ``no_overdue_tasks`` counts."""
    now = now or timezone.now()
    result: dict[int, int] = defaultdict(int)
    parts = TaskUnit.objects.filter(
        role=TaskUnit.Role.LEAD, unit_id__in=list(unit_ids), task__deadline__year=year
    ).select_related("task")
    for part in parts:
        if part.task.deadline <= now and (part.completed_at is None or part.completed_at > part.task.deadline):
            result[part.unit_id] += 1
    return dict(result)
