"""A campaign's life as Home Affairs runs it: calendar and lateness policy, appraiser assignments, locking the
results (applying the policy), publishing, and the audited re-opening."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from parindex.assessments.models import AppraiserAssignment, Assessment, Campaign, Score
from parindex.assessments.scoring import recompute_campaign
from parindex.assessments.services import (
    SCORE_INSERT_FIELDS,
    SCORE_UPDATE_FIELDS,
    CampaignError,
    ensure_assessments,
    stage_snapshot,
)
from parindex.assessments.signals import results_locked, results_published, results_reopened
from parindex.assessments.workflow import SELF_STATES, State, self_leaves
from parindex.audit.models import Action
from parindex.audit.services import Actor, Change, record, record_many
from parindex.dbbulk import insert_rows, update_many
from parindex.frameworks.models import Criterion
from parindex.moments import when
from parindex.org.access import has_role, units_for_user
from parindex.org.models import MANAGER_ROLES, Membership, Role, Unit
from parindex.scoring.engine import LeafKind

SETTINGS_FIELDS = [
    "name",
    "self_opens_at",
    "self_closes_at",
    "round1_ends_at",
    "explanation_closes_at",
    "round2_ends_at",
    "publish_on",
    "zero_if_not_self_assessed",
    "late_deduction",
    "unrank_if_not_submitted",
    "rating_rules",
]


def _jsonable(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


@transaction.atomic
def save_settings(campaign: Campaign, values: dict[str, Any], actor: Actor) -> list[str]:
    """Store the calendar and policy fields that changed, audited field by field. Returns the changed names."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name in SETTINGS_FIELDS:
        if name in values and getattr(campaign, name) != values[name]:
            before[name] = _jsonable(getattr(campaign, name))
            after[name] = _jsonable(values[name])
            setattr(campaign, name, values[name])
    if after:
        campaign.save(update_fields=list(after))
        record(actor, campaign.to_change(Action.CAMPAIGN_CHANGED, before, after))
        if "late_deduction" in after or "unrank_if_not_submitted" in after:
            recompute_campaign(campaign, actor, _("campaign policy changed"))
    return list(after)


@transaction.atomic
def set_assignments(
    campaign: Campaign, user_id: int, unit_ids: Iterable[int], area_ids: Iterable[int], actor: Actor
) -> None:
    """Replace one appraiser's assignments in a campaign (audited as before/after lists).

    Only the campaign's units and areas; a person assigns only appraisers and units within their own Home Affairs
    or administrator scope (the command line and the demo are not limited).
    """
    _check_assignment(campaign, user_id, set(unit_ids), set(area_ids), actor)
    rows = AppraiserAssignment.objects.filter(campaign_id=campaign.pk, user_id=user_id)
    before = {
        "units": sorted(u for u in rows.values_list("unit_id", flat=True) if u),
        "areas": sorted(a for a in rows.values_list("area_id", flat=True) if a),
    }
    after = {"units": sorted(set(unit_ids)), "areas": sorted(set(area_ids))}
    if before == after:
        return
    rows.delete()
    AppraiserAssignment.objects.bulk_create(
        [AppraiserAssignment(campaign_id=campaign.pk, user_id=user_id, unit_id=u) for u in after["units"]]
        + [AppraiserAssignment(campaign_id=campaign.pk, user_id=user_id, area_id=a) for a in after["areas"]]
    )
    # One entry per appraiser and campaign, filed under the campaign.
    record(
        actor,
        campaign.to_change(Action.ASSIGNMENT_CHANGED, before, after, object_type="assignment", object_id=user_id),
    )


def _check_assignment(campaign: Campaign, user_id: int, unit_ids: set[int], area_ids: set[int], actor: Actor) -> None:
    units = campaign.units()
    if actor.user is not None:
        managed = units_for_user(actor.user, MANAGER_ROLES)
        if not has_role(actor.user, campaign.owner, MANAGER_ROLES):
            raise CampaignError(_("Only Home Affairs staff over the running unit assign the appraisers."))
        units = units.filter(pk__in=managed.values("pk"))
        appraiser = Membership.objects.filter(user_id=user_id, role=Role.APPRAISER, unit__in=managed.values("pk"))
        if not appraiser.exists():
            raise CampaignError(_("This person is not an appraiser within your scope."))
    outside = unit_ids - set(units.filter(pk__in=unit_ids).values_list("pk", flat=True))
    if outside:
        names = ", ".join(Unit.objects.filter(pk__in=outside).order_by("code").values_list("name", flat=True))
        raise CampaignError(
            _("Not a unit of this campaign within your scope: %(units)s.") % {"units": names or str(sorted(outside))}
        )
    areas = set(campaign.framework.criteria.filter(depth=1, pk__in=area_ids).values_list("pk", flat=True))
    if area_ids - areas:
        raise CampaignError(_("Not an area of this campaign's criteria set."))


