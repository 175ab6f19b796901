"""The assessment cycle of one unit, enforced on the server: what may happen in which state, before which deadline.

Chưa tự chấm → Đang tự chấm → Đã nộp → Đang thẩm định → Yêu cầu giải trình → Đã giải trình → Đã thẩm định → Công bố.

Each ``*_block`` function returns why an action is not possible now (a sentence for the page), or None; each action
checks its block again inside the transaction, so posting straight to a URL gets the same refusal as the page shows.
Who may act (the unit's officer or head, an assigned appraiser) is checked by the views' access helpers.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.assessments import leafrules, sources
from parindex.assessments.models import Assessment, Campaign, Evidence, Question, Result, Score
from parindex.assessments.scoring import recompute_unit, scoring_setup
from parindex.assessments.services import Stage, checked_points, stage_change
from parindex.audit.models import Action
from parindex.audit.services import Actor, record
from parindex.frameworks.models import Criterion
from parindex.moments import when
from parindex.org.models import Unit
from parindex.scoring.engine import LeafKind

State = Assessment.State
SELF_STATES = (State.NOT_STARTED, State.IN_PROGRESS)
APPRAISABLE_STATES = (State.SUBMITTED, State.APPRAISING, State.EXPLAINED, State.APPRAISED)


class NotAllowed(Exception):
    """The action is refused; the message says why, in the user's language."""


# --- the assessment rows --------------------------------------------------------------------------------------


def assessment_for(campaign: Campaign, unit: Unit, *, lock: bool = False) -> Assessment:
    rows = Assessment.objects.all()
    if lock:
        rows = rows.select_for_update()  # the unit's row alone: locking the campaign's would serialize every edit
    assessment, _created = rows.get_or_create(campaign_id=campaign.pk, unit_id=unit.pk)
    assessment.campaign = campaign  # the caller's campaign: not read again
    return assessment


def checked_assessment(
    campaign: Campaign, unit: Unit, check: Callable[..., str | None], now: datetime | None = None
) -> Assessment:
    """The unit's assessment, locked for this transaction, once ``check`` (a ``*_block`` function) lets it pass.

    The campaign's status is read again once the row is locked: locking the results takes every unit's row first,
    so a save that waited for it sees the lock here, and a save in flight finishes before the lock reads anything.
    """
    assessment = assessment_for(campaign, unit, lock=True)
    campaign.status = Campaign.objects.filter(pk=campaign.pk).values_list("status", flat=True).get()
    if block := check(assessment, now):
        raise NotAllowed(block)
    return assessment


