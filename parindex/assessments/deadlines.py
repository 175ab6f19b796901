"""What the units owe in the assessment cycle, for the reminders, the timeliness figures and the deadline board
(registered in :class:`parindex.assessments.apps.AssessmentsConfig`)."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from parindex.assessments.models import Assessment, Campaign
from parindex.deadlines.kinds import DeadlineKind
from parindex.deadlines.registry import Item


def self_assessment_items(now: datetime) -> list[Item]:
    """Every unit's self-assessment of a campaign with a deadline (the unit's own, if it was given an exception)."""
    items = []
    assessments = Assessment.objects.select_related("campaign", "unit").filter(campaign__self_closes_at__isnull=False)
    for a in assessments:
        due = a.deadline_override or a.campaign.self_closes_at
        assert due is not None
        items.append(
            Item(
                DeadlineKind.SELF_ASSESSMENT,
                str(a.pk),
                a.unit_id,
                due,
                a.submitted_at,
                _("Self-assessment: %(campaign)s") % {"campaign": a.campaign.name},
                # Opens the right page for whoever follows it: the unit's sheet, or its appraisal page for others.
                reverse("assessments:unit-open", args=[a.campaign.code, a.unit.code]),
                running=a.campaign.status == Campaign.Status.OPEN,
            )
        )
    return items


def explanation_items(now: datetime) -> list[Item]:
    """Explanations the units owe the appraisal council: asked for in a running campaign that set an explanation
    deadline. Shown on the unit's to-do list; not a timeliness figure (the council's round 2 follows either way)."""
    asked = Assessment.objects.select_related("campaign", "unit").filter(
        state=Assessment.State.EXPLANATION_REQUESTED,
        campaign__status=Campaign.Status.OPEN,
        campaign__explanation_closes_at__isnull=False,
    )
    return [
        Item(
            DeadlineKind.EXPLANATION,
            str(a.pk),
            a.unit_id,
            a.campaign.explanation_closes_at,
            None,
            _("Explanation to the appraisal council: %(campaign)s") % {"campaign": a.campaign.name},
            reverse("assessments:unit-open", args=[a.campaign.code, a.unit.code]),
        )
        for a in asked
        if a.campaign.explanation_closes_at is not None
    ]
