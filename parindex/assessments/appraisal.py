"""The council's side of the cycle: who appraises what, appraised scores with reasons, explanation requests and
the two rounds, and deadline exceptions granted by Home Affairs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.assessments import access, leafrules
from parindex.assessments.models import AppraiserAssignment, Assessment, Campaign, Question, Score
from parindex.assessments.scoring import scoring_setup
from parindex.assessments.services import ScoreRow, Stage, ensure_open, set_score, store_scores
from parindex.assessments.workflow import (
    ConfirmationNeeded,
    NotAllowed,
    State,
    appraisal_block,
    assessment_for,
    checked_assessment,
    when,
)
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor, record
from parindex.frameworks.models import Criterion
from parindex.org.access import AnyUser, has_role, holds_any_role, units_for_user
from parindex.org.models import Role, Unit
from parindex.scoring.engine import LeafKind


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
    if not (units or areas) and holds_any_role(user, [Role.ADMIN]):
        # An administrator with no assignment appraises like the council: everything when over the running unit,
        # else only the campaign's units in their scope.
        if has_role(user, campaign.owner, [Role.ADMIN]):
            return Scope(everything=True)
        units.update(campaign.units().filter(pk__in=units_for_user(user, [Role.ADMIN])).values_list("id", flat=True))
    return Scope(units=frozenset(units), areas=frozenset(areas))


def area_of(leaf: Criterion, by_id: dict[int, Criterion]) -> int | None:
    """The area (depth-1 node) a leaf belongs to."""
    node: Criterion | None = leaf
    while node is not None and node.depth > 1:
        node = by_id.get(node.parent_id) if node.parent_id else None
    return node.pk if node is not None else None


def _self_of(score: Score | None) -> tuple[Decimal | None, bool]:
    return (None, False) if score is None else (score.self_score, score.self_na)


def has_self_score(score: Score | None) -> bool:
    return score is not None and (score.self_score is not None or score.self_na)


def zero_by_policy(assessment: Assessment, leaf: Criterion, score: Score | None, now: datetime | None = None) -> bool:
    """A normal leaf the unit did not self-assess by its deadline, under "not self-assessed → 0": the appraiser cannot
    give it points, and locking the results writes its 0 (so it does not wait for an appraisal)."""
    return (
        assessment.campaign.zero_if_not_self_assessed
        and leaf.source == "self"
        and leaf.kind == LeafKind.NORMAL
        and not has_self_score(score)
        and assessment.self_window_closed(now)
    )


APPRAISED_SOURCES = (Criterion.Source.SELF, Criterion.Source.COUNCIL)


def to_appraise(campaign: Campaign) -> list[Criterion]:
    """The leaves an appraiser must appraise for every unit: those the unit scores itself (normal, bonus and
    penalty) and those only the council scores. Leaves fed by the survey or an operational indicator carry their own
    figure; an appraiser may override it, but it does not wait for an appraisal. Tracking rows are worth no points:
    an appraiser may correct their figure, but they never wait either."""
    return [c for c in scoring_setup(campaign).criteria if c.is_scored and c.source in APPRAISED_SOURCES]


def council_scored(leaf: Criterion) -> bool:
    """An item only the appraisal council scores (the unit sees it read-only): it has no self score to accept."""
    return leaf.source == Criterion.Source.COUNCIL


def unappraised_leaves(
    assessment: Assessment, scores: Mapping[int, Score], now: datetime | None = None
) -> list[Criterion]:
    """The unit's leaves that still wait for an appraised score (or N/A): closing a round or finishing waits for
    them. Leaves the lateness policy sets to 0 at the lock do not wait."""
    waiting = []
    for leaf in to_appraise(assessment.campaign):
        score = scores.get(leaf.pk)
        if score is not None and score.is_appraised:
            continue
        if zero_by_policy(assessment, leaf, score, now):
            continue
        waiting.append(leaf)
    return waiting


def _unit_scores(campaign: Campaign, unit: Unit) -> dict[int, Score]:
    return {s.criterion_id: s for s in Score.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk)}


class Unappraised(NotAllowed):
    """A round cannot close while items wait for an appraisal; the page offers to accept the unit's self scores
    (which cannot cover the items only the council scores: the message says how many of those wait)."""

    def __init__(self, count: int, council: int = 0) -> None:
        self.count = count
        self.council = council
        text = _(
            "%(count)s items are not appraised yet. Appraise them, or accept the unit's self scores for the "
            "remaining items."
        ) % {"count": count}
        if council:
            text += " " + council_waiting_text(council)
        super().__init__(text)


def council_waiting_text(count: int) -> str:
    """Why accepting the unit's self scores leaves some items waiting."""
    return _(
        "Items scored by the council only: %(count)s. They have no self score to accept: give each its points and "
        "the reason."
    ) % {"count": count}


