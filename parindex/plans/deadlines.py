"""What the improvement plans have due, for the reminders, the timeliness figures and the deadline board (registered
in :class:`parindex.plans.apps.PlansConfig`): every action of an accepted plan, done when its accepted completion
report was sent. An action of a plan still drafted, awaiting review or returned has no running deadline yet."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from parindex.deadlines.kinds import DeadlineKind
from parindex.deadlines.registry import Item
from parindex.plans.models import Plan, PlanAction


def plan_action_items(now: datetime) -> list[Item]:
    actions = PlanAction.objects.filter(plan__state=Plan.State.ACCEPTED).select_related(
        "plan__campaign", "plan__unit", "criterion"
    )
    items = []
    for a in actions:
        link = reverse("plans:plan", args=[a.plan.campaign.code, a.plan.unit.code])
        items.append(
            Item(
                DeadlineKind.PLAN_ACTION,
                str(a.pk),
                a.plan.unit_id,
                a.due_at,
                a.completed_at,
                _("Improvement plan %(year)s, %(code)s: %(what)s")
                % {"year": a.plan.campaign.year, "code": a.criterion.display_code, "what": a.what[:120]},
                f"{link}#action-{a.pk}",
            )
        )
    return items
