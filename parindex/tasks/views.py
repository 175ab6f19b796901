"""The assigned tasks' pages: the register, a task with its units, reports, reviews and history, the forms of the
assigning office (new, edit, XLSX import), the units' reports and their files.

Views stay thin: rights come from :mod:`parindex.tasks.access`, rules from :mod:`parindex.tasks.services`,
:mod:`parindex.tasks.imports` and :mod:`parindex.tasks.history`.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.audit.services import Actor
from parindex.org.access import has_role, holds_any_role, units_for_user
from parindex.org.models import MANAGER_ROLES, UNIT_ROLES
from parindex.privatefiles import file_kind, file_response
from parindex.review import Review
from parindex.tabular import ImportRejected
from parindex.tasks import imports
from parindex.tasks import services as tasks
from parindex.tasks.access import (
    can_manage_anything,
    can_manage_task,
    can_see_part,
    get_rw_task_for_user,
    get_rw_task_report_for_user,
    get_task_for_user,
    get_task_report_for_user,
    get_task_unit_for_user,
    tasks_for_user,
)
from parindex.tasks.forms import ImportForm, ReportForm, ReviewForm, TaskFilterForm, TaskForm
from parindex.tasks.history import history as task_history
from parindex.tasks.models import Task, TaskReport, TaskUnit
from parindex.uploads import UploadRejected, check_upload

PAGE_SIZE = 50


def _task_url(task: Task, anchor: str = "") -> str:
    url = reverse("assignments:task", args=[task.pk])
    return f"{url}#{anchor}" if anchor else url


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    """The tasks the user answers for, issued or watches: each unit with its status, overdue ones first."""
    if not holds_any_role(request.user, tasks.ALL_ROLES):
        raise PermissionDenied
    visible = tasks_for_user(request.user)
    years = sorted({moment.year for moment in visible.datetimes("deadline", "year")}, reverse=True)
    filters = TaskFilterForm(request.GET or None, years=years)
    status, chosen = "", visible
    if filters.is_valid():
        status = filters.cleaned_data["status"] or ""
        if filters.cleaned_data["year"]:
            chosen = chosen.filter(deadline__year=filters.cleaned_data["year"])
    chosen = chosen.select_related("issuer").prefetch_related(
        Prefetch("units", TaskUnit.objects.select_related("unit"))
    )
    rows = tasks.register_rows(request.user, chosen, status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "overdue": sum(1 for row in rows if row.overdue),
        "can_manage": can_manage_anything(request.user),
        "query": query.urlencode(),
    }
    return render(request, "tasks/task_list.html", context)


@dataclass
class UnitView:
    """A unit's part as the task page shows it to the user."""

    part: TaskUnit
    status: str
    visible: bool
    reports: list[TaskReport]
    can_report: bool
    waiting: bool

    @property
    def report_rows(self) -> list[tuple[TaskReport, str]]:
        """Each report with the name of its file ("" without one)."""
        return [(r, tasks.report_file_name(r)) for r in self.reports]

    @property
    def status_label(self) -> str:
        return str(TaskUnit.Status(self.status).label)


def _parts(task: Task) -> list[TaskUnit]:
    reports = TaskReport.objects.select_related("submitted_by", "reviewed_by").order_by("submitted_at", "pk")
    parts = list(task.units.select_related("unit").prefetch_related(Prefetch("reports", reports)))
    for part in parts:
        part.task = task
    parts.sort(key=lambda p: (p.role != TaskUnit.Role.LEAD, p.unit.code))
    return parts


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The source document, content, deadline, each unit's status and reports, the forms the user may use, and the
    task's history."""
    task = get_task_for_user(request.user, pk)
    now = timezone.now()
    units = []
    for part in _parts(task):
        visible = can_see_part(request.user, task, part)
        reports = list(part.reports.all()) if visible else []
        units.append(
            UnitView(
                part=part,
                status=part.status(now),
                visible=visible,
                reports=reports,
                can_report=part.completed_at is None and has_role(request.user, part.unit, UNIT_ROLES),
                waiting=any(r.kind == TaskReport.Kind.COMPLETION and r.review == Review.PENDING for r in reports),
            )
        )
    history = task_history(task, [u.part.pk for u in units if u.visible], [r.pk for u in units for r in u.reports])
    context = {
        "task": task,
        "units": units,
        "manages": can_manage_task(request.user, task),
        "history": history,
        "report_form": ReportForm(),
        "deadline_passed": any(u.status == TaskUnit.Status.OVERDUE for u in units),
    }
    return render(request, "tasks/task_detail.html", context)


@login_required
def task_new(request: HttpRequest) -> HttpResponse:
    if not can_manage_anything(request.user):
        raise PermissionDenied
    issuers = units_for_user(request.user, MANAGER_ROLES)
    form = TaskForm(request.POST or None, issuers=issuers)
    if request.method == "POST" and form.is_valid():
        try:
            saved = tasks.save_task(form.task_input(), Actor.of(request.user))
        except tasks.TaskRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Task %(code)s is recorded.") % {"code": saved.task.code})
            return HttpResponseRedirect(_task_url(saved.task))
    return render(request, "tasks/task_form.html", {"form": form, "task": None})