def unfinished_units(campaign: Campaign) -> int:
    return (
        Assessment.objects.filter(campaign_id=campaign.pk, unit__in=campaign.units())
        .exclude(state__in=[Assessment.State.APPRAISED, Assessment.State.PUBLISHED])
        .count()
    )


@dataclass(frozen=True)
class Blocker:
    """A unit that keeps the results from being locked now, and why (a sentence for the page)."""

    unit_code: str
    unit_name: str
    reason: str


class LockRefused(CampaignError):
    """Locking is refused: ``blockers`` names each unit that may still act, or whose round is still open."""

    def __init__(self, blockers: list[Blocker]) -> None:
        self.blockers = blockers
        super().__init__(
            _("The results cannot be locked yet: %(count)s units may still act or are still being appraised.")
            % {"count": len(blockers)}
        )


def last_appraisal_date(campaign: Campaign) -> datetime | None:
    """The calendar's last appraisal date: the end of round 2, or of round 1 when there is no round 2."""
    return campaign.round2_ends_at or campaign.round1_ends_at


def lock_blockers(campaign: Campaign, now: datetime | None = None) -> list[Blocker]:
    """Why the results cannot be locked now, unit by unit (empty when they can).

    A unit blocks while it may still self-assess (its own deadline, exceptions included; no deadline = the window
    never closes) or still explain, and, until the calendar's last appraisal date has passed, while its appraisal
    round is still open. A unit that never submitted and whose deadline passed does not block: the lateness policy
    decides its items.
    """
    now = now or timezone.now()
    last = last_appraisal_date(campaign)
    rounds_over = last is not None and now >= last
    rows = {
        a.unit_id: a
        for a in Assessment.objects.filter(campaign_id=campaign.pk)
        .select_related("campaign")
        .only("unit_id", "state", "deadline_override", "campaign")
    }
    blockers: list[Blocker] = []
    for unit in campaign.units().order_by("code").only("pk", "code", "name"):
        assessment = rows.get(unit.pk) or Assessment(campaign=campaign, unit=unit)
        assessment.campaign = campaign
        reason = _unit_blocker(assessment, now, rounds_over)
        if reason:
            blockers.append(Blocker(unit.code, unit.name, reason))
    return blockers


def _unit_blocker(assessment: Assessment, now: datetime, rounds_over: bool) -> str | None:
    state, campaign = assessment.state, assessment.campaign
    if state in SELF_STATES and not assessment.self_window_closed(now):
        closes = assessment.closes_at()
        if closes is None:
            return _("may still self-assess: the calendar sets no self-assessment deadline")
        if assessment.deadline_override is not None:
            return _("may still self-assess until %(when)s (deadline exception)") % {"when": when(closes)}
        return _("may still self-assess until %(when)s") % {"when": when(closes)}
    if state == State.EXPLANATION_REQUESTED and campaign.explanation_open(now):
        closes = campaign.explanation_closes_at
        if closes is None:
            return _("may still send its explanation: the calendar sets no explanation deadline")
        return _("may still send its explanation until %(when)s") % {"when": when(closes)}
    if rounds_over:
        return None
    if state in (State.SUBMITTED, State.APPRAISING):
        return _("appraisal round 1 is still open for this unit")
    if state in (State.EXPLANATION_REQUESTED, State.EXPLAINED):
        return _("appraisal round 2 is still open for this unit")
    return None


def _lock_assessment_rows(campaign: Campaign) -> list[Assessment]:
    """Every unit's assessment row, locked in a fixed order before the campaign row.

    Saves lock their unit's row, then the campaign row (to re-rank); taking the rows in the same order here makes
    a save in flight finish before the lock reads anything, and makes every later save wait, then see the lock.
    """
    ensure_assessments(campaign)
    return list(
        Assessment.objects.select_for_update(of=("self",))
        .filter(campaign_id=campaign.pk, unit__in=campaign.units())
        .order_by("pk")
    )