@transaction.atomic
def appraise(
    campaign: Campaign,
    unit: Unit,
    leaf: Criterion,
    raw_value: str | Mapping[str, str],
    not_applicable: bool,
    reason: str,
    actor: Actor,
    now: datetime | None = None,
) -> Score:
    """Set the appraised score of a leaf from the appraiser's input, read by the leaf's rule exactly as the unit's
    input is (an option number, a measured value, a count, points, or a ratio's or a formula's several figures,
    posted as ``in_<name>``). Departing from the unit's self score needs a reason, which the unit sees; an item only
    the council scores always needs one. A tracking row's figure may be corrected (with a reason); it stays at 0.

    Under the policy "not self-assessed by the deadline → 0", a leaf the unit left empty can only be appraised at 0.
    """
    assessment = checked_assessment(campaign, unit, appraisal_block, now)
    if not leaf.is_leaf:
        raise NotAllowed(_("This row takes no score."))
    value: Decimal | None = None
    inputs: dict[str, str] | None = None
    by_rule = False
    if not_applicable:
        if not leaf.not_applicable_allowed:
            raise NotAllowed(_("This criterion cannot be marked not applicable."))
        points: Decimal | None = None
    else:
        posted = {leafrules.SINGLE: raw_value} if isinstance(raw_value, str) else raw_value
        try:
            reading = leafrules.read_inputs(leaf, posted)
        except ValueError as exc:
            raise NotAllowed(str(exc)) from None
        if reading is None:
            raise NotAllowed(_("Enter the appraised value."))
        value, inputs, points = reading.value, reading.inputs, reading.score
        by_rule = reading.not_applicable
    na = not_applicable or by_rule
    score = Score.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk, criterion_id=leaf.pk).first()
    self_points, self_na = _self_of(score)
    reason = reason.strip()
    if zero_by_policy(assessment, leaf, score, now) and (na or (points or Decimal(0)) > 0):
        raise NotAllowed(
            _("The unit did not self-assess this item by the deadline: by the campaign's policy it is appraised at 0.")
        )
    as_it_stands = score is not None and (score.appraised_score, score.appraised_na) == (points, na)
    if leaf.is_tracking or leafrules.is_multi(leaf):
        as_it_stands = as_it_stands and score is not None and (score.appraised_inputs or None) == inputs
    if leaf.is_tracking and score is not None and score.appraised_inputs is None:
        as_it_stands = as_it_stands and _appraised_value(score) == value
    if score is not None and score.is_appraised and as_it_stands and not reason:
        return score  # saved again as it stands: nothing to change, and the reason given before stays
    if council_scored(leaf) and not reason:
        raise NotAllowed(_("Give the reason for the council's score."))
    if leaf.is_tracking and not reason and _figure_of_unit(score) != (value, inputs):
        raise NotAllowed(_("Give the reason for correcting the unit's figure."))
    if (points, na) != (self_points, self_na) and not reason:
        raise NotAllowed(_("Give the reason for changing the unit's self score."))
    score = set_score(
        campaign,
        unit,
        leaf,
        Stage.APPRAISED,
        points,
        actor,
        reason,
        not_applicable=na,
        value=value,
        inputs=inputs,
        not_applicable_by_rule=by_rule,
    )
    if score.appraisal_note != reason:  # the reason shown is the latest one; confirming the self score clears it
        score.appraisal_note = reason
        score.save(update_fields=["appraisal_note", "updated_at"])
    if assessment.state in (State.SUBMITTED, State.NOT_STARTED, State.IN_PROGRESS):
        assessment.move_to(State.APPRAISING, actor)
    return score