@dataclass(frozen=True)
class StepDeadline:
    """When the step a unit stands at ends, as its sheet shows it."""

    label: str
    at: datetime
    exception: bool = False

    def passed(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.at


def step_deadline(assessment: Assessment) -> StepDeadline | None:
    """The deadline of the unit's current step: its self-assessment window while self-assessing, the end of appraisal
    round 1 once submitted, the explanation window while an explanation is asked, the end of round 2 once explained;
    none once appraised, or when the calendar gives no date."""
    campaign, state = assessment.campaign, assessment.state
    if not campaign.is_open:
        return None
    if state in SELF_STATES:
        closes = assessment.closes_at()
        if closes is None:
            return None
        return StepDeadline(_("Self-assessment closes"), closes, assessment.deadline_override is not None)
    steps = {
        State.SUBMITTED: (_("Appraisal round 1 ends"), campaign.round1_ends_at),
        State.APPRAISING: (_("Appraisal round 1 ends"), campaign.round1_ends_at),
        State.EXPLANATION_REQUESTED: (_("Explanation window closes"), campaign.explanation_closes_at),
        State.EXPLAINED: (_("Appraisal round 2 ends"), campaign.round2_ends_at),
    }
    label, at = steps.get(State(state), ("", None))
    return StepDeadline(label, at) if at is not None else None


def draft_is_private(assessment: Assessment, now: datetime | None = None) -> bool:
    """A unit's self-assessment is its own until it submits or its deadline passes: nobody else sees the draft."""
    return assessment.state in SELF_STATES and not assessment.self_window_closed(now)


# --- why not: the blocks ---------------------------------------------------------------------------------------


def _campaign_block(campaign: Campaign) -> str | None:
    if campaign.is_published:
        return _("The results have been published; nothing can change unless Home Affairs re-opens them.")
    if not campaign.is_open:
        return _("The results are locked; nothing can change unless Home Affairs re-opens them.")
    return None


def self_edit_block(assessment: Assessment, now: datetime | None = None) -> str | None:
    """Why the unit cannot change its self-assessment now, or None."""
    now = now or timezone.now()
    if block := _campaign_block(assessment.campaign):
        return block
    if assessment.state not in SELF_STATES:
        if assessment.state == State.SUBMITTED:
            return _("The self-assessment has been submitted. The head of unit may withdraw it to edit.")
        return _("The self-assessment is closed: the unit is at the step “%(state)s”.") % {
            "state": assessment.get_state_display()
        }
    opens, closes = assessment.campaign.self_opens_at, assessment.closes_at()
    if opens is not None and now < opens:
        return _("Self-assessment opens at %(when)s.") % {"when": when(opens)}
    if closes is not None and now >= closes:
        return _("Self-assessment closed at %(when)s. Entries are locked; ask Home Affairs for an exception.") % {
            "when": when(closes)
        }
    return None


def withdraw_block(assessment: Assessment, now: datetime | None = None) -> str | None:
    if block := _campaign_block(assessment.campaign):
        return block
    if assessment.state != State.SUBMITTED:
        return _("Only a submitted self-assessment that no appraiser has started can be withdrawn.")
    if not assessment.self_window_open(now):
        return _("The self-assessment window is closed, so the submission can no longer be withdrawn.")
    return None


def appraisal_block(assessment: Assessment, now: datetime | None = None) -> str | None:
    """Why appraisers cannot change this unit's appraised scores now, or None."""
    if block := _campaign_block(assessment.campaign):
        return block
    if assessment.state in APPRAISABLE_STATES:
        return None
    if assessment.state in SELF_STATES:
        if assessment.self_window_closed(now):
            return None  # the deadline passed without a submission: the council appraises what is there
        return _("The unit has not submitted its self-assessment yet.")
    if assessment.state == State.EXPLANATION_REQUESTED:
        return _("Waiting for the unit's explanation (until %(when)s).") % {
            "when": when(assessment.campaign.explanation_closes_at)
            if assessment.campaign.explanation_closes_at
            else "—"
        }
    return _("This step is closed.")


def explanation_block(assessment: Assessment, now: datetime | None = None) -> str | None:
    if block := _campaign_block(assessment.campaign):
        return block
    if assessment.state != State.EXPLANATION_REQUESTED:
        return _("No explanation is being asked of the unit.")
    if not assessment.campaign.explanation_open(now):
        closes = assessment.campaign.explanation_closes_at
        return _("The explanation window closed at %(when)s.") % {"when": when(closes) if closes else "—"}
    return None


def source_note(leaf: Criterion) -> str:
    """Why the unit does not type this leaf's value."""
    if leaf.source == Criterion.Source.COUNCIL:
        return _("Scored by the appraisal council; the unit does not enter it.")
    if leaf.source_kind == "indicator":
        code = leaf.source.split(":", 1)[1]
        return _("Computed from the operational indicator “%(code)s”; the unit does not enter it.") % {
            "code": sources.source_name("indicator", code)
        }
    if leaf.source_kind == "survey" and ":" in leaf.source:
        return _("Taken from the sociological survey “%(survey)s”; the unit does not enter it.") % {
            "survey": sources.source_name("survey", leaf.source.split(":", 1)[1])
        }
    return _("Taken from the sociological survey; the unit does not enter it.")


# --- what is still missing -------------------------------------------------------------------------------------


def self_leaves(campaign: Campaign) -> list[Criterion]:
    """The leaves a unit scores itself: not the ones computed from a survey or the operational indicators, nor those
    the council scores, nor tracking rows (figures the unit gives, worth no points, never missing)."""
    return [c for c in scoring_setup(campaign).criteria if c.is_scored and c.source == "self"]


def file_leaves(campaign: Campaign) -> list[Criterion]:
    """The leaves a unit's file must be complete for: those it scores itself and those the council scores on the
    evidence the unit attaches."""
    sources = (Criterion.Source.SELF, Criterion.Source.COUNCIL)
    return [c for c in scoring_setup(campaign).criteria if c.is_scored and c.source in sources]


def missing_items(campaign: Campaign, unit: Unit) -> list[tuple[Criterion, str]]:
    """Leaves the unit should still fill before submitting: no score, or required evidence without a file."""
    scores = {
        s.criterion_id: s
        for s in Score.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk).only(
            "criterion_id", "self_score", "self_na"
        )
    }
    with_files = set(
        Evidence.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk, removed_at__isnull=True).values_list(
            "criterion_id", flat=True
        )
    )
    return missing_among(file_leaves(campaign), scores, with_files)


