"""The XLSX import of assigned tasks: create or update tasks by code from the first sheet of a workbook, all rows or
none, every bad row named with its row number. Each task is saved by :func:`parindex.tasks.services.save_task`, with
the same checks and audit as the pages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.audit.services import Actor
from parindex.deadlines.signals import deadlines_changed
from parindex.org.models import Unit
from parindex.org.services import UnitLookup
from parindex.tabular import (
    MAX_NOTE_LENGTH,
    ImportRejected,
    RowProblem,
    cell_text,
    code_problem,
    fold,
    length_problem,
    non_ascii_digits,
    read_first_sheet,
)
from parindex.tasks.models import Task
from parindex.tasks.services import TaskInput, check_task, save_task

# A deadline written without a time of day: the end of office hours.
DEFAULT_DEADLINE_TIME = time(17, 0)
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
_VN_DAY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2})[:hH](\d{2})(?::(\d{2}))?)?", re.ASCII)
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?", re.ASCII)
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
    if non_ascii_digits(text):
        raise ValueError(_("“%(value)s”: use only the digits 0–9") % {"value": text[:40]})
    match = _VN_DAY.fullmatch(text)
    if match:
        day, month, year, hour, minute, _second = match.groups()
    elif match := _ISO_DAY.fullmatch(text):
        year, month, day, hour, minute, _second = match.groups()
    else:
        raise ValueError(_("“%(value)s” is not a date: write dd/mm/yyyy or dd/mm/yyyy hh:mm") % {"value": text[:40]})
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
        elif bad := code_problem(code, 50):
            found.append(_("the task code: %(problem)s") % {"problem": bad})
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
        if too_long := length_problem(COLUMNS["content"], text["content"], MAX_NOTE_LENGTH):
            found.append(too_long)
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
            deadlines_changed.send(sender=Task)
    return TasksImported(created, updated, unchanged)