@transaction.atomic
def lock_results(campaign: Campaign, actor: Actor, reason: str = "", now: datetime | None = None) -> int:
    """Lock the results: apply the lateness policy, recompute, and freeze every score. Returns the leaves set to 0.

    Refused (:class:`LockRefused`, naming each unit and why) while a unit may still self-assess or explain, or while
    a round is open before the calendar's last appraisal date. Each unit's step is kept so that a re-opening puts it
    back. Under "not self-assessed → 0", every self-assessed leaf a unit left empty (and no appraiser scored) is
    written as appraised 0 with that reason, so the final sheet shows why each zero is there.
    """
    now = now or timezone.now()
    assessments = _lock_assessment_rows(campaign)
    given, campaign = campaign, Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not campaign.is_open:
        raise CampaignError(_("The results are already locked."))
    if blockers := lock_blockers(campaign, now):
        raise LockRefused(blockers)
    Assessment.objects.filter(pk__in=[a.pk for a in assessments]).update(state_before_lock=F("state"))
    zeroed = _zero_missing(campaign, actor) if campaign.zero_if_not_self_assessed else 0
    campaign.status = Campaign.Status.LOCKED
    campaign.locked_at = now
    campaign.save(update_fields=["status", "locked_at"])
    steps: dict[str, int] = {}
    for a in assessments:
        steps[a.state] = steps.get(a.state, 0) + 1
    locked = {"status": "locked", "zeroed": zeroed, "steps": dict(sorted(steps.items()))}
    record(actor, campaign.to_change(Action.RESULTS_LOCKED, {"status": "open"}, locked), reason)
    recompute_campaign(campaign, actor, _("results locked"))
    # The apps above store what goes with the lock (the head ratings), in this transaction.
    results_locked.send(Campaign, campaign=campaign, actor=actor, reason=_("results locked"))
    given.status, given.locked_at = campaign.status, campaign.locked_at
    return zeroed


def _leaves_to_zero(campaign: Campaign) -> list[tuple[int, Criterion, Score | None]]:
    """(unit, leaf, its score row if any) of every self-assessed leaf a unit left empty and no appraiser scored."""
    leaves = [leaf for leaf in self_leaves(campaign) if leaf.kind == LeafKind.NORMAL]
    units = list(campaign.units().values_list("id", flat=True))
    existing = {(s.unit_id, s.criterion_id): s for s in Score.objects.filter(campaign_id=campaign.pk)}
    empty = []
    for unit_id in units:
        for leaf in leaves:
            score = existing.get((unit_id, leaf.pk))
            if score is None or not (score.self_score is not None or score.self_na or score.is_appraised):
                empty.append((unit_id, leaf, score))
    return empty


def lock_preview(campaign: Campaign) -> int:
    """How many empty items locking would score 0 under the campaign's policy (nothing is written)."""
    return len(_leaves_to_zero(campaign)) if campaign.zero_if_not_self_assessed else 0


def _zero_missing(campaign: Campaign, actor: Actor) -> int:
    now = timezone.now()
    zeroed = stage_snapshot(None, False) | {"score": "0.00"}
    new_rows: list[tuple[Any, ...]] = []
    to_update: list[Score] = []
    changes: list[Change] = []
    for unit_id, leaf, score in _leaves_to_zero(campaign):
        if score is None:
            no_self = (None, None, False)  # value, score, not applicable
            zero = (0, False, 0, False)  # appraised and final
            new_rows.append((campaign.pk, unit_id, leaf.pk, *no_self, *zero, "", "", None, False, now, True))
        else:
            score.appraised_score, score.appraised_na = Decimal(0), False
            score.zeroed_by_lock = True
            score.resolve_final()
            score.updated_at = now
            to_update.append(score)
        name = f"{unit_id}/{leaf.code}"  # the lock's entries name the leaf by its code
        changes.append(
            Score.entry(Action.SCORE_APPRAISED, campaign.pk, unit_id, leaf.pk, None, zeroed, object_repr=name)
        )
    insert_rows(Score, [*SCORE_INSERT_FIELDS, "zeroed_by_lock"], new_rows)
    update_many(Score, [*SCORE_UPDATE_FIELDS, "zeroed_by_lock"], to_update)
    record_many(actor, changes, _("not self-assessed by the deadline: 0 points under the campaign's policy"))
    return len(changes)


