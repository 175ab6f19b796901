"""The effort mark Home Affairs may set on a sub-criterion: how hard it is for a unit to win its points back."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.audit.services import Audited
from parindex.frameworks.models import Criterion


class Effort(models.TextChoices):
    """Easiest first (the order of :data:`parindex.scoring.gaps.EFFORT_ORDER`)."""

    LOW = "low", _("Low effort")
    MEDIUM = "medium", _("Medium effort")
    HIGH = "high", _("High effort")


class LeafEffort(Audited, models.Model):
    """One leaf of one criteria-set version marked low, medium or high effort; an unmarked leaf counts as medium."""

    audit_type = "leaf_effort"

    criterion = models.OneToOneField(
        Criterion,
        verbose_name=_("sub-criterion"),
        on_delete=models.CASCADE,
        related_name="effort_mark",
        limit_choices_to={"is_leaf": True},
    )
    effort = models.CharField(_("effort"), max_length=10, choices=Effort.choices)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("effort mark")
        verbose_name_plural = _("effort marks")

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.get_effort_display()}"

    def audit_id(self) -> str | int:
        return self.criterion_id  # one history per leaf, across a mark removed and set again

    def audit_repr(self) -> str:
        return f"{self.criterion.framework_id}/{self.criterion.code}"

    def audit_scope(self) -> dict[str, int | None]:
        return {"criterion_id": self.criterion_id}

    def snapshot(self) -> dict[str, Any]:
        return {"effort": self.effort}
