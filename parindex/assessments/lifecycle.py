"""A campaign's life as Home Affairs runs it: calendar and lateness policy, appraiser assignments, locking the
results (applying the policy), publishing, and the audited re-opening."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.assessments.models import AppraiserAssignment, Assessment, Campaign, Score
from parindex.assessments.scoring import recompute_campaign
from parindex.assessments.services import SCORE_INSERT_FIELDS, SCORE_UPDATE_FIELDS, CampaignError, stage_snapshot
from parindex.assessments.workflow import self_leaves
from parindex.audit.models import Action
from parindex.audit.services import Actor, Change, record, record_many
from parindex.dbbulk import insert_rows, update_many
from parindex.ratings.services import store_ratings
from parindex.scoring.engine import Kind

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


def _campaign_change(action: str, campaign: Campaign, before: Any, after: Any) -> Change:
    return Change(action, "campaign", campaign.pk, campaign.code, before, after, campaign_id=campaign.pk)


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
        record(actor, _campaign_change(Action.CAMPAIGN_CHANGED, campaign, before, after))
        if "late_deduction" in after or "unrank_if_not_submitted" in after:
            recompute_campaign(campaign, actor, _("campaign policy changed"))
    return list(after)


@transaction.atomic
def set_assignments(
    campaign: Campaign, user_id: int, unit_ids: Iterable[int], area_ids: Iterable[int], actor: Actor
) -> None:
    """Replace one appraiser's assignments in a campaign (audited as before/after lists)."""
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
    record(
        actor,
        Change(Action.ASSIGNMENT_CHANGED, "assignment", user_id, campaign.code, before, after, campaign_id=campaign.pk),
    )


def unfinished_units(campaign: Campaign) -> int:
    return (
        Assessment.objects.filter(campaign_id=campaign.pk, unit__in=campaign.units())
        .exclude(state__in=[Assessment.State.APPRAISED, Assessment.State.PUBLISHED])
        .count()
    )


@transaction.atomic
def lock_results(campaign: Campaign, actor: Actor, reason: str = "") -> int:
    """Lock the results: apply the lateness policy, recompute, and freeze every score. Returns the leaves set to 0.

    Under "not self-assessed → 0", every self-assessed leaf a unit left empty (and no appraiser scored) is written
    as appraised 0 with that reason, so the final sheet shows why each zero is there.
    """
    given, campaign = campaign, Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not campaign.is_open:
        raise CampaignError(_("The results are already locked."))
    zeroed = _zero_missing(campaign, actor) if campaign.zero_if_not_self_assessed else 0
    campaign.status = Campaign.Status.LOCKED
    campaign.locked_at = timezone.now()
    campaign.save(update_fields=["status", "locked_at"])
    record(
        actor,
        _campaign_change(Action.RESULTS_LOCKED, campaign, {"status": "open"}, {"status": "locked", "zeroed": zeroed}),
        reason,
    )
    recompute_campaign(campaign, actor, _("results locked"))
    store_ratings(campaign, actor, _("results locked"))
    given.status, given.locked_at = campaign.status, campaign.locked_at
    return zeroed


def _zero_missing(campaign: Campaign, actor: Actor) -> int:
    leaves = [leaf for leaf in self_leaves(campaign) if leaf.kind == Kind.NORMAL]
    units = list(campaign.units().values_list("id", flat=True))
    existing = {(s.unit_id, s.criterion_id): s for s in Score.objects.filter(campaign_id=campaign.pk)}
    now = timezone.now()
    zero = stage_snapshot(None, False) | {"score": "0.00"}
    new_rows: list[tuple[Any, ...]] = []
    to_update: list[Score] = []
    changes: list[Change] = []
    for unit_id in units:
        for leaf in leaves:
            score = existing.get((unit_id, leaf.pk))
            if score is not None and (score.self_score is not None or score.self_na or score.is_appraised):
                continue
            if score is None:
                new_rows.append(
                    (campaign.pk, unit_id, leaf.pk, None, None, False, 0, False, 0, False, "", "", None, False, now)
                )
            else:
                score.appraised_score, score.appraised_na = Decimal(0), False
                score.resolve_final()
                score.updated_at = now
                to_update.append(score)
            changes.append(
                Change(
                    Action.SCORE_APPRAISED,
                    "score",
                    f"{campaign.pk}:{unit_id}:{leaf.pk}",
                    f"{unit_id}/{leaf.code}",
                    None,
                    zero,
                    campaign_id=campaign.pk,
                    unit_id=unit_id,
                    criterion_id=leaf.pk,
                )
            )
    insert_rows(Score, SCORE_INSERT_FIELDS, new_rows)
    update_many(Score, SCORE_UPDATE_FIELDS, to_update)
    record_many(actor, changes, _("not self-assessed by the deadline: 0 points under the campaign's policy"))
    return len(changes)


@transaction.atomic
def publish(campaign: Campaign, actor: Actor) -> None:
    """Publish locked results: the public page shows them, every unit's assessment moves to "published"."""
    given, campaign = campaign, Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != Campaign.Status.LOCKED:
        raise CampaignError(_("Lock the results before publishing them."))
    campaign.status = Campaign.Status.PUBLISHED
    campaign.published_at = timezone.now()
    campaign.save(update_fields=["status", "published_at"])
    _move_all(campaign, Assessment.State.PUBLISHED, actor, exclude=Assessment.State.PUBLISHED)
    record(actor, _campaign_change(Action.RESULTS_PUBLISHED, campaign, {"status": "locked"}, {"status": "published"}))
    given.status, given.published_at = campaign.status, campaign.published_at


@transaction.atomic
def reopen(campaign: Campaign, actor: Actor, reason: str) -> None:
    """Re-open locked or published results so they can be corrected; the reason is required and audited."""
    reason = reason.strip()
    if not reason:
        raise CampaignError(_("Give the reason for re-opening the results (e.g. the decision that requires it)."))
    given, campaign = campaign, Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.is_open:
        raise CampaignError(_("The results are not locked."))
    before = campaign.status
    campaign.status = Campaign.Status.OPEN
    campaign.save(update_fields=["status"])
    _move_all(campaign, Assessment.State.APPRAISED, actor, only=Assessment.State.PUBLISHED, reason=reason)
    record(actor, _campaign_change(Action.RESULTS_REOPENED, campaign, {"status": before}, {"status": "open"}), reason)
    recompute_campaign(campaign, actor, reason)
    given.status = campaign.status


def _move_all(
    campaign: Campaign,
    to: Assessment.State,
    actor: Actor,
    *,
    only: str | None = None,
    exclude: str | None = None,
    reason: str = "",
) -> None:
    rows = Assessment.objects.filter(campaign_id=campaign.pk)
    if only is not None:
        rows = rows.filter(state=only)
    if exclude is not None:
        rows = rows.exclude(state=exclude)
    moved = list(rows.values_list("id", "unit_id", "state"))
    Assessment.objects.filter(pk__in=[pk for pk, _u, _s in moved]).update(state=to, updated_at=timezone.now())
    record_many(
        actor,
        [
            Change(
                Action.STATE_CHANGED,
                "assessment",
                pk,
                f"{campaign.code}/{unit_id}",
                {"state": state},
                {"state": to.value},
                campaign_id=campaign.pk,
                unit_id=unit_id,
            )
            for pk, unit_id, state in moved
        ],
        reason,
    )
