"""The council's side of the cycle: who appraises what, appraised scores with reasons, explanation requests and
the two rounds, and deadline exceptions granted by Home Affairs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.assessments.models import AppraiserAssignment, Assessment, Campaign, Question, Score
from parindex.assessments.services import Stage, parse_score, set_score
from parindex.assessments.workflow import (
    NotAllowed,
    State,
    _move,
    appraisal_block,
    assessment_for,
    checked_assessment,
    question_change,
    when,
)
from parindex.audit.models import Action
from parindex.audit.services import Actor, Change, record
from parindex.frameworks.models import Criterion
from parindex.org.access import AnyUser, has_role, units_for_user
from parindex.org.models import Role, Unit


@dataclass(frozen=True)
class Scope:
    """What one appraiser covers in a campaign: whole units, and areas in every unit. ``everything`` for admins."""

    units: frozenset[int] = field(default_factory=frozenset)
    areas: frozenset[int] = field(default_factory=frozenset)
    everything: bool = False

    def covers_unit(self, unit_id: int) -> bool:
        return self.everything or bool(self.areas) or unit_id in self.units

    def covers_leaf(self, unit_id: int, area_id: int | None) -> bool:
        return self.everything or unit_id in self.units or (area_id is not None and area_id in self.areas)

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.units or self.areas)


def appraiser_scope(user: AnyUser, campaign: Campaign) -> Scope:
    if not user.is_authenticated:
        return Scope()
    if getattr(user, "is_superuser", False):
        return Scope(everything=True)
    units: set[int] = set()
    areas: set[int] = set()
    for unit_id, area_id in AppraiserAssignment.objects.filter(campaign_id=campaign.pk, user_id=user.pk).values_list(
        "unit_id", "area_id"
    ):
        if unit_id is not None:
            units.add(unit_id)
        if area_id is not None:
            areas.add(area_id)
    if not (units or areas) and campaign.units().filter(pk__in=_admin_units(user)).exists():
        return Scope(everything=True)
    return Scope(units=frozenset(units), areas=frozenset(areas))


def _admin_units(user: AnyUser) -> list[int]:
    return list(units_for_user(user, [Role.ADMIN]).values_list("id", flat=True))


def area_of(leaf: Criterion, by_id: dict[int, Criterion]) -> int | None:
    """The area (depth-1 node) a leaf belongs to."""
    node: Criterion | None = leaf
    while node is not None and node.depth > 1:
        node = by_id.get(node.parent_id) if node.parent_id else None
    return node.pk if node is not None else None


def _self_of(score: Score | None) -> tuple[Decimal | None, bool]:
    return (None, False) if score is None else (score.self_score, score.self_na)


@transaction.atomic
def appraise(
    campaign: Campaign,
    unit: Unit,
    leaf: Criterion,
    raw_points: str,
    not_applicable: bool,
    reason: str,
    actor: Actor,
    now: datetime | None = None,
) -> Score:
    """Set the appraised score of a leaf. Departing from the unit's self score needs a reason, which the unit sees.

    Under the policy "not self-assessed by the deadline → 0", a leaf the unit left empty can only be appraised at 0.
    """
    assessment = checked_assessment(campaign, unit, appraisal_block, now)
    if not_applicable:
        if not leaf.not_applicable_allowed:
            raise NotAllowed(_("This criterion cannot be marked not applicable."))
        points: Decimal | None = None
    else:
        if not raw_points.strip():
            raise NotAllowed(_("Enter the appraised points."))
        try:
            points, _na = parse_score(raw_points, leaf)
        except ValueError as exc:
            raise NotAllowed(str(exc)) from None
    score = Score.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk, criterion_id=leaf.pk).first()
    self_points, self_na = _self_of(score)
    reason = reason.strip()
    if (
        campaign.zero_if_not_self_assessed
        and leaf.source == "self"
        and self_points is None
        and not self_na
        and assessment.self_window_closed(now)
        and (not_applicable or (points or Decimal(0)) > 0)
    ):
        raise NotAllowed(
            _("The unit did not self-assess this item by the deadline: by the campaign's policy it is appraised at 0.")
        )
    if (points, not_applicable) != (self_points, self_na) and not reason:
        raise NotAllowed(_("Give the reason for changing the unit's self score."))
    score = set_score(campaign, unit, leaf, Stage.APPRAISED, points, actor, reason, not_applicable=not_applicable)
    if score.appraisal_note != reason:  # the reason shown is the latest one; confirming the self score clears it
        score.appraisal_note = reason
        score.save(update_fields=["appraisal_note", "updated_at"])
    if assessment.state in (State.SUBMITTED, State.NOT_STARTED, State.IN_PROGRESS):
        _move(assessment, State.APPRAISING, actor)
    return score


@transaction.atomic
def ask(campaign: Campaign, unit: Unit, leaf: Criterion, text: str, actor: Actor) -> Question:
    """Request an explanation on a leaf; the unit sees it when the appraiser closes round 1."""
    assessment = checked_assessment(campaign, unit, appraisal_block)
    if assessment.state not in (State.SUBMITTED, State.APPRAISING, State.NOT_STARTED, State.IN_PROGRESS):
        raise NotAllowed(_("Explanations are requested in round 1 only."))
    text = text.strip()
    if not text:
        raise NotAllowed(_("Write the question for the unit."))
    question = Question.objects.create(campaign=campaign, unit=unit, criterion=leaf, text=text, asked_by=actor.user)
    record(actor, question_change(Action.EXPLANATION_ASKED, question, None, {"question": text}))
    if assessment.state != State.APPRAISING:
        _move(assessment, State.APPRAISING, actor)
    return question


@transaction.atomic
def close_round1(campaign: Campaign, unit: Unit, actor: Actor) -> Assessment:
    """End round 1 for a unit: with open questions it goes to the unit for explanation, else it is appraised.

    Round 1's figures are kept on each score so round 2 can show them beside the final ones.
    """
    assessment = checked_assessment(campaign, unit, appraisal_block)
    if assessment.state not in (State.SUBMITTED, State.APPRAISING, State.NOT_STARTED, State.IN_PROGRESS):
        raise NotAllowed(_("Round 1 is already closed for this unit."))
    Score.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk).update(
        round1_score=F("final_score"), round1_na=F("final_na")
    )
    if Question.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk, answer="").exists():
        _move(assessment, State.EXPLANATION_REQUESTED, actor)
    else:
        _move(assessment, State.APPRAISED, actor)
    return assessment


@transaction.atomic
def finish(campaign: Campaign, unit: Unit, actor: Actor, now: datetime | None = None) -> Assessment:
    """End round 2: after the unit's explanation, or once the explanation window closed without one."""
    assessment = assessment_for(campaign, unit, lock=True)
    waiting = assessment.state == State.EXPLANATION_REQUESTED and campaign.explanation_open(now)
    if assessment.state not in (State.EXPLAINED, State.EXPLANATION_REQUESTED) or waiting:
        if waiting:
            raise NotAllowed(appraisal_block(assessment, now) or "")
        raise NotAllowed(_("Round 2 is for units that were asked for an explanation."))
    if not campaign.is_open:
        raise NotAllowed(appraisal_block(assessment, now) or "")
    _move(assessment, State.APPRAISED, actor)
    return assessment


