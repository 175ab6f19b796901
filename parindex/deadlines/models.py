"""What the deadlines app keeps: the calendar's days off, when to remind per kind of deadline (a schedule and its
steps), and every reminder and notice sent, to whom, when, about what, read or not. A unit's file can then show "đã
nhắc nhở 4 lần" as evidence instead of phone calls nobody can prove.

The tables kept the names they had in the apps these models came from (``notifications``, ``indicators``)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.deadlines.core import Level
from parindex.deadlines.kinds import DeadlineKind
from parindex.org.models import Unit


class Kind(models.TextChoices):
    """The kinds of deadline reminded on a schedule (:data:`parindex.deadlines.kinds.SCHEDULED`), as choices."""

    TASK = DeadlineKind.TASK.value, _("assigned task")
    REPORT = DeadlineKind.REPORT.value, _("periodic report")
    SELF_ASSESSMENT = DeadlineKind.SELF_ASSESSMENT.value, _("self-assessment")
    PLAN_ACTION = DeadlineKind.PLAN_ACTION.value, _("improvement plan action")


# A notice of a step of the assessment cycle (a unit submitted, questions sent, explanation sent, results published):
# no deadline of its own to remind about, so no schedule; written when the step commits and sent by the same worker.
STEP = "step"
NOTICE_KINDS = [*Kind.choices, (STEP, _("step of the assessment cycle"))]


class Holiday(models.Model):
    """A public holiday (ngày nghỉ lễ, Tết) or a day off in lieu: not a working day for reminders, deadlines moved to
    the working day before, or login compliance."""

    day = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        db_table = "indicators_holiday"
        ordering = ["day"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}"


class ReminderSchedule(models.Model):
    """When to remind, per kind of deadline: some days before (its steps, :class:`ReminderStep`), on the day, every few
    days after, then escalation. The planner reads it as a :class:`parindex.deadlines.core.Schedule`; a kind without
    one gets the default schedule."""

    kind = models.CharField(_("kind of deadline"), max_length=20, choices=Kind.choices, unique=True)
    on_the_day = models.BooleanField(_("on the day"), default=True)
    every_days_after = models.PositiveSmallIntegerField(_("every … days after the deadline"), default=2)
    escalate_after = models.PositiveSmallIntegerField(_("reminders past the deadline before escalating"), default=3)
    max_after = models.PositiveSmallIntegerField(_("reminders past the deadline at most"), default=8)

    class Meta:
        db_table = "notifications_reminderschedule"
        verbose_name = _("reminder schedule")
        verbose_name_plural = _("reminder schedules")

    def __str__(self) -> str:
        return self.get_kind_display()


class ReminderStep(models.Model):
    """One reminder before the deadline in a schedule: so many days before it (moved to the working day before)."""

    schedule = models.ForeignKey(
        ReminderSchedule, on_delete=models.CASCADE, related_name="steps", verbose_name=_("reminder schedule")
    )
    days_before = models.PositiveSmallIntegerField(_("days before"), validators=[MinValueValidator(1)])

    class Meta:
        db_table = "notifications_reminderstep"
        ordering = ["schedule", "-days_before"]
        verbose_name = _("reminder before the deadline")
        verbose_name_plural = _("reminders before the deadline")
        constraints = [
            models.UniqueConstraint(fields=["schedule", "days_before"], name="reminder_step_once"),
            models.CheckConstraint(condition=models.Q(days_before__gte=1), name="reminder_step_before"),
        ]

    def __str__(self) -> str:
        return f"{self.schedule_id}: {self.days_before}"


class Reminder(models.Model):
    """One reminder to one person (or to a unit with nobody to reach, recorded all the same) about one deadline, or a
    notice of a step of the cycle (kind ``step``, written by :func:`parindex.deadlines.notices.notify`). Written with
    its due time; ``send-reminders`` claims it (conditional UPDATE on ``claimed_at``) and sends it."""

    kind = models.CharField(max_length=20, choices=NOTICE_KINDS)
    object_key = models.CharField(max_length=50, help_text="The deadline's key within its kind.")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="reminders")
    subject = models.CharField(_("about"), max_length=300)
    link = models.CharField(max_length=300, blank=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True, help_text=_("Empty: a notice without one."))
    step = models.PositiveSmallIntegerField(_("reminder number"))
    level = models.CharField(
        max_length=20,
        choices=[
            (Level.UNIT.value, _("unit")),
            (Level.HEAD.value, _("head of unit")),
            (Level.LEADERSHIP.value, _("leadership")),
        ],
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    due_at = models.DateTimeField(_("due"))
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        db_table = "notifications_reminder"
        ordering = ["-due_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_key", "step", "recipient"], name="reminder_once_per_step_and_person"
            ),
            models.UniqueConstraint(
                fields=["kind", "object_key", "step"],
                condition=models.Q(recipient__isnull=True),
                name="reminder_once_per_step_nobody",
            ),
        ]
        indexes = [
            models.Index(fields=["due_at"], condition=models.Q(claimed_at__isnull=True), name="reminder_due_idx"),
            models.Index(fields=["recipient", "read_at"], name="reminder_inbox_idx"),
            models.Index(fields=["kind", "object_key"], name="reminder_subject_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_key} #{self.step}"
