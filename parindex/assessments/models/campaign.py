"""A campaign: a yearly assessment of one unit group against one criteria-set version, its calendar and policy."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.audit.services import Audited
from parindex.frameworks.models import Framework
from parindex.org.models import Unit, UnitGroup


class Campaign(Audited, models.Model):
    """A yearly assessment (đợt đánh giá) of one unit group against one version of a criteria set."""

    audit_type = "campaign"

    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        LOCKED = "locked", _("Results locked")
        PUBLISHED = "published", _("Published")

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    framework = models.ForeignKey(
        Framework, verbose_name=_("criteria set"), on_delete=models.PROTECT, related_name="campaigns"
    )
    group = models.ForeignKey(
        UnitGroup, verbose_name=_("unit group"), on_delete=models.PROTECT, related_name="campaigns"
    )
    # Every campaign-wide right (calendar, appraisers, exceptions, results, the overview) is decided on this unit:
    # the committee that runs the campaign, above every unit it assesses.
    owner = models.ForeignKey(
        Unit,
        verbose_name=_("running unit"),
        on_delete=models.PROTECT,
        related_name="run_campaigns",
        help_text=_("The committee that runs the campaign; it is above every unit of the group."),
    )
    year = models.PositiveIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The calendar. Empty dates mean "no such limit" (a campaign opened from the command line for an import).
    self_opens_at = models.DateTimeField(_("self-assessment opens"), null=True, blank=True)
    self_closes_at = models.DateTimeField(_("self-assessment closes"), null=True, blank=True)
    round1_ends_at = models.DateTimeField(_("appraisal round 1 ends"), null=True, blank=True)
    explanation_closes_at = models.DateTimeField(_("explanation window closes"), null=True, blank=True)
    round2_ends_at = models.DateTimeField(_("appraisal round 2 ends"), null=True, blank=True)
    publish_on = models.DateField(_("publication date"), null=True, blank=True)
    # The lateness policy, chosen per campaign.
    zero_if_not_self_assessed = models.BooleanField(
        _("items not self-assessed by the deadline are appraised at 0"), default=True
    )
    late_deduction = models.DecimalField(
        _("points deducted for a late submission"), max_digits=6, decimal_places=2, default=Decimal(0)
    )
    unrank_if_not_submitted = models.BooleanField(_("a unit that submitted nothing is left unranked"), default=False)
    rating_rules = models.ForeignKey(
        "ratings.RatingRuleSet",
        verbose_name=_("head-rating rules"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    locked_at = models.DateTimeField(_("results locked at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(self_opens_at__isnull=True)
                | models.Q(self_closes_at__isnull=True)
                | models.Q(self_opens_at__lt=models.F("self_closes_at")),
                name="campaign_self_window_in_order",
            ),
            models.CheckConstraint(condition=models.Q(late_deduction__gte=0), name="campaign_deduction_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_repr(self) -> str:
        return self.code

    def audit_scope(self) -> dict[str, int | None]:
        return {"campaign_id": self.pk}

    def units(self) -> models.QuerySet[Unit]:
        return Unit.objects.filter(group=self.group, is_active=True)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def calendar(self) -> list[tuple[str, Any]]:
        """(label, date) of each step, in order, for display."""
        return [
            (str(_("Self-assessment opens")), self.self_opens_at),
            (str(_("Self-assessment closes")), self.self_closes_at),
            (str(_("Appraisal round 1 ends")), self.round1_ends_at),
            (str(_("Explanation window closes")), self.explanation_closes_at),
            (str(_("Appraisal round 2 ends")), self.round2_ends_at),
            (str(_("Publication")), self.publish_on),
        ]

    def explanation_open(self, now: datetime | None = None) -> bool:
        return self.explanation_closes_at is None or (now or timezone.now()) < self.explanation_closes_at