@transaction.atomic
def grant_exception(
    campaign: Campaign, unit: Unit, until: datetime, reason: str, actor: Actor, now: datetime | None = None
) -> Assessment:
    """Home Affairs lets one unit self-assess until ``until`` (a documented reason is required; audited)."""
    assessment = assessment_for(campaign, unit, lock=True)
    now = now or timezone.now()
    if not campaign.is_open:
        raise NotAllowed(_("The results are locked; no exception can be granted."))
    if assessment.state not in (State.NOT_STARTED, State.IN_PROGRESS, State.SUBMITTED):
        raise NotAllowed(_("Appraisal has started for this unit; an exception is no longer possible."))
    if until <= now:
        raise NotAllowed(_("The new deadline must be in the future."))
    reason = reason.strip()
    if not reason:
        raise NotAllowed(_("Give the reason for the exception (e.g. the document that allows it)."))
    before = assessment.closes_at()
    assessment.deadline_override = until
    assessment.override_reason = reason
    assessment.save()
    record(
        actor,
        Change(
            Action.EXCEPTION_GRANTED,
            "assessment",
            assessment.pk,
            f"{campaign.code}/{unit.code}",
            {"closes_at": before.isoformat() if before else None},
            {"closes_at": until.isoformat(), "label": when(until)},
            campaign_id=campaign.pk,
            unit_id=unit.pk,
        ),
        reason,
    )
    return assessment


def can_manage(user: AnyUser, campaign: Campaign) -> bool:
    """Home Affairs staff (or an administrator) over the campaign's units run its calendar, exceptions and results."""
    unit = campaign.units().first()
    return unit is not None and has_role(user, unit, [Role.HOME_AFFAIRS, Role.ADMIN])