def missing_among(
    leaves: list[Criterion], scores: Mapping[int, Score], with_files: Container[int]
) -> list[tuple[Criterion, str]]:
    """:func:`missing_items` from rows already read (the sheet reads them once for everything it shows)."""
    missing: list[tuple[Criterion, str]] = []
    for leaf in leaves:
        if leaf.is_scored and leaf.source == Criterion.Source.COUNCIL:
            # The council scores it, on the evidence the unit attaches: only a required file can be missing.
            if leaf.evidence_required and leaf.pk not in with_files:
                missing.append((leaf, _("evidence required, no file attached")))
            continue
        if not leaf.is_scored or leaf.source != "self":
            continue  # a tracking row or a computed item never waits for the unit
        score = scores.get(leaf.pk)
        scored = score is not None and (score.self_score is not None or score.self_na)
        if not scored and leaf.kind == LeafKind.NORMAL:
            missing.append((leaf, _("no score")))
        elif leaf.evidence_required and leaf.pk not in with_files and not (score and score.self_na):
            missing.append((leaf, _("evidence required, no file attached")))
    return missing


# --- the unit's actions ----------------------------------------------------------------------------------------


def unit_may_declare_not_applicable(leaf: Criterion) -> bool:
    """The unit's sheet offers "not applicable" only where the set allows it and not only to the council."""
    return leaf.not_applicable_allowed and leaf.not_applicable_by != Criterion.NotApplicableDeclarer.COUNCIL


@dataclass
class SelfEntry:
    """What a save of the unit's input leaves in hand, for the answer to show without reading it again: the score,
    the unit's locked assessment, all its score rows by leaf id, and its result when the save recomputed it."""

    score: Score
    assessment: Assessment
    scores: dict[int, Score]
    result: Result | None = None


def save_self_score(
    campaign: Campaign,
    unit: Unit,
    leaf: Criterion,
    raw: str | Mapping[str, str],
    not_applicable: bool,
    actor: Actor,
) -> Score:
    """The unit's input on one leaf, turned into points by the leaf's rule; the first entry starts the assessment.

    ``raw`` is what was typed in the leaf's one box, or the posted fields (``value``, or a ratio's or a formula's
    ``in_<name>`` boxes). A ratio or a formula whose inputs make the item not applicable (a zero denominator) is
    stored as not applicable, with its inputs."""
    return save_self_entry(campaign, unit, leaf, raw, not_applicable, actor).score


@transaction.atomic
def save_self_entry(
    campaign: Campaign,
    unit: Unit,
    leaf: Criterion,
    raw: str | Mapping[str, str],
    not_applicable: bool,
    actor: Actor,
) -> SelfEntry:
    """:func:`save_self_score` as the autosave runs it, in a short fixed sequence of statements: the unit's
    assessment locked (and the campaign's status read again), the unit's score rows read once, the score written,
    the chain's head taken, the result and the moved ranks written, and both audit entries appended together."""
    assessment = checked_assessment(campaign, unit, self_edit_block)
    if not leaf.is_leaf:
        raise NotAllowed(_("This row takes no score."))
    if leaf.source != "self":
        raise NotAllowed(source_note(leaf))
    if not_applicable and not unit_may_declare_not_applicable(leaf):
        if leaf.not_applicable_allowed:
            raise NotAllowed(_("Only the appraisal council may declare this item not applicable."))
        raise NotAllowed(_("This criterion cannot be marked not applicable."))
    posted = {leafrules.SINGLE: raw} if isinstance(raw, str) else raw
    reading = None if not_applicable else leafrules.read_inputs(leaf, posted)  # all boxes empty clears the entry
    value = reading.value if reading else None
    by_rule = reading is not None and reading.not_applicable
    # The assessment's lock orders every write to the unit's scores: they are read once, without a lock of their own.
    scores = {s.criterion_id: s for s in Score.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk)}
    existing = scores.get(leaf.pk)
    nothing_before = existing is None or (existing.self_score is None and not existing.self_na)
    if reading is None and not not_applicable and nothing_before:  # nothing entered, nothing to clear
        return SelfEntry(existing or Score(campaign=campaign, unit=unit, criterion=leaf), assessment, scores)
    points, na = checked_points(campaign, leaf, reading.score if reading else None, not_applicable or by_rule, by_rule)
    score = existing or Score(campaign_id=campaign.pk, unit_id=unit.pk, criterion_id=leaf.pk)
    inputs = reading.inputs if reading else None
    change = stage_change(score, Stage.SELF, points, na, value, inputs, created=existing is None)
    if change is None:
        return SelfEntry(score, assessment, scores)
    score.save(force_insert=existing is None, force_update=existing is not None)
    scores[leaf.pk] = score
    result = recompute_unit(campaign, unit, actor, scores=scores.values(), assessment=assessment, earlier=[change])
    if assessment.state == State.NOT_STARTED:
        assessment.move_to(State.IN_PROGRESS, actor)
    return SelfEntry(score, assessment, scores, result)


