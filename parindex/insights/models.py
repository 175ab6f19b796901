"""What the leaders' view across years keeps of its own: how a new criteria set's areas continue the previous set's,
and the district's own index and rank as the province published them. Both are edited by Home Affairs and audited."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.audit.services import Audited
from parindex.org.models import Unit
from parindex.scoring.numbers import quantize_points


class AreaMapping(Audited, models.Model):
    """Area ``area_code`` of the criteria set ``framework_code`` continues area ``previous_area_code`` of the set
    ``previous_framework_code`` (an empty previous area: a new area, with no earlier figure).

    Without a mapping, areas are matched by code. Sets are named by their code, so a mapping holds for every version
    of a set. Several rows for one area merge the previous areas (their points and maxima are added up); one previous
    area may continue in several new ones (a split).
    """

    audit_type = "area_mapping"

    framework_code = models.CharField(_("criteria set"), max_length=50)
    area_code = models.CharField(_("area"), max_length=50)
    previous_framework_code = models.CharField(_("previous criteria set"), max_length=50)
    previous_area_code = models.CharField(
        _("area of the previous set"), max_length=50, blank=True, help_text=_("Empty: a new area, no earlier figure.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["framework_code", "previous_framework_code", "area_code", "previous_area_code"]
        verbose_name = _("area mapping")
        verbose_name_plural = _("area mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["framework_code", "area_code", "previous_framework_code", "previous_area_code"],
                name="area_mapping_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(framework_code=models.F("previous_framework_code")),
                name="area_mapping_between_two_sets",
            ),
        ]

    def __str__(self) -> str:
        previous = self.previous_area_code or "—"
        return f"{self.framework_code}/{self.area_code} ← {self.previous_framework_code}/{previous}"

    def snapshot(self) -> dict[str, str]:
        return {
            "framework": self.framework_code,
            "area": self.area_code,
            "previous_framework": self.previous_framework_code,
            "previous_area": self.previous_area_code,
        }


class ProvinceStanding(Audited, models.Model):
    """The index and rank the province published for a committee (the district) in a year, from its decision."""

    audit_type = "province_standing"

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("assessed committee"),
        on_delete=models.PROTECT,
        related_name="province_standings",
        help_text=_("The committee the province assessed (the one that runs the campaigns)."),
    )
    year = models.PositiveIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    index = models.DecimalField(
        _("index (%)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    ranked_total = models.PositiveIntegerField(_("out of"), null=True, blank=True)
    decision = models.CharField(
        _("published by"),
        max_length=255,
        blank=True,
        help_text=_("The province's decision, e.g. Quyết định số 771/QĐ-UBND."),
    )
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["unit__name", "year"]
        verbose_name = _("index published by the province")
        verbose_name_plural = _("indices published by the province")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="province_standing_unique_per_year"),
            models.CheckConstraint(
                condition=models.Q(rank__isnull=True)
                | models.Q(ranked_total__isnull=True)
                | models.Q(rank__lte=models.F("ranked_total")),
                name="province_standing_rank_within_total",
                violation_error_message=_("The rank cannot be above the number of units ranked."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.index}"

    def audit_repr(self) -> str:
        return f"{self.unit.code} {self.year}"

    def audit_scope(self) -> dict[str, int | None]:
        return {"unit_id": self.unit_id}

    def snapshot(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "index": str(quantize_points(Decimal(self.index))),
            "rank": self.rank,
            "ranked_total": self.ranked_total,
            "decision": self.decision,
            "decided_on": self.decided_on.isoformat() if self.decided_on else None,
        }
