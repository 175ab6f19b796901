"""Assigned tasks (nhiệm vụ được giao): creating and changing them with their units, the units' progress and
completion reports, the assigning office's review, the XLSX import, and what the pages show of them.

Rules:

* A task has one unit in charge (chủ trì) and any number of coordinating units (phối hợp). A unit that has already
  reported on a task cannot be taken off it.
* A unit's officer or head reports progress or completion (text, usually with a file). The first report sets the
  unit's ``started_at``. While a completion report awaits review the unit sends no other one; once its part is
  completed it sends nothing more.
* The assigning office accepts or returns a completion report (a return says why). Accepting sets the unit's
  ``completed_at`` to the moment the report was **sent**: a report sent before the deadline and accepted after it is
  on time. A returned report completes nothing; the unit sends a new one.
* Every change is audited (who, when, before, after, why); changes that move completion or deadlines refresh the
  timeliness figures.
* Files are checked by their content like evidence and kept in the private storage, under a random folder.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from typing import IO, Any
from uuid import uuid4

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.assessments.uploads import check_upload
from parindex.assignments import timeliness
from parindex.assignments.access import MANAGER_ROLES, can_manage_task
from parindex.assignments.models import Review, Task, TaskReport, TaskUnit
from parindex.audit.display import actor_label
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor, Change, record
from parindex.org.access import AnyUser, has_role
from parindex.org.models import Role, Unit
from parindex.org.services import UnitLookup
from parindex.tabular import ImportRejected, RowProblem, cell_text, fold, read_first_sheet

# A deadline written without a time of day: the end of office hours.
DEFAULT_DEADLINE_TIME = time(17, 0)
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

    Raises :class:`TaskRefused` listing every problem. The timeliness figures are refreshed when the task is new or
    its deadline or unit in charge changed (unless ``refresh_figures`` is False: an import refreshes once at the end).
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
        Change(Action.TASK_CHANGED, "task", task.pk, str(task), before, after, unit_id=task.issuer_id),
        reason,
    )
    moved = before is None or any(before[key] != after[key] for key in ("deadline", "lead"))
    if moved and refresh_figures:
        timeliness.refresh()
    return Saved(task, created=created, changed=True)


# --- reports and reviews ---------------------------------------------------------------------------------------


def _report_repr(part: TaskUnit) -> str:
    return f"{part.task.code} / {part.unit.code}"


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

    Raises :class:`TaskRefused`, or :class:`~parindex.assessments.uploads.UploadRejected` for a bad file.
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
        Change(Action.TASK_REPORTED, "task_report", report.pk, _report_repr(part), None, after, unit_id=part.unit_id),
    )
    return report


@transaction.atomic
def review_report(report: TaskReport, accept: bool, note: str, actor: Actor, now: datetime | None = None) -> TaskReport:
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
        Change(
            Action.TASK_REVIEWED,
            "task_report",
            report.pk,
            _report_repr(part),
            {"unit": part.unit.code, "review": Review.PENDING},
            after,
            unit_id=part.unit_id,
        ),
        note,
    )
    if accept:
        timeliness.refresh()
    return report


# --- what the pages show ---------------------------------------------------------------------------------------


def show_day(value: date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def show_moment(value: datetime) -> str:
    local = timezone.localtime(value)
    return f"{formats.time_format(local, 'H:i')} {formats.date_format(local, 'SHORT_DATE_FORMAT')}"


def can_see_part(user: AnyUser, task: Task, part: TaskUnit) -> bool:
    """Whether the user reads a unit's reports on a task: the assigning office, and whoever holds a role over it."""
    return can_manage_task(user, task) or has_role(user, part.unit, ALL_ROLES)


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


FIELD_LABELS = {
    "code": gettext_lazy("code"),
    "document_number": gettext_lazy("document number"),
    "document_date": gettext_lazy("document date"),
    "signer": gettext_lazy("signed by"),
    "issuer": gettext_lazy("assigned by"),
    "content": gettext_lazy("content"),
    "deadline": gettext_lazy("completion deadline"),
    "lead": gettext_lazy("unit in charge"),
    "coordinating": gettext_lazy("coordinating units"),
    "unit": gettext_lazy("unit"),
    "kind": gettext_lazy("kind of report"),
    "text": gettext_lazy("report"),
    "file": gettext_lazy("file"),
    "started_at": gettext_lazy("first progress report"),
    "review": gettext_lazy("review"),
    "note": gettext_lazy("review note"),
    "completed_at": gettext_lazy("completed at"),
}
_HIDDEN = {"size", "sha256"}