def _take_back_zeros(campaign: Campaign, actor: Actor, reason: str) -> int:
    """Undo the lateness policy's zeros written by the lock: those leaves are empty again, as before the lock."""
    rows = list(Score.objects.filter(campaign_id=campaign.pk, zeroed_by_lock=True).select_related("criterion"))
    changes = []
    for score in rows:
        before = score.snapshot("appraised")
        score.appraised_score, score.appraised_na, score.zeroed_by_lock = None, False, False
        score.resolve_final()
        after = score.snapshot("appraised")
        name = f"{score.unit_id}/{score.criterion.code}"
        changes.append(score.to_change(Action.SCORE_APPRAISED, before, after, object_repr=name))
    update_many(Score, [*SCORE_UPDATE_FIELDS, "zeroed_by_lock"], rows)
    record_many(actor, changes, reason)
    return len(rows)


def publication_block(campaign: Campaign, on: date | None, now: datetime | None = None) -> str | None:
    """Why the results cannot be published with the publication date ``on`` now, or None."""
    if campaign.status != Campaign.Status.LOCKED:
        return _("Lock the results before publishing them.")
    if on is None:
        return _("Give the publication date (the date of the decision that publishes the results).")
    today = timezone.localdate(now or timezone.now())
    if on > today:
        return _(
            "The publication date %(date)s is still to come: publish on that day, or give the date of the decision "
            "if it was signed earlier."
        ) % {"date": formats.date_format(on, "SHORT_DATE_FORMAT")}
    return None


@transaction.atomic
def publish(campaign: Campaign, actor: Actor, on: date | None = None, now: datetime | None = None) -> None:
    """Publish locked results on the publication date (the calendar's, unless another is given; never a future
    one): the public page shows them, every unit's assessment moves to "published"."""
    now = now or timezone.now()
    given, campaign = campaign, Campaign.objects.select_for_update().get(pk=campaign.pk)
    on = on or campaign.publish_on
    if block := publication_block(campaign, on, now):
        raise CampaignError(block)
    before = {"status": "locked", "publish_on": _jsonable(campaign.publish_on)}
    campaign.status = Campaign.Status.PUBLISHED
    campaign.published_at = now
    campaign.publish_on = on
    campaign.save(update_fields=["status", "published_at", "publish_on"])
    units = Assessment.objects.filter(campaign_id=campaign.pk).exclude(state=State.PUBLISHED)
    Assessment.move_many(campaign, [(a, State.PUBLISHED) for a in units.only("pk", "unit", "state")], actor)
    after = {"status": "published", "publish_on": _jsonable(on)}
    record(actor, campaign.to_change(Action.RESULTS_PUBLISHED, before, after))
    transaction.on_commit(lambda: results_published.send(Campaign, campaign=campaign, actor=actor), robust=True)
    given.status, given.published_at, given.publish_on = campaign.status, campaign.published_at, campaign.publish_on


@transaction.atomic
def reopen(campaign: Campaign, actor: Actor, reason: str) -> None:
    """Re-open locked or published results so they can be corrected; the reason is required and audited.

    Nothing the lock wrote survives but its audit entries: every unit goes back to the step it stood at when the
    results were locked, the lateness policy's zeros are taken back, the stored head ratings are removed.
    """
    reason = reason.strip()
    if not reason:
        raise CampaignError(_("Give the reason for re-opening the results (e.g. the decision that requires it)."))
    assessments = _lock_assessment_rows(campaign)
    given, campaign = campaign, Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.is_open:
        raise CampaignError(_("The results are not locked."))
    before = campaign.status
    campaign.status = Campaign.Status.OPEN
    campaign.locked_at = None
    campaign.published_at = None
    campaign.save(update_fields=["status", "locked_at", "published_at"])
    record(actor, campaign.to_change(Action.RESULTS_REOPENED, {"status": before}, {"status": "open"}), reason)
    _restore_steps(campaign, assessments, actor, reason)
    _take_back_zeros(campaign, actor, reason)
    # The apps above take back what they stored with the lock (the head ratings), in this transaction.
    results_reopened.send(Campaign, campaign=campaign, actor=actor, reason=reason)
    recompute_campaign(campaign, actor, reason)
    given.status, given.locked_at, given.published_at = campaign.status, None, None


def _restore_steps(campaign: Campaign, assessments: list[Assessment], actor: Actor, reason: str) -> None:
    """Each unit back to the step it had before the lock (units added since, or locked before steps were kept,
    go back to "appraised" from "published")."""
    moves = []
    for a in assessments:
        to = a.state_before_lock or (State.APPRAISED if a.state == State.PUBLISHED else a.state)
        if to != a.state:
            moves.append((a, to))
    Assessment.move_many(campaign, moves, actor, reason)
    Assessment.objects.filter(pk__in=[a.pk for a in assessments]).update(state_before_lock="")