@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_rw_task_for_user(request.user, pk)
    issuers = units_for_user(request.user, MANAGER_ROLES)
    form = TaskForm(request.POST or None, issuers=issuers, task=task)
    if request.method == "POST" and form.is_valid():
        try:
            saved = tasks.save_task(form.task_input(), Actor.of(request.user), task, form.cleaned_data["reason"])
        except tasks.TaskRefused as exc:
            form.add_error(None, str(exc))
        else:
            if saved.changed:
                messages.success(request, _("Task %(code)s is saved.") % {"code": saved.task.code})
            else:
                messages.info(request, _("Nothing was changed."))
            return HttpResponseRedirect(_task_url(saved.task))
    return render(request, "tasks/task_form.html", {"form": form, "task": task})


@login_required
def task_import(request: HttpRequest) -> HttpResponse:
    """The assigning office uploads a list of tasks (XLSX): all rows or none, every bad row named."""
    if not can_manage_anything(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            checked = check_upload(upload, upload.name or "", tasks.max_bytes())
            if checked.kind != "xlsx":
                raise UploadRejected(_("The task list is an Excel workbook (.xlsx)."))
            done = _import_upload(upload, checked.name, request)
        except UploadRejected as exc:
            form.add_error("file", str(exc))
        except ImportRejected as exc:
            problems = [str(p) for p in exc.problems]
        else:
            messages.success(
                request,
                _("%(file)s: %(created)s tasks created, %(updated)s updated, %(unchanged)s unchanged.")
                % {"file": checked.name, **done.__dict__},
            )
            return HttpResponseRedirect(reverse("assignments:tasks"))
    context = {"form": form, "problems": problems, "columns": list(imports.COLUMNS.values())}
    return render(request, "tasks/task_import.html", context)


def _import_upload(upload: Any, name: str, request: HttpRequest) -> imports.TasksImported:
    issuers = units_for_user(request.user, MANAGER_ROLES).values_list("pk", flat=True)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tasks.xlsx"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return imports.import_tasks(path, Actor.of(request.user), issuers=list(issuers), name=name)


@login_required
def task_report(request: HttpRequest, pk: int, unit_code: str) -> HttpResponse:
    """A unit's officer or head reports progress or completion on the unit's part of the task."""
    task = get_task_for_user(request.user, pk)
    part = get_task_unit_for_user(request.user, task, unit_code)
    part.task = task
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            tasks.send_report(
                part,
                form.cleaned_data["kind"],
                form.cleaned_data["text"],
                Actor.of(request.user),
                upload,
                (upload.name or "") if upload else "",
            )
        except UploadRejected as exc:
            form.add_error("file", str(exc))
        except tasks.TaskRefused as exc:
            form.add_error(None, str(exc))
        else:
            if form.cleaned_data["kind"] == TaskReport.Kind.COMPLETION:
                messages.success(request, _("The completion report is sent to the assigning office for review."))
            else:
                messages.success(request, _("The progress report is sent."))
            return HttpResponseRedirect(_task_url(task, f"unit-{part.unit.code}"))
    now = timezone.now()
    context = {
        "task": task,
        "part": part,
        "form": form,
        "status": part.status(now),
        "status_label": TaskUnit.Status(part.status(now)).label,
    }
    return render(request, "tasks/task_report.html", context)


@login_required
@require_POST
def task_review(request: HttpRequest, pk: int, report_pk: int) -> HttpResponse:
    """The assigning office accepts or returns a completion report."""
    report = get_rw_task_report_for_user(request.user, pk, report_pk)
    task = report.task_unit.task
    form = ReviewForm(request.POST)
    anchor = f"report-{report.pk}"
    if not form.is_valid():
        for message in [str(error) for errors in form.errors.values() for error in errors]:
            messages.error(request, message)
        return HttpResponseRedirect(_task_url(task, anchor))
    accept = form.cleaned_data["decision"] == "accept"
    try:
        tasks.review_task_report(report, accept, form.cleaned_data["note"], Actor.of(request.user))
    except tasks.TaskRefused as exc:
        messages.error(request, str(exc))
    else:
        unit = report.task_unit.unit.name
        if accept:
            messages.success(request, _("The report of %(unit)s is accepted: its part is completed.") % {"unit": unit})
        else:
            messages.success(request, _("The report is returned to %(unit)s.") % {"unit": unit})
    return HttpResponseRedirect(_task_url(task, anchor))


@login_required
def task_report_file(request: HttpRequest, pk: int, report_pk: int) -> FileResponse:
    """A report's file, to the assigning office and whoever holds a role over the unit; PDFs and images open in the
    browser, Office files download."""
    report = get_task_report_for_user(request.user, pk, report_pk)
    if not report.file:
        raise Http404
    name = tasks.report_file_name(report)
    if file_kind(name) is None:
        raise Http404
    return file_response(report.file, name)
