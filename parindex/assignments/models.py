"""Deadline-bearing work a unit owes: tasks assigned by the province or district, and periodic PAR reports.

Where each stands against its deadline is :func:`parindex.deadlines.standing` of its due and done moments, counted
from real dates: a task is done when its completion report (later accepted) was sent; a report is submitted when a
submission that was not returned was sent.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.deadlines import Standing, standing
from parindex.org.models import Unit, UnitGroup
from parindex.privatefiles import private_storage


class Task(models.Model):
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
        ordering = ["deadline", "code"]
        verbose_name = _("assigned task")
        verbose_name_plural = _("assigned tasks")

    def __str__(self) -> str:
        return f"{self.code}: {self.content[:60]}"


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


class Review(models.TextChoices):
    PENDING = "pending", _("awaiting review")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned")


class SentForReview(models.Model):
    """Something a unit sends (when, by whom) that the office in charge accepts or returns (when, by whom, why)."""

    submitted_at = models.DateTimeField(_("sent at"), default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    review = models.CharField(_("review"), max_length=20, choices=Review.choices, default=Review.PENDING)
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        abstract = True


class TaskReport(SentForReview):
    """A report a unit sends on its task: progress, or completion (which the assigning office accepts or returns)."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("progress")
        COMPLETION = "completion", _("completion")

    task_unit = models.ForeignKey(TaskUnit, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("report"))
    file = models.FileField(_("file"), storage=private_storage, upload_to="tasks/%Y/", blank=True, max_length=300)

    class Meta:
        ordering = ["submitted_at"]
        verbose_name = _("task report")
        verbose_name_plural = _("task reports")

    def __str__(self) -> str:
        return f"{self.task_unit} {self.kind} {self.submitted_at:%d/%m/%Y}"


class ReportPeriod(models.Model):
    """A periodic PAR report due from every unit of a group in a year (quý I, 6 tháng, quý III, năm)."""

    class Kind(models.TextChoices):
        Q1 = "q1", _("first quarter")
        H1 = "h1", _("six months")
        Q3 = "q3", _("third quarter")
        YEAR = "year", _("year")

    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("report"), max_length=10, choices=Kind.choices)
    group = models.ForeignKey(UnitGroup, verbose_name=_("unit group"), on_delete=models.PROTECT, related_name="+")
    deadline = models.DateTimeField(_("deadline"))

    class Meta:
        ordering = ["year", "deadline", "group__code"]
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        constraints = [models.UniqueConstraint(fields=["year", "kind", "group"], name="report_period_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} ({self.group.code})"

    def units(self) -> models.QuerySet[Unit]:
        return Unit.objects.filter(group=self.group, is_active=True)


class ReportSubmission(SentForReview):
    """A unit's periodic report as sent (a file and its date); Home Affairs accepts or returns it. A returned report
    is sent again as a new submission."""

    period = models.ForeignKey(ReportPeriod, on_delete=models.CASCADE, related_name="submissions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="report_submissions")
    file = models.FileField(_("file"), storage=private_storage, upload_to="reports/%Y/", max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["submitted_at"]
        verbose_name = _("report submission")
        verbose_name_plural = _("report submissions")
        indexes = [models.Index(fields=["period", "unit"], name="report_submission_idx")]

    def __str__(self) -> str:
        return f"{self.period} / {self.unit.code} {self.submitted_at:%d/%m/%Y}"


def report_done_at(submissions: list[ReportSubmission]) -> datetime | None:
    """When a unit submitted a periodic report: its first submission that was not returned (None: not yet)."""
    kept = [s.submitted_at for s in submissions if s.review != Review.RETURNED]
    return min(kept) if kept else None
