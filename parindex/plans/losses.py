"""Where a unit lost points in a campaign: the leaves an improvement plan may name.

A leaf lost points when its final score stays below what it could give (:mod:`parindex.scoring.engine`):

- a normal leaf loses ``max − points`` (a leaf not scored counts 0); a leaf declared not applicable loses what its
  not-applicable meaning says: nothing when it leaves the maximum or counts as full points, its maximum when it
  counts as 0;
- a penalty leaf loses the points it takes off the total;
- a bonus leaf loses nothing: it only adds.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from parindex.assessments.appraisal import area_of
from parindex.assessments.models import Campaign, Score
from parindex.assessments.scoring import scoring_setup
from parindex.frameworks.models import Criterion
from parindex.org.models import Unit
from parindex.scoring.counted import NotApplicableMeaning
from parindex.scoring.engine import LeafKind
from parindex.scoring.numbers import ZERO


def leaf_loss(
    kind: str,
    max_points: Decimal | None,
    points: Decimal | None,
    not_applicable: bool,
    meaning: str = NotApplicableMeaning.LEAVES_DENOMINATOR,
) -> Decimal:
    """The points a unit lost on one leaf (see the module's doc); never negative. ``meaning``: what the leaf's "not
    applicable" counts for."""
    if not_applicable and kind == LeafKind.NORMAL and meaning == NotApplicableMeaning.ZERO:
        return max_points or ZERO
    if not_applicable or kind == LeafKind.BONUS:
        return ZERO
    if kind == LeafKind.PENALTY:
        return max(ZERO, points or ZERO)
    return max(ZERO, (max_points or ZERO) - (points or ZERO))


@dataclass(frozen=True)
class Loss:
    """One leaf of a unit's sheet with its final score and what it lost."""

    leaf: Criterion
    area: Criterion | None
    points: Decimal | None
    not_applicable: bool
    lost: Decimal

    @property
    def max_points(self) -> Decimal:
        return self.leaf.max_points or ZERO


def losses(campaign: Campaign, unit: Unit) -> list[Loss]:
    """The leaves on which ``unit`` lost points in ``campaign``, in the order of the criteria set (as the campaign's
    unit group runs it: its items, at its maxima). One query (the criteria set is read once per version and kept)."""
    setup = scoring_setup(campaign)
    scores = {
        criterion_id: (points, na)
        for criterion_id, points, na in Score.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk).values_list(
            "criterion_id", "final_score", "final_na"
        )
    }
    found = []
    for leaf in setup.scored_leaves:
        points, na = scores.get(leaf.pk, (None, False))
        lost = leaf_loss(leaf.kind, leaf.max_points, points, na, leaf.not_applicable_meaning)
        if lost > ZERO:
            area_id = area_of(leaf, setup.by_id)
            area = setup.by_id.get(area_id) if area_id is not None else None
            found.append(Loss(leaf=leaf, area=area, points=points, not_applicable=na, lost=lost))
    return found
