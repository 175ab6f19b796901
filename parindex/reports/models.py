"""Periodic PAR reports (báo cáo CCHC định kỳ): a period due from every unit of a group, and the units' submissions.

A report is submitted when a submission that was not returned was sent (:func:`report_done_at`); where it stands
against its deadline is :func:`parindex.deadlines.core.standing` of its due and done moments, counted from real dates.

The tables keep the names they had when tasks and periodic reports were one app (``assignments_*``): the models
moved, the rows did not.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.audit.services import Audited
from parindex.org.models import Unit, UnitGroup
from parindex.privatefiles import private_storage
from parindex.review import Review, SentForReview


class ReportPeriod(Audited, models.Model):
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
        db_table = "assignments_reportperiod"
        ordering = ["year", "deadline", "group__code"]
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        constraints = [models.UniqueConstraint(fields=["year", "kind", "group"], name="report_period_unique")]

    audit_type = "report_period"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} ({self.group.code})"

    def units(self) -> models.QuerySet[Unit]:
        return Unit.objects.filter(group=self.group, is_active=True)


class ReportSubmission(Audited, SentForReview):
    """A unit's periodic report as sent (a file and its date); Home Affairs accepts or returns it. A returned report
    is sent again as a new submission."""

    period = models.ForeignKey(ReportPeriod, on_delete=models.CASCADE, related_name="submissions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="report_submissions")
    file = models.FileField(_("file"), storage=private_storage, upload_to="reports/%Y/", max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        db_table = "assignments_reportsubmission"
        ordering = ["submitted_at"]
        verbose_name = _("report submission")
        verbose_name_plural = _("report submissions")
        indexes = [models.Index(fields=["period", "unit"], name="report_submission_idx")]

    audit_type = "report_submission"

    def __str__(self) -> str:
        return f"{self.period} / {self.unit.code} {self.submitted_at:%d/%m/%Y}"

    def audit_repr(self) -> str:
        return f"{self.period} / {self.unit.code}"

    def audit_scope(self) -> dict[str, int | None]:
        return {"unit_id": self.unit_id}


def report_done_at(submissions: list[ReportSubmission]) -> datetime | None:
    """When a unit submitted a periodic report: its first submission that was not returned (None: not yet)."""
    kept = [s.submitted_at for s in submissions if s.review != Review.RETURNED]
    return min(kept) if kept else None
