"""Campaigns, scores and results."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.frameworks.models import Criterion, Framework
from parindex.org.models import Unit, UnitGroup


class Campaign(models.Model):
    """A yearly assessment (đợt đánh giá) of one unit group against one version of a criteria set."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PUBLISHED = "published", _("Published")

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    framework = models.ForeignKey(
        Framework, verbose_name=_("criteria set"), on_delete=models.PROTECT, related_name="campaigns"
    )
    group = models.ForeignKey(
        UnitGroup, verbose_name=_("unit group"), on_delete=models.PROTECT, related_name="campaigns"
    )
    year = models.PositiveIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name

    def units(self) -> models.QuerySet[Unit]:
        return Unit.objects.filter(group=self.group, is_active=True)


def stage_snapshot(points: Decimal | None, not_applicable: bool) -> dict[str, Any]:
    """What the audit log keeps of one stage of a score."""
    return {"score": None if points is None else str(points), "not_applicable": not_applicable}


class Score(models.Model):
    """A unit's score on one leaf in a campaign: what it declared, what the council appraised, and the final figure.

    ``final_score`` / ``final_na`` are what the results use: the appraised figure once there is one, until then
    the self score (a provisional result). They are kept by :mod:`parindex.assessments.services`, never by hand.
    """

    # The unique (campaign, unit, criterion) index already starts with the campaign: no separate index for it.
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="scores", db_index=False)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    self_value = models.DecimalField(_("declared value"), max_digits=14, decimal_places=4, null=True, blank=True)
    self_score = models.DecimalField(_("self score"), max_digits=9, decimal_places=2, null=True, blank=True)
    self_na = models.BooleanField(_("declared not applicable"), default=False)
    appraised_score = models.DecimalField(_("appraised score"), max_digits=9, decimal_places=2, null=True, blank=True)
    appraised_na = models.BooleanField(_("appraised not applicable"), default=False)
    final_score = models.DecimalField(_("final score"), max_digits=9, decimal_places=2, null=True, blank=True)
    final_na = models.BooleanField(_("not applicable"), default=False)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit", "criterion"], name="score_unique_per_leaf"),
            models.CheckConstraint(
                condition=models.Q(self_score__gte=0) | models.Q(self_score__isnull=True),
                name="score_self_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(appraised_score__gte=0) | models.Q(appraised_score__isnull=True),
                name="score_appraised_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.code}/{self.unit.code}/{self.criterion.code}"

    @property
    def is_appraised(self) -> bool:
        return self.appraised_score is not None or self.appraised_na

    def resolve_final(self) -> None:
        if self.is_appraised:
            self.final_score, self.final_na = self.appraised_score, self.appraised_na
        else:
            self.final_score, self.final_na = self.self_score, self.self_na

    def snapshot(self, stage: str) -> dict[str, Any]:
        """The audited view of one stage of this score."""
        if stage == "self":
            return stage_snapshot(self.self_score, self.self_na)
        return stage_snapshot(self.appraised_score, self.appraised_na)


class Result(models.Model):
    """A unit's computed result in a campaign: points, index, area sub-indices, rank in its group and band."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="results")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="results")
    base_points = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal(0))
    bonus = models.DecimalField(_("bonus"), max_digits=9, decimal_places=2, default=Decimal(0))
    penalty = models.DecimalField(_("penalty"), max_digits=9, decimal_places=2, default=Decimal(0))
    points = models.DecimalField(_("points"), max_digits=9, decimal_places=2, default=Decimal(0))
    max_points = models.DecimalField(_("maximum points"), max_digits=9, decimal_places=2, default=Decimal(0))
    index = models.DecimalField(_("index"), max_digits=7, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    band = models.CharField(_("band"), max_length=20, blank=True)
    areas = models.JSONField(_("area sub-indices"), default=dict, help_text="{area code: [points, max, index]}")
    missing = models.PositiveIntegerField(_("leaves not scored"), default=0)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["campaign", "rank", "unit__code"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="result_unique_per_unit")]
        indexes = [models.Index(fields=["campaign", "rank"], name="result_campaign_rank_idx")]

    def __str__(self) -> str:
        return f"{self.campaign.code}/{self.unit.code}: {self.index}"

    def snapshot(self) -> dict[str, Any]:
        return {
            "points": str(self.points),
            "max_points": str(self.max_points),
            "index": None if self.index is None else str(self.index),
            "rank": self.rank,
            "band": self.band,
        }