@transaction.atomic
def save_note(campaign: Campaign, unit: Unit, leaf: Criterion, text: str, actor: Actor) -> Score:
    """The unit's explanation of its self score on one leaf (thuyết minh), audited like the score."""
    checked_assessment(campaign, unit, self_edit_block)
    score, _created = Score.objects.select_for_update().get_or_create(
        campaign_id=campaign.pk, unit_id=unit.pk, criterion_id=leaf.pk
    )
    text = text.strip()
    if score.note == text:
        return score
    before = score.note
    score.note = text
    score.save(update_fields=["note", "updated_at"])
    change = score.to_change(
        Action.NOTE_CHANGED, {"note": before}, {"note": text}, object_repr=f"{unit.code}/{leaf.code}"
    )
    record(actor, change)
    return score


class ConfirmationNeeded(NotAllowed):
    """Submitting with items still missing needs the head's explicit confirmation."""


@transaction.atomic
def submit(campaign: Campaign, unit: Unit, actor: Actor, *, confirm_missing: bool = False) -> Assessment:
    """The head submits the unit's self-assessment. After the general deadline (under an exception) it is late."""
    assessment = checked_assessment(campaign, unit, self_edit_block)
    if assessment.state == State.NOT_STARTED:
        raise NotAllowed(_("Nothing has been self-assessed yet."))
    missing = missing_items(campaign, unit)
    if missing and not confirm_missing:
        raise ConfirmationNeeded(
            _("%(count)s items are still missing. Confirm to submit anyway; they will count 0 points.")
            % {"count": len(missing)}
        )
    now = timezone.now()
    assessment.submitted_at = now
    assessment.submitted_by = actor.user
    assessment.late = campaign.self_closes_at is not None and now >= campaign.self_closes_at
    assessment.move_to(State.SUBMITTED, actor)
    if assessment.late and campaign.late_deduction:
        recompute_unit(campaign, unit, actor, _("late submission"))
    return assessment


@transaction.atomic
def withdraw(campaign: Campaign, unit: Unit, actor: Actor) -> Assessment:
    assessment = checked_assessment(campaign, unit, withdraw_block)
    was_late = assessment.late
    assessment.submitted_at = None
    assessment.submitted_by = None
    assessment.late = False
    assessment.move_to(State.IN_PROGRESS, actor, _("withdrawn by the unit to edit"))
    if was_late and campaign.late_deduction:
        recompute_unit(campaign, unit, actor)
    return assessment


@transaction.atomic
def answer_question(question: Question, text: str, actor: Actor) -> Question:
    checked_assessment(question.campaign, question.unit, explanation_block)
    text = text.strip()
    if not text:
        raise NotAllowed(_("Write the explanation before saving."))
    before = question.answer or None
    question.answer = text
    question.answered_by = actor.user
    question.answered_at = timezone.now()
    question.save()
    record(actor, question.to_change(Action.EXPLANATION_ANSWERED, {"answer": before}, {"answer": text}))
    return question


@transaction.atomic
def send_explanation(campaign: Campaign, unit: Unit, actor: Actor) -> Assessment:
    assessment = checked_assessment(campaign, unit, explanation_block)
    open_questions = Question.objects.filter(campaign_id=campaign.pk, unit_id=unit.pk, answer="").count()
    if open_questions:
        raise NotAllowed(_("%(count)s questions have no answer yet.") % {"count": open_questions})
    assessment.move_to(State.EXPLAINED, actor)
    return assessment