def _figure_of_unit(score: Score | None) -> tuple[Decimal | None, dict[str, str] | None]:
    """A tracking row's figure as the unit gave it (its value and its several inputs)."""
    if score is None:
        return None, None
    return score.self_value, score.self_inputs or None


def _appraised_value(score: Score) -> Decimal | None:
    """The value behind an appraised score, as audited (the score row keeps only the unit's)."""
    entry = (
        AuditEntry.objects.filter(
            campaign_id=score.campaign_id,
            unit_id=score.unit_id,
            criterion_id=score.criterion_id,
            action=Action.SCORE_APPRAISED,
        )
        .order_by("-id")
        .values_list("after", flat=True)
        .first()
    )
    if isinstance(entry, dict) and entry.get("value") is not None:
        return Decimal(str(entry["value"]))
    return None


@transaction.atomic
def accept_self_scores(
    campaign: Campaign, unit: Unit, actor: Actor, area: Criterion | None = None, now: datetime | None = None
) -> int:
    """Take the unit's self score as the appraised score of every leaf still waiting for an appraisal (in one
    area, or all), within the appraiser's assignments. A leaf the unit left empty is appraised at 0, as it counts
    already; an item only the council scores has no self score and is left waiting. Each score is audited with the
    reason; the unit's result is recomputed once. Returns how many."""
    assessment = checked_assessment(campaign, unit, appraisal_block, now)
    ensure_open(campaign)
    setup = scoring_setup(campaign)
    if area is not None and (area.framework_id != campaign.framework_id or area.depth != 1):
        raise NotAllowed(_("This is not an area of the campaign's criteria set."))
    scope = Scope(everything=True) if actor.user is None else appraiser_scope(actor.user, campaign)
    if not scope.covers_unit(unit.pk):
        raise NotAllowed(_("You are not assigned to appraise this unit."))
    scores = _unit_scores(campaign, unit)
    rows: list[ScoreRow] = []
    for leaf in unappraised_leaves(assessment, scores, now):
        if council_scored(leaf):
            continue
        leaf_area = area_of(leaf, setup.by_id)
        if (area is not None and leaf_area != area.pk) or not scope.covers_leaf(unit.pk, leaf_area):
            continue
        self_points, self_na = _self_of(scores.get(leaf.pk))
        points = None if self_na else (self_points if self_points is not None else Decimal("0.00"))
        rows.append(ScoreRow(unit.pk, leaf, points, self_na))
    if not rows:
        return 0
    store_scores(campaign, Stage.APPRAISED, rows, actor, _("accepted the unit's self score"), unit=unit)
    if assessment.state in (State.SUBMITTED, State.NOT_STARTED, State.IN_PROGRESS):
        assessment.move_to(State.APPRAISING, actor)
    return len(rows)


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
    record(actor, question.to_change(Action.EXPLANATION_ASKED, None, {"question": text}))
    if assessment.state != State.APPRAISING:
        assessment.move_to(State.APPRAISING, actor)
    return question


ROUND1_STATES = (State.SUBMITTED, State.APPRAISING, State.NOT_STARTED, State.IN_PROGRESS)


