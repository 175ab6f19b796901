"""What the improvement plans add to the unit's self-assessment sheet, which never imports this app (connected to
:data:`parindex.assessments.signals.unit_sheet_context` in :class:`parindex.plans.apps.PlansConfig`):

- on the sheet of published results, a card linking to the unit's plan (``plan_card``);
- on the sheet of a running campaign, for each leaf, the unit's points on the same leaf in the group's last published
  campaign and the actions its accepted plan took on it (``plan_leaves``: leaf id → :class:`LastYear`, leaves
  matched across the two criteria sets by their code), with the card of that plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from parindex.assessments.models import Assessment, Campaign, Score
from parindex.assessments.scoring import scoring_setup
from parindex.org.models import Unit
from parindex.plans.losses import leaf_loss
from parindex.plans.models import ActionReport, Plan, PlanAction
from parindex.review import Review


@dataclass(frozen=True)
class PlanCard:
    """The plan a sheet links to: of ``campaign`` (published), for ``unit``; ``plan`` None when none is filed."""

    campaign: Campaign
    unit: Unit
    plan: Plan | None


@dataclass(frozen=True)
class PastAction:
    what: str
    person: str
    deadline: Any
    status: str
    status_label: str


@dataclass
class LastYear:
    """A leaf's points in the last published campaign, and the plan's actions on it."""

    year: int
    points: Decimal | None = None
    max_points: Decimal | None = None
    not_applicable: bool = False
    lost: Decimal = Decimal(0)
    scored: bool = False
    actions: list[PastAction] = field(default_factory=list)


def previous_campaign(campaign: Campaign) -> Campaign | None:
    """The group's last published campaign before ``campaign``'s year."""
    return (
        Campaign.objects.filter(group_id=campaign.group_id, status=Campaign.Status.PUBLISHED, year__lt=campaign.year)
        .order_by("-year", "-published_at", "-pk")
        .first()
    )


def last_year(campaign: Campaign, unit: Unit, previous: Campaign, now: datetime | None = None) -> dict[int, LastYear]:
    """Leaf id of ``campaign`` → the unit's points and accepted plan's actions on the leaf of the same code in
    ``previous``. Two queries."""
    now = now or timezone.now()
    current = {c.code: c.pk for c in scoring_setup(campaign).criteria if c.is_leaf}
    found: dict[int, LastYear] = {}

    def entry(code: str) -> LastYear | None:
        leaf_id = current.get(code)
        if leaf_id is None:
            return None
        return found.setdefault(leaf_id, LastYear(year=previous.year))

    scores = Score.objects.filter(campaign=previous, unit=unit).select_related("criterion")
    for score in scores:
        last = entry(score.criterion.code)
        if last is None:
            continue
        leaf = score.criterion
        maximum = leaf.max_points
        if leaf.max_by_group:  # the same unit group ran both campaigns: its maximum, when the set gives one
            maximum = leaf.max_for_group(campaign.group.code) or maximum
        last.points, last.max_points, last.not_applicable = score.final_score, maximum, score.final_na
        last.lost = leaf_loss(leaf.kind, maximum, score.final_score, score.final_na, leaf.not_applicable_meaning)
        last.scored = True
    waiting = ActionReport.objects.filter(action=OuterRef("pk"), review=Review.PENDING)
    actions = (
        PlanAction.objects.filter(plan__campaign=previous, plan__unit=unit, plan__state=Plan.State.ACCEPTED)
        .select_related("criterion")
        .annotate(waiting=Exists(waiting))
    )
    for action in actions:
        last = entry(action.criterion.code)
        if last is None:
            continue
        status = action.status(now, bool(getattr(action, "waiting", False)))
        last.actions.append(
            PastAction(action.what, action.person, action.deadline, status, str(PlanAction.Status(status).label))
        )
    return found


def unit_sheet_plans(sender: Any, campaign: Campaign, unit: Unit, assessment: Assessment, **kwargs: Any) -> dict:
    """The plan card of published results; last year's points and actions on a running campaign's sheet. One query
    when the group has no published campaign before this one."""
    if campaign.is_published:
        return {"plan_card": PlanCard(campaign, unit, Plan.objects.filter(campaign=campaign, unit=unit).first())}
    if not campaign.is_open:
        return {}
    previous = previous_campaign(campaign)
    if previous is None:
        return {}
    plan = Plan.objects.filter(campaign=previous, unit=unit).first()
    return {
        "plan_leaves": last_year(campaign, unit, previous),
        "plan_previous": previous,
        "plan_card": PlanCard(previous, unit, plan),
    }
