"""Criteria sets (bộ tiêu chí) and their criteria tree, versioned."""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.audit.services import Audited
from parindex.scoring.engine import LeafKind, Tree
from parindex.scoring.ranking import Band
from parindex.scoring.rules import Rule

from .spec import rule_from_data


class Framework(Audited, models.Model):
    """One version of a criteria set. A version used by a campaign is frozen: new content makes a new version."""

    audit_type = "framework"

    code = models.CharField(_("code"), max_length=50)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=255)
    year = models.PositiveIntegerField(_("year"))
    levels = models.JSONField(_("level names"), default=list, blank=True)
    bands = models.JSONField(_("bands"), default=list, blank=True)
    bonus_cap = models.DecimalField(_("bonus cap"), max_digits=9, decimal_places=2, null=True, blank=True)
    penalty_cap = models.DecimalField(_("penalty cap"), max_digits=9, decimal_places=2, null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_sample = models.BooleanField(_("sample"), default=False, help_text=_("A sample set, not an official decision."))
    digest = models.CharField(max_length=64, editable=False)
    source = models.JSONField(editable=False, help_text="The validated content as loaded, for exports and audits.")
    loaded_at = models.DateTimeField(
        _("loaded at"), default=timezone.now, help_text="When this content was loaded (again, after a replacement)."
    )

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="framework_code_version_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code} v{self.version})"

    @property
    def is_in_use(self) -> bool:
        return self.campaigns.exists()

    @property
    def max_points(self) -> Decimal:
        return sum(
            (c.max_points or Decimal(0) for c in self.criteria.filter(is_leaf=True, kind=LeafKind.NORMAL)), Decimal(0)
        )

    def band_list(self) -> list[Band]:
        return [Band(code=b["code"], name=b["name"], min=Decimal(b["min"])) for b in self.bands]

    @cached_property
    def tree(self) -> Tree:
        """The scoring tree, built once per instance from the stored criteria."""
        criteria = list(self.criteria.order_by("position"))
        by_id = {c.pk: c for c in criteria}

        def ancestors(c: Criterion) -> list[str]:
            chain: list[str] = []
            parent = by_id.get(c.parent_id) if c.parent_id else None
            while parent is not None:
                chain.append(parent.code)
                parent = by_id.get(parent.parent_id) if parent.parent_id else None
            return list(reversed(chain))

        return Tree.from_paths(
            ((c.code, ancestors(c), c.max_points or Decimal(0), c.kind) for c in criteria if c.is_leaf),
            bonus_cap=self.bonus_cap,
            penalty_cap=self.penalty_cap,
        )


class Criterion(models.Model):
    """A node of the criteria tree: an area, a criterion or a sub-criterion; a leaf carries the rule that scores it."""

    class Source(models.TextChoices):
        SELF = "self", _("Self-assessed by the unit")
        SURVEY = "survey", _("Sociological survey")
        INDICATOR = "indicator", _("Operational indicator")

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    code = models.CharField(_("code"), max_length=50)
    name = models.TextField(_("name"))
    depth = models.PositiveSmallIntegerField(_("depth"))
    position = models.PositiveIntegerField(help_text="Display order across the whole set.")
    is_leaf = models.BooleanField(default=False)
    max_points = models.DecimalField(_("maximum points"), max_digits=9, decimal_places=2, null=True, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=[(k.value, k.value) for k in LeafKind], default=LeafKind.NORMAL
    )
    rule = models.JSONField(_("rule"), null=True, blank=True)
    evidence = models.TextField(_("evidence asked for"), blank=True)
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    source = models.CharField(_("source"), max_length=60, default="self", help_text="self, survey or indicator:<code>")
    not_applicable_allowed = models.BooleanField(_("may be not applicable"), default=False)

    class Meta:
        ordering = ["framework", "position"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            # Codes are unique in the whole set (imports name a leaf by code alone), hence also under each parent.
            models.UniqueConstraint(fields=["framework", "code"], name="criterion_code_unique_in_framework"),
            models.CheckConstraint(
                condition=~models.Q(is_leaf=True) | models.Q(max_points__isnull=False), name="criterion_leaf_has_max"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"

    @property
    def rule_object(self) -> Rule | None:
        return rule_from_data(self.rule) if self.rule else None

    @property
    def source_kind(self) -> str:
        return self.source.split(":", 1)[0]

    def rule_data(self) -> dict[str, Any]:
        return dict(self.rule or {})