_UNIT_KEYS = ("issuer", "lead", "coordinating", "unit")  # the log keeps units by code; people read their names


def _show_value(key: str, value: Any, names: Mapping[str, str]) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if key in _UNIT_KEYS:
        codes = value if isinstance(value, list) else [value]
        return "; ".join(names.get(str(code), str(code)) for code in codes)
    if key in ("deadline", "started_at", "completed_at"):
        return show_moment(datetime.fromisoformat(value))
    if key == "document_date":
        return show_day(date.fromisoformat(value))
    if key == "kind" and value in TaskReport.Kind.values:
        return str(TaskReport.Kind(value).label)
    if key == "review" and value in Review.values:
        return str(Review(value).label)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


@dataclass
class HistoryEntry:
    entry: AuditEntry
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    who: str = ""  # the person's full name
    about: str = ""  # what the entry is about, units by name


def describe(entry: AuditEntry, names: Mapping[str, str] | None = None) -> HistoryEntry:
    """The fields an entry changed, labelled and formatted as people read them: (field, before, after); ``names``
    gives units' names by code."""
    names = names or {}
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    changes = []
    for key in [*before, *(k for k in after if k not in before)]:
        if key in _HIDDEN or before.get(key) == after.get(key):
            continue
        label = str(FIELD_LABELS.get(key, key))
        changes.append((label, _show_value(key, before.get(key), names), _show_value(key, after.get(key), names)))
    about = " / ".join(names.get(part, part) for part in entry.object_repr.split(" / "))
    return HistoryEntry(entry, changes, who=actor_label(entry), about=about)


def _unit_codes(entries: Sequence[AuditEntry]) -> set[str]:
    codes: set[str] = set()
    for entry in entries:
        for state in (entry.before, entry.after):
            if not isinstance(state, dict):
                continue
            for key in _UNIT_KEYS:
                value = state.get(key)
                codes.update(str(v) for v in (value if isinstance(value, list) else [value]) if v)
        codes.update(entry.object_repr.split(" / ")[1:])
    return codes


def history(task: Task, part_ids: Sequence[int], report_ids: Sequence[int]) -> list[HistoryEntry]:
    """Who changed what on the task, its units and its reports, when and why, oldest first.

    Task entries carry no campaign, and the audit log's one index starts with the campaign: asking for entries
    without one skips every score entry, whatever the issuer or units were when an entry was written.
    """
    about = Q(object_type="task", object_id=str(task.pk))
    if part_ids:
        about |= Q(object_type="task_unit", object_id__in=[str(pk) for pk in part_ids])
    if report_ids:
        about |= Q(object_type="task_report", object_id__in=[str(pk) for pk in report_ids])
    entries = list(AuditEntry.objects.filter(about, campaign_id__isnull=True).select_related("actor").order_by("id"))
    names = dict(Unit.objects.filter(code__in=_unit_codes(entries)).values_list("code", "name"))
    return [describe(entry, names) for entry in entries]


# --- the XLSX import -------------------------------------------------------------------------------------------

COLUMNS = {
    "code": "Mã nhiệm vụ",
    "document_number": "Số văn bản",
    "document_date": "Ngày văn bản",
    "signer": "Người ký",
    "issuer": "Đơn vị giao",
    "content": "Nội dung",
    "deadline": "Hạn hoàn thành",
    "lead": "Đơn vị chủ trì",
    "coordinating": "Đơn vị phối hợp",
}
OPTIONAL_COLUMNS = ("signer", "coordinating")
# A title or the name of the office may stand above the header row.
HEADER_SEARCH_ROWS = 10
_VN_DAY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2})[:hH](\d{2})(?::(\d{2}))?)?$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_UNIT_SEPARATORS = re.compile(r"[;,\n]")


