"""Head-of-unit rating rule sets and the disciplinary cases register that feeds them."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from parindex.audit.services import Audited
from parindex.org.models import Unit
from parindex.scoring.rating import RuleSet


class RatingRuleSet(Audited, models.Model):
    """A province's rules for rating heads of units (quy định đánh giá trách nhiệm người đứng đầu), as data."""

    audit_type = "rating_rules"

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    is_sample = models.BooleanField(_("sample"), default=False, help_text=_("A sample, not an official decision."))
    source = models.JSONField(editable=False, help_text="The validated rule set as loaded.")
    digest = models.CharField(max_length=64, editable=False)
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)

    class Meta:
        ordering = ["code"]
        verbose_name = _("head-rating rule set")
        verbose_name_plural = _("head-rating rule sets")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def audit_repr(self) -> str:
        return self.code

    @cached_property
    def rules(self) -> RuleSet:
        from parindex.ratings.spec import parse_rule_set

        return parse_rule_set(self.source)[0]

    def source_data(self) -> dict[str, Any]:
        return dict(self.source)


class DisciplinaryCase(Audited, models.Model):
    """A disciplinary case against an official of a unit (e.g. abuse of position), by decision; it can cap the
    rating of the unit's head in the year of the decision."""

    audit_type = "discipline"

    class Kind(models.TextChoices):
        ABUSE_OF_POSITION = "lam_dung_chuc_vu", _("Abuse of position or power")
        CORRUPTION = "tham_nhung", _("Corruption")
        HARASSMENT = "nhung_nhieu", _("Harassment of citizens or businesses")
        OTHER = "khac", _("Other breach of discipline")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="disciplinary_cases")
    decided_on = models.DateField(_("decision date"))
    decision_number = models.CharField(_("decision number"), max_length=100)
    kind = models.CharField(pgettext_lazy("discipline", "kind"), max_length=40, choices=Kind.choices)
    official = models.CharField(_("official concerned"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "unit__code"]
        verbose_name = _("disciplinary case")
        verbose_name_plural = _("disciplinary cases")
        constraints = [
            models.UniqueConstraint(fields=["unit", "decision_number"], name="discipline_unique_decision_per_unit")
        ]
        indexes = [models.Index(fields=["unit", "decided_on"], name="discipline_unit_date_idx")]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.unit.code})"

    def audit_scope(self) -> dict[str, int | None]:
        return {"unit_id": self.unit_id}

    def snapshot(self) -> dict[str, Any]:
        """What the audit log keeps of a case (the unit by its code)."""
        return {
            "unit": self.unit.code,
            "decided_on": self.decided_on.isoformat(),
            "decision_number": self.decision_number,
            "kind": self.kind,
            "official": self.official,
            "summary": self.summary,
        }


class HeadRating(Audited, models.Model):
    """The rating of a unit's head in a campaign, stored with the results when they are locked (and published with
    them); while a campaign is open the pages show it computed on the fly."""

    audit_type = "head_rating"

    campaign = models.ForeignKey("assessments.Campaign", on_delete=models.CASCADE, related_name="head_ratings")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="head_ratings")
    rule_set = models.ForeignKey(RatingRuleSet, on_delete=models.PROTECT, related_name="ratings")
    level_code = models.CharField(_("level"), max_length=50)
    level_name = models.CharField(_("level name"), max_length=255)
    reasons = models.JSONField(_("reasons"), default=list, help_text="The failed conditions of better levels.")
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("head rating")
        verbose_name_plural = _("head ratings")
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="head_rating_unique_per_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.level_code}"

    def audit_repr(self) -> str:
        return f"{self.campaign.code}/{self.unit_id}"

    def audit_scope(self) -> dict[str, int | None]:
        return {"campaign_id": self.campaign_id, "unit_id": self.unit_id}

    def snapshot(self) -> dict[str, Any]:
        return {"level": self.level_code, "reasons": self.reasons}