def round1_outcome(campaign: Campaign, open_questions: int) -> str:
    """What closing round 1 does, said before the appraiser confirms it."""
    if not open_questions:
        return _("There are no questions: the appraisal of this unit ends and it becomes “%(state)s”.") % {
            "state": State.APPRAISED.label
        }
    if campaign.explanation_closes_at is not None:
        return _(
            "%(count)s questions go to the unit, which explains until %(when)s; then round 2 decides the final scores."
        ) % {"count": open_questions, "when": when(campaign.explanation_closes_at)}
    return _("%(count)s questions go to the unit for its explanation; then round 2 decides the final scores.") % {
        "count": open_questions
    }


def round2_outcome() -> str:
    return _("The appraisal of this unit ends: it becomes “%(state)s” and its scores wait for the results' lock.") % {
        "state": State.APPRAISED.label
    }


def open_questions(campaign: Campaign, unit: Unit) -> int:
    return Question.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk, answer="").count()


def _check_all_appraised(assessment: Assessment, campaign: Campaign, unit: Unit, now: datetime | None) -> None:
    waiting = unappraised_leaves(assessment, _unit_scores(campaign, unit), now)
    if waiting:
        raise Unappraised(len(waiting), sum(1 for leaf in waiting if council_scored(leaf)))


@transaction.atomic
def close_round1(
    campaign: Campaign, unit: Unit, actor: Actor, *, confirm: bool = False, now: datetime | None = None
) -> Assessment:
    """End round 1 for a unit: with open questions it goes to the unit for explanation, else it is appraised.

    Refused while items wait for an appraisal (:class:`Unappraised`); without ``confirm`` nothing happens and
    :class:`ConfirmationNeeded` says what would. Round 1's figures are kept on each score so round 2 can show them
    beside the final ones.
    """
    assessment = checked_assessment(campaign, unit, appraisal_block, now)
    if assessment.state not in ROUND1_STATES:
        raise NotAllowed(_("Round 1 is already closed for this unit."))
    _check_all_appraised(assessment, campaign, unit, now)
    questions = open_questions(campaign, unit)
    if not confirm:
        raise ConfirmationNeeded(round1_outcome(campaign, questions))
    Score.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk).update(
        round1_score=F("final_score"), round1_na=F("final_na")
    )
    assessment.move_to(State.EXPLANATION_REQUESTED if questions else State.APPRAISED, actor)
    return assessment


@transaction.atomic
def finish(
    campaign: Campaign, unit: Unit, actor: Actor, now: datetime | None = None, *, confirm: bool = False
) -> Assessment:
    """End round 2: after the unit's explanation, or once the explanation window closed without one.

    Refused while items wait for an appraisal; without ``confirm`` nothing happens (see :func:`close_round1`)."""
    assessment = assessment_for(campaign, unit, lock=True)
    waiting = assessment.state == State.EXPLANATION_REQUESTED and campaign.explanation_open(now)
    if assessment.state not in (State.EXPLAINED, State.EXPLANATION_REQUESTED) or waiting:
        if waiting:
            raise NotAllowed(appraisal_block(assessment, now) or "")
        raise NotAllowed(_("Round 2 is for units that were asked for an explanation."))
    if not campaign.is_open:
        raise NotAllowed(appraisal_block(assessment, now) or "")
    _check_all_appraised(assessment, campaign, unit, now)
    if not confirm:
        raise ConfirmationNeeded(round2_outcome())
    assessment.move_to(State.APPRAISED, actor)
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
    change = assessment.to_change(
        Action.EXCEPTION_GRANTED,
        {"closes_at": before.isoformat() if before else None},
        {"closes_at": until.isoformat(), "label": when(until)},
        object_repr=f"{campaign.code}/{unit.code}",  # named by the unit's code, unlike the moves
    )
    record(actor, change, reason)
    return assessment


def can_manage(user: AnyUser, campaign: Campaign) -> bool:
    """Home Affairs staff (or an administrator) over the campaign's running unit run its calendar, exceptions and
    results (the rule lives in :mod:`parindex.assessments.access`)."""
    return access.can_manage(user, campaign)