def parse_day_and_time(value: Any) -> tuple[date, time | None] | None:
    """A cell as a day and, when written, a time: dd/mm/yyyy [hh:mm], yyyy-mm-dd [hh:mm], or a date cell. Empty
    gives None; anything else raises ValueError. A date-time cell at midnight counts as a date without a time."""
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value.replace(tzinfo=None, second=0, microsecond=0)
        return moment.date(), (moment.time() if moment.time() != time(0, 0) else None)
    if isinstance(value, date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(_("a number, not a date: format the column as dates (dd/mm/yyyy)"))
    text = cell_text(value)
    if not text:
        return None
    match = _VN_DAY.match(text)
    if match:
        day, month, year, hour, minute, _second = match.groups()
    elif match := _ISO_DAY.match(text):
        year, month, day, hour, minute, _second = match.groups()
    else:
        raise ValueError(_("“%(value)s” is not a date: write dd/mm/yyyy or dd/mm/yyyy hh:mm") % {"value": text})
    try:
        return date(int(year), int(month), int(day)), (time(int(hour), int(minute)) if hour is not None else None)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a valid date") % {"value": text}) from None


def deadline_from(day: date, at: time | None) -> datetime:
    """A deadline in local time (Asia/Ho_Chi_Minh); without a time, 17:00 that day."""
    return timezone.make_aware(datetime.combine(day, at or DEFAULT_DEADLINE_TIME), timezone.get_default_timezone())


@dataclass(frozen=True)
class TasksImported:
    created: int
    updated: int
    unchanged: int


def _read_sheet(path: Path) -> tuple[int, dict[str, int], list[tuple[int, list[Any]]]]:
    """(header row number, column positions, data rows with their row numbers) of the workbook's first sheet."""
    sheet = read_first_sheet(path)
    wanted = {fold(header): name for name, header in COLUMNS.items()}
    best: tuple[int, dict[str, int]] = (1, {})
    for index, row in enumerate(sheet[:HEADER_SEARCH_ROWS]):
        found = {
            wanted[fold(cell_text(v))]: i for i, v in reversed(list(enumerate(row))) if fold(cell_text(v)) in wanted
        }
        if len(found) > len(best[1]):
            best = (index + 1, found)
    header_line, positions = best
    missing = [COLUMNS[name] for name in COLUMNS if name not in positions and name not in OPTIONAL_COLUMNS]
    if missing:
        raise ImportRejected(
            [
                RowProblem(
                    header_line,
                    _("missing column(s): %(missing)s; the header row must name: %(expected)s")
                    % {"missing": ", ".join(missing), "expected": ", ".join(COLUMNS.values())},
                )
            ]
        )
    rows = [(i, row) for i, row in enumerate(sheet[header_line:], start=header_line + 1)]
    return header_line, positions, rows


class _RowChecker:
    """Checks of one row of the task list; ``issuers`` (None: any) are the units the person importing manages."""

    def __init__(self, positions: dict[str, int], issuers: set[int] | None) -> None:
        self.positions = positions
        self.issuers = issuers
        self.units = UnitLookup()
        self.existing = {t.code: t for t in Task.objects.select_related("issuer").prefetch_related("units")}
        self.seen: dict[str, int] = {}

    def raw(self, cells: list[Any], name: str) -> Any:
        position = self.positions.get(name)
        return cells[position] if position is not None and position < len(cells) else None

    def unit(self, name: str, value: str, found: list[str]) -> Unit | None:
        if not value:
            found.append(_("“%(column)s” is empty") % {"column": COLUMNS[name]})
            return None
        match = self.units.get(value)
        if match is None:
            found.append(_("unknown unit “%(value)s” in “%(column)s”") % {"value": value, "column": COLUMNS[name]})
        return match

    def moment(self, cells: list[Any], name: str, found: list[str]) -> tuple[date, time | None] | None:
        try:
            parsed = parse_day_and_time(self.raw(cells, name))
        except ValueError as exc:
            found.append(f"{COLUMNS[name]}: {exc}")
            return None
        if parsed is None:
            found.append(_("“%(column)s” is empty") % {"column": COLUMNS[name]})
        return parsed

    def code(self, line: int, code: str, found: list[str]) -> None:
        if not code:
            found.append(_("“%(column)s” is empty") % {"column": COLUMNS["code"]})
        elif len(code) > 50:
            found.append(_("the task code is longer than 50 characters"))
        elif code in self.seen:
            found.append(_("task %(code)s is also on row %(line)s") % {"code": code, "line": self.seen[code]})
        else:
            self.seen[code] = line

    def check(self, line: int, cells: list[Any]) -> tuple[TaskInput | None, Task | None, list[str]]:
        """The row as a task (None when it is empty or bad), the stored task of its code, and its problems."""
        text = {name: cell_text(self.raw(cells, name)) for name in COLUMNS}
        if not any(text.values()):
            return None, None, []
        found: list[str] = []
        code = text["code"]
        self.code(line, code, found)
        for name, limit in (("document_number", 100), ("signer", 200)):
            if len(text[name]) > limit:
                found.append(
                    _("“%(column)s” is longer than %(limit)s characters") % {"column": COLUMNS[name], "limit": limit}
                )
        for name in ("document_number", "content"):
            if not text[name]:
                found.append(_("“%(column)s” is empty") % {"column": COLUMNS[name]})
        document_date = self.moment(cells, "document_date", found)
        deadline = self.moment(cells, "deadline", found)
        issuer = self.unit("issuer", text["issuer"], found)
        if issuer is not None and self.issuers is not None and issuer.pk not in self.issuers:
            found.append(_("you do not manage %(unit)s: you cannot assign tasks in its name") % {"unit": issuer.name})
        lead = self.unit("lead", text["lead"], found)
        coordinating: list[Unit] = []
        for value in (v.strip() for v in _UNIT_SEPARATORS.split(text["coordinating"])):
            other = self.unit("coordinating", value, found) if value else None
            if other is not None and other == lead:
                found.append(_("%(unit)s cannot be both in charge and coordinating") % {"unit": other.name})
            elif other is not None and other not in coordinating:
                coordinating.append(other)
        task = self.existing.get(code)
        if task is not None and self.issuers is not None and task.issuer_id not in self.issuers:
            found.append(
                _("task %(code)s was assigned by %(unit)s, which you do not manage")
                % {"code": code, "unit": task.issuer.name}
            )
        if self.issuers is not None:
            current = {part.unit_id for part in task.units.all()} if task is not None else set()
            for unit in (lead, *coordinating):
                if unit is not None and unit.pk not in current and unit.pk not in self.issuers:
                    found.append(_("%(unit)s is outside your scope: you cannot give it a task") % {"unit": unit.name})
        if found or issuer is None or lead is None or document_date is None or deadline is None:
            return None, task, found
        data = TaskInput(
            code=code,
            document_number=text["document_number"],
            document_date=document_date[0],
            signer=text["signer"],
            issuer=issuer,
            content=text["content"],
            deadline=deadline_from(*deadline),
            lead=lead,
            coordinating=tuple(coordinating),
        )
        # What only the stored task can say (units already reporting cannot be dropped), and the dates' order.
        return data, task, [message.rstrip(".") for message in check_task(data, task)]


def import_tasks(
    path: Path | str, actor: Actor, *, issuers: Iterable[int] | None = None, name: str | None = None
) -> TasksImported:
    """Create or update tasks (by code) from the first sheet of an XLSX file; all rows or none.

    Every bad row is reported with its row number (ImportRejected). ``issuers`` (None: any) are the units the person
    importing manages: a row assigned in another office's name, or updating such a task, is refused. ``name`` is
    the file's name as the person knows it, for the audit's reason.
    """
    path = Path(path)
    allowed = set(issuers) if issuers is not None else None
    _header, positions, rows = _read_sheet(path)
    checker = _RowChecker(positions, allowed)
    problems: list[RowProblem] = []
    checked: list[tuple[TaskInput, Task | None]] = []
    for line, cells in rows:
        data, task, found = checker.check(line, cells)
        problems.extend(RowProblem(line, message) for message in found)
        if data is not None and not found:
            checked.append((data, task))
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.line))
    if not checked:
        raise ImportRejected([RowProblem(0, _("the file lists no task"))])
    reason = _("Imported from %(file)s") % {"file": name or path.name}
    created = updated = unchanged = 0
    with transaction.atomic():
        for data, task in checked:
            saved = save_task(data, actor, task, reason, refresh_figures=False)
            if saved.created:
                created += 1
            elif saved.changed:
                updated += 1
            else:
                unchanged += 1
        if created or updated:
            timeliness.refresh()
    return TasksImported(created, updated, unchanged)


def report_file_name(report: TaskReport) -> str:
    return PurePosixPath(report.file.name or "").name if report.file else ""
