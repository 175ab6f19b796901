"""Tasks assigned by the province or district (nhiệm vụ được giao): the task, each unit's part, the units' reports.

Where a unit's part stands against its deadline is :func:`parindex.deadlines.core.standing` of its due and done moments,
counted from real dates: a task is done when its completion report (later accepted) was sent.

The tables keep the names they had when tasks and periodic reports were one app (``assignments_*``): the models
moved, the rows did not.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.audit.services import Audited
from parindex.deadlines.core import Standing, standing
from parindex.org.models import Unit
from parindex.privatefiles import private_storage
from parindex.review import SentForReview


class Task(Audited, models.Model):
    """A task given to one or more units (nhiệm vụ được giao) by a source document: number, date, signer."""

    code = models.CharField(_("code"), max_length=50, unique=True, help_text=_("e.g. NV-2026-015"))
    document_number = models.CharField(_("document number"), max_length=100)
    document_date = models.DateField(_("document date"))
    signer = models.CharField(_("signed by"), max_length=200, blank=True)
    issuer = models.ForeignKey(
        Unit, verbose_name=_("assigned by"), on_delete=models.PROTECT, related_name="issued_tasks"
    )
    content = models.TextField(_("content"))
    deadline = models.DateTimeField(_("deadline"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "assignments_task"
        ordering = ["deadline", "code"]
        verbose_name = _("assigned task")
        verbose_name_plural = _("assigned tasks")

    audit_type = "task"

    def __str__(self) -> str:
        return f"{self.code}: {self.content[:60]}"

    def audit_scope(self) -> dict[str, int | None]:
        return {"unit_id": self.issuer_id}


class TaskUnit(models.Model):
    """A unit's part in a task: in charge (chủ trì), who reports completion, or coordinating (phối hợp)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("in charge")
        COORDINATE = "coordinate", _("coordinating")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE_ON_TIME = "done_on_time", _("completed on time")
        DONE_LATE = "done_late", _("completed late")
        OVERDUE = "overdue", _("overdue, not completed")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="tasks")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.LEAD)
    started_at = models.DateTimeField(_("first progress report"), null=True, blank=True)
    completed_at = models.DateTimeField(
        _("completed at"), null=True, blank=True, help_text=_("When the accepted completion report was sent.")
    )

    class Meta:
        db_table = "assignments_taskunit"
        ordering = ["task__deadline", "unit__code"]
        verbose_name = _("unit of a task")
        verbose_name_plural = _("units of tasks")
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="task_unit_unique")]
        indexes = [models.Index(fields=["unit", "completed_at"], name="task_unit_open_idx")]

    def __str__(self) -> str:
        return f"{self.task.code} / {self.unit.code}"

    def standing(self, now: datetime | None = None) -> Standing:
        return standing(self.task.deadline, self.completed_at, now or timezone.now())

    def status(self, now: datetime | None = None) -> str:
        """The five states of the task register."""
        current = self.standing(now)
        if current is Standing.ON_TIME:
            return self.Status.DONE_ON_TIME
        if current is Standing.LATE:
            return self.Status.DONE_LATE
        if current is Standing.OVERDUE:
            return self.Status.OVERDUE
        return self.Status.IN_PROGRESS if self.started_at else self.Status.NOT_STARTED


class TaskReport(Audited, SentForReview):
    """A report a unit sends on its task: progress, or completion (which the assigning office accepts or returns)."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("progress")
        COMPLETION = "completion", _("completion")

    task_unit = models.ForeignKey(TaskUnit, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("report"))
    file = models.FileField(_("file"), storage=private_storage, upload_to="tasks/%Y/", blank=True, max_length=300)

    class Meta:
        db_table = "assignments_taskreport"
        ordering = ["submitted_at"]
        verbose_name = _("task report")
        verbose_name_plural = _("task reports")

    audit_type = "task_report"

    def __str__(self) -> str:
        return f"{self.task_unit} {self.kind} {self.submitted_at:%d/%m/%Y}"

    def audit_repr(self) -> str:
        return f"{self.task_unit.task.code} / {self.task_unit.unit.code}"

    def audit_scope(self) -> dict[str, int | None]:
        return {"unit_id": self.task_unit.unit_id}
