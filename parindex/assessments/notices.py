"""Notices of the cycle's steps, in the bell and by e-mail, so every step reaches the people who act next:

- a unit submits → the appraisers assigned to it (by unit or by area) and Home Affairs over the unit;
- round 1 closes with questions → the unit's officers and head, with the explanation deadline;
- the unit sends its explanation → its appraisers;
- results are published → the officers and heads of every unit of the campaign.

The receivers listen to :mod:`parindex.assessments.signals` (sent once the step has committed; connected in this app's
``ready``) and write one notice row per person through :func:`parindex.deadlines.notices.notify`, due at once; the
``send-reminders`` worker claims and sends them like reminders (e-mail where the person has an address; the bell shows
the row once sent). Texts are written in the site's language, whatever the
language of the person who took the step.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from parindex.assessments.models import AppraiserAssignment, Assessment, Campaign, Question
from parindex.audit.services import Actor
from parindex.deadlines.kinds import DeadlineKind
from parindex.deadlines.notices import notify
from parindex.deadlines.services import reminder_counts
from parindex.moments import when
from parindex.org.models import UNIT_ROLES, Membership, Role, Unit

State = Assessment.State


def appraisers_of(assessment: Assessment) -> set[int]:
    """The council members assigned to the unit, or to an area (which covers every unit of the campaign)."""
    return set(
        AppraiserAssignment.objects.filter(campaign_id=assessment.campaign_id, user__is_active=True)
        .filter(Q(unit_id=assessment.unit_id) | Q(area__isnull=False))
        .values_list("user_id", flat=True)
    )


def home_affairs_over(unit: Unit) -> set[int]:
    """Home Affairs staff holding their role on the unit or on one of the units above it."""
    return set(
        Membership.objects.filter(
            role=Role.HOME_AFFAIRS, unit_id__in=unit.ancestor_ids(), user__is_active=True
        ).values_list("user_id", flat=True)
    )


def people_of(unit_ids: Iterable[int]) -> dict[int, set[int]]:
    """The officers and heads of each unit (their own unit, not the units above)."""
    people: dict[int, set[int]] = {}
    for unit_id, user_id in Membership.objects.filter(
        role__in=UNIT_ROLES, unit_id__in=list(unit_ids), user__is_active=True
    ).values_list("unit_id", "user_id"):
        people.setdefault(unit_id, set()).add(user_id)
    return people


def _others(users: Iterable[int], actor: Actor | None) -> set[int]:
    """Nobody is told of their own step."""
    me = getattr(actor.user, "pk", None) if actor is not None else None
    return {u for u in users if u != me}


def _with_deadline(text: str, deadline_text: str, moment: datetime | None) -> str:
    if moment is None:
        return text
    return f"{text} {deadline_text % {'when': when(moment)}}"


def on_step(sender: Any, assessment: Assessment, before: str, after: str, actor: Actor, **kwargs: Any) -> None:
    """A unit's assessment moved: tell those who act next (nobody hears of the other moves)."""
    if after not in (State.SUBMITTED, State.EXPLANATION_REQUESTED, State.EXPLAINED):
        return
    campaign, unit = assessment.campaign, assessment.unit
    names = {"unit": unit.name, "campaign": campaign.name}
    appraisal = reverse("assessments:appraisal-sheet", args=[campaign.code, unit.code])
    with translation.override(settings.LANGUAGE_CODE):
        if after == State.SUBMITTED:
            text = _with_deadline(
                _("%(unit)s submitted its self-assessment in “%(campaign)s”.") % names,
                _("Appraisal round 1 ends at %(when)s."),
                campaign.round1_ends_at,
            )
            users = appraisers_of(assessment) | home_affairs_over(unit)
            notify(campaign.pk, "submitted", {unit.pk: _others(users, actor)}, text, appraisal, campaign.round1_ends_at)
        elif after == State.EXPLANATION_REQUESTED:
            count = Question.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk, answer="").count()
            text = _with_deadline(
                _("The appraisal council asks %(unit)s for explanations in “%(campaign)s” (questions: %(count)s).")
                % {**names, "count": count},
                _("Send the explanation before %(when)s."),
                campaign.explanation_closes_at,
            )
            sheet = reverse("assessments:unit-sheet", args=[campaign.code, unit.code])
            users = people_of([unit.pk]).get(unit.pk, set())
            audience = {unit.pk: _others(users, actor)}
            notify(campaign.pk, "explanation_requested", audience, text, sheet, campaign.explanation_closes_at)
        elif after == State.EXPLAINED:
            text = _with_deadline(
                _("%(unit)s sent its explanation in “%(campaign)s”.") % names,
                _("Appraisal round 2 ends at %(when)s."),
                campaign.round2_ends_at,
            )
            audience = {unit.pk: _others(appraisers_of(assessment), actor)}
            notify(campaign.pk, "explained", audience, text, appraisal, campaign.round2_ends_at)


def on_published(sender: Any, campaign: Campaign, actor: Actor, **kwargs: Any) -> None:
    """Results published: every unit's people hear of it, with a link to the public results."""
    link = reverse("public-results", args=[campaign.code])
    units = list(campaign.units().values_list("pk", flat=True))
    with translation.override(settings.LANGUAGE_CODE):
        text = _("The results of “%(campaign)s” have been published.") % {"campaign": campaign.name}
        audience = {unit_id: _others(users, actor) for unit_id, users in people_of(units).items()}
        notify(campaign.pk, "published", audience, text, link)


def unit_sheet_reminders(sender: Any, assessment: Assessment, **kwargs: Any) -> dict[str, int]:
    """How often the unit was reminded of its self-assessment, shown on its sheet."""
    key = (DeadlineKind.SELF_ASSESSMENT.value, str(assessment.pk))
    return {"reminded": reminder_counts([key]).get(key, 0)}
