"""Each unit's scores on the leaves of a campaign, and its computed result."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.assessments.models.campaign import Campaign
from parindex.audit.services import Audited, Change
from parindex.frameworks.models import Criterion
from parindex.org.models import Unit
from parindex.scoring.numbers import plain


def stage_snapshot(points: Decimal | None, not_applicable: bool) -> dict[str, Any]:
    """What the audit log keeps of one stage of a score."""
    return {"score": None if points is None else str(points), "not_applicable": not_applicable}


class Score(Audited, models.Model):
    """A unit's score on one leaf in a campaign: what it declared, what the council appraised, and the final figure.

    ``final_score`` / ``final_na`` are what the results use: the appraised figure once there is one, until then
    the self score (a provisional result). They are kept by :mod:`parindex.assessments.services`, never by hand.
    """

    audit_type = "score"

    # The unique (campaign, unit, criterion) index already starts with the campaign: no separate index for it.
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="scores", db_index=False)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    self_value = models.DecimalField(_("declared value"), max_digits=14, decimal_places=4, null=True, blank=True)
    self_score = models.DecimalField(_("self score"), max_digits=9, decimal_places=2, null=True, blank=True)
    self_na = models.BooleanField(_("declared not applicable"), default=False)
    # The raw inputs of a rule over several inputs (a ratio's two counts, a formula's named inputs), as strings.
    self_inputs = models.JSONField(_("declared inputs"), null=True, blank=True)
    appraised_score = models.DecimalField(_("appraised score"), max_digits=9, decimal_places=2, null=True, blank=True)
    appraised_na = models.BooleanField(_("appraised not applicable"), default=False)
    appraised_inputs = models.JSONField(_("appraised inputs"), null=True, blank=True)
    final_score = models.DecimalField(_("final score"), max_digits=9, decimal_places=2, null=True, blank=True)
    final_na = models.BooleanField(_("not applicable"), default=False)
    note = models.TextField(_("explanation"), blank=True, help_text=_("The unit's account of its self score."))
    appraisal_note = models.TextField(_("appraiser's reason"), blank=True)
    round1_score = models.DecimalField(_("round 1 score"), max_digits=9, decimal_places=2, null=True, blank=True)
    round1_na = models.BooleanField(_("round 1 not applicable"), default=False)
    # Set when locking the results wrote this appraised 0 under the lateness policy; re-opening takes it back.
    zeroed_by_lock = models.BooleanField(_("set to 0 by the lock"), default=False, db_default=False)
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
            state = stage_snapshot(self.self_score, self.self_na)
            if self.self_value is not None:
                state["value"] = plain(self.self_value)
            return state
        return stage_snapshot(self.appraised_score, self.appraised_na)

    @classmethod
    def entry(
        cls,
        action: str,
        campaign_id: int,
        unit_id: int,
        criterion_id: int,
        before: Any,
        after: Any,
        object_repr: str | None = None,
    ) -> Change:
        """The audit entry of a change to the score of (campaign, unit, leaf), from ids only: imports insert plain
        rows (no instance, 350,000 of them). Named "unit id/leaf id" unless ``object_repr`` says otherwise."""
        return Change(
            action,
            cls.audit_type,
            f"{campaign_id}:{unit_id}:{criterion_id}",
            f"{unit_id}/{criterion_id}" if object_repr is None else object_repr,
            before,
            after,
            campaign_id=campaign_id,
            unit_id=unit_id,
            criterion_id=criterion_id,
        )

    def to_change(self, action: str, before: Any, after: Any, **extra: Any) -> Change:
        return self.entry(action, self.campaign_id, self.unit_id, self.criterion_id, before, after, **extra)


class Result(Audited, models.Model):
    """A unit's computed result in a campaign: points, index, area sub-indices, rank in its group and band."""

    audit_type = "result"

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
    deduction = models.DecimalField(_("late deduction"), max_digits=9, decimal_places=2, default=Decimal(0))
    unranked = models.BooleanField(_("left unranked"), default=False)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["campaign", "rank", "unit__code"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="result_unique_per_unit")]
        indexes = [models.Index(fields=["campaign", "rank"], name="result_campaign_rank_idx")]

    def __str__(self) -> str:
        return f"{self.campaign.code}/{self.unit.code}: {self.index}"

    def audit_id(self) -> str:
        return f"{self.campaign_id}:{self.unit_id}"

    def audit_repr(self) -> str:
        return f"{self.campaign_id}/{self.unit_id}"

    def audit_scope(self) -> dict[str, int | None]:
        return {"campaign_id": self.campaign_id, "unit_id": self.unit_id}

    def snapshot(self) -> dict[str, Any]:
        state: dict[str, Any] = {
            "points": str(self.points),
            "max_points": str(self.max_points),
            "index": None if self.index is None else str(self.index),
            "rank": self.rank,
            "band": self.band,
        }
        # Only where the lateness policy applies, so ordinary entries stay as short as before.
        if self.deduction:
            state["deduction"] = str(self.deduction)
        if self.unranked:
            state["unranked"] = True
        return state
