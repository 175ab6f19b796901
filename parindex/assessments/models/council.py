"""The council's side: explanation requests on a leaf, and who appraises what."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.assessments.models.campaign import Campaign
from parindex.audit.services import Audited
from parindex.frameworks.models import Criterion
from parindex.org.models import Unit


class Question(Audited, models.Model):
    """An appraiser's request for an explanation on one leaf (yêu cầu giải trình), and the unit's answer.

    Its audit entries (the question, the answer) are filed under the leaf it is about."""

    audit_type = "question"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="questions", db_index=False)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="questions")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="questions")
    text = models.TextField(_("question"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]
        verbose_name = _("explanation request")
        verbose_name_plural = _("explanation requests")
        indexes = [models.Index(fields=["campaign", "unit"], name="question_unit_idx")]

    def __str__(self) -> str:
        return self.text[:60]

    def audit_repr(self) -> str:
        return f"{self.unit.code}/{self.criterion.code}"

    def audit_scope(self) -> dict[str, int | None]:
        return {"campaign_id": self.campaign_id, "unit_id": self.unit_id, "criterion_id": self.criterion_id}


class AppraiserAssignment(models.Model):
    """Who appraises what in a campaign: a council member assigned to a whole unit, or to one area for every unit."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appraisals")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(
        Criterion, null=True, blank=True, on_delete=models.CASCADE, related_name="+", limit_choices_to={"depth": 1}
    )

    class Meta:
        verbose_name = _("appraiser assignment")
        verbose_name_plural = _("appraiser assignments")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(unit__isnull=True) & models.Q(area__isnull=False))
                | (models.Q(unit__isnull=False) & models.Q(area__isnull=True)),
                name="assignment_unit_or_area",
            ),
            models.UniqueConstraint(fields=["campaign", "user", "unit"], name="assignment_unique_unit"),
            models.UniqueConstraint(fields=["campaign", "user", "area"], name="assignment_unique_area"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.unit_id or self.area_id}"
