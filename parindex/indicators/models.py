"""Operational data behind the indicators: the public holidays that make working days, the targets, each import
of a one-stop or document-system export (queued, processed, with its problems), and the computed figures."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.audit.services import Audited
from parindex.org.models import Unit
from parindex.privatefiles import private_storage
from parindex.scoring.numbers import percent


class Indicator(models.TextChoices):
    """The indicators computed from the operational exports (codes used by ``source: indicator:<code>`` leaves)."""

    ONLINE = "online_rate", _("Dossiers received online (partly or fully)")
    FULL_ONLINE = "full_online_rate", _("Dossiers received fully online")
    BCCI = "bcci_rate", _("Dossiers received or returned by public postal service (BCCI)")
    RECORDING = "onestop_recording_rate", _("Dossiers recorded in the one-stop software")
    ON_TIME = "ontime_rate", _("Dossiers resolved on time")
    APOLOGY = "apology_rate", _("Late dossiers with an apology letter")
    LOGINS = "login_compliance", _("Officials logging in at least 4 times a working day")
    # Timeliness, counted from real dates by parindex.deadlines.timeliness, stored by parindex.indicators.timeliness.
    REPORTS_SUBMITTED = "report_submission_rate", _("Periodic reports submitted")
    REPORTS_ON_TIME = "report_ontime_rate", _("Periodic reports submitted on time")
    TASKS_COMPLETED = "task_completion_rate", _("Assigned tasks completed")
    TASKS_ON_TIME = "task_ontime_rate", _("Assigned tasks completed on time")
    SELF_ASSESSMENT_ON_TIME = "self_assessment_ontime_rate", _("Self-assessment submitted on time")
    PLAN_ACTIONS_DONE = "plan_action_completion_rate", _("Improvement plan actions completed")
    PLAN_ACTIONS_ON_TIME = "plan_action_ontime_rate", _("Improvement plan actions completed on time")


class Target(Audited, models.Model):
    """The level an indicator should reach in a year (in %), set by the province; a figure at or above it is
    "đạt"."""

    audit_type = "indicator_target"

    indicator = models.CharField(_("indicator"), max_length=40, choices=Indicator.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    minimum = models.DecimalField(_("target (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["year", "indicator"]
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="target_unique_per_year"),
            models.CheckConstraint(condition=models.Q(minimum__gte=0, minimum__lte=100), name="target_is_a_percentage"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year} ≥ {self.minimum}%"

    def audit_repr(self) -> str:
        return f"{self.indicator} {self.year}"


def imports_storage() -> Storage:
    """Export files hold citizens' dossiers and officials' logins: kept in the private storage, as evidence is."""
    return private_storage()


class ImportBatch(models.Model):
    """One export file handed in (by the upload page or ``import-dossiers`` / ``import-logins``): queued with a
    due time, claimed by ``run-imports``, checked whole, then merged into the store or refused with every bad row."""

    class Kind(models.TextChoices):
        DOSSIERS = "dossiers", _("One-stop dossiers")
        LOGINS = "logins", _("Document-system logins")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being processed")
        DONE = "done", _("Imported")
        REJECTED = "rejected", _("Refused")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), storage=imports_storage, upload_to="imports/%Y/%m/", max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    mapping = models.CharField(_("column mapping"), max_length=50, blank=True, help_text=_("Empty: detected."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(max_length=200, blank=True)
    due_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    replaced = models.PositiveIntegerField(_("rows replaced"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["status", "due_at"], name="import_due_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.original_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REJECTED)


class Figure(models.Model):
    """An indicator of a unit (its whole subtree included) in a period: ``2021``, ``2021-Q1`` or ``2021-03``.
    Written only by :func:`parindex.indicators.services.refresh`, from the engine's numerators and denominators."""

    class Kind(models.TextChoices):
        MONTH = "month", _("month")
        QUARTER = "quarter", _("quarter")
        YEAR = "year", _("year")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="indicator_figures")
    period = models.CharField(_("period"), max_length=10)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    indicator = models.CharField(_("indicator"), max_length=40, choices=Indicator.choices)
    numerator = models.BigIntegerField()
    denominator = models.BigIntegerField()

    class Meta:
        verbose_name = _("indicator figure")
        verbose_name_plural = _("indicator figures")
        constraints = [models.UniqueConstraint(fields=["unit", "indicator", "period"], name="figure_unique_per_period")]
        indexes = [models.Index(fields=["indicator", "period"], name="figure_period_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.indicator} {self.period}"

    @property
    def value(self) -> Decimal | None:
        """The percentage, to the hundredth; None when there is nothing to measure (no dossier, no official)."""
        return percent(Decimal(self.numerator), Decimal(self.denominator))


def period_kind(period: str) -> str:
    if "-Q" in period:
        return Figure.Kind.QUARTER
    return Figure.Kind.MONTH if "-" in period else Figure.Kind.YEAR
