"""Which campaigns and results a user may see."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from parindex.assessments.models import Assessment, Campaign, Evidence
from parindex.assessments.scoring import scoring_setup
from parindex.frameworks.models import Criterion
from parindex.org.access import AnyUser, get_unit_for_user, has_role, units_for_user
from parindex.org.models import MANAGER_ROLES, READER_ROLES, UNIT_ROLES, Role, Unit

if TYPE_CHECKING:
    from parindex.assessments.appraisal import Scope

# Campaign-wide rights are decided on the campaign's running unit (its owner), never on one of its units: staff
# scoped to one commune see their commune's part of a district campaign, not the campaign.
WATCH_ROLES = (*MANAGER_ROLES, Role.VIEWER)


def campaigns_for_user(user: AnyUser) -> QuerySet[Campaign]:
    """Campaigns that assess at least one unit in the user's scope."""
    groups = units_for_user(user).filter(group__isnull=False).values("group_id")
    return Campaign.objects.filter(group_id__in=groups).select_related("framework", "group", "owner", "rating_rules")


def get_campaign_for_user(user: AnyUser, code: str) -> Campaign:
    try:
        return campaigns_for_user(user).get(code=code)
    except Campaign.DoesNotExist:
        raise Http404 from None


def can_manage(user: AnyUser, campaign: Campaign) -> bool:
    """Home Affairs staff or an administrator over the running unit run the campaign: calendar, policy, appraisers,
    exceptions, locking, publishing and re-opening."""
    return has_role(user, campaign.owner, MANAGER_ROLES)


def can_oversee(user: AnyUser, campaign: Campaign) -> bool:
    """Those who run the campaign and the leaders (viewers) over the running unit read every unit of it."""
    return has_role(user, campaign.owner, WATCH_ROLES)


def get_rw_campaign_for_user(user: AnyUser, code: str) -> Campaign:
    """A campaign the user runs (see :func:`can_manage`): 404 if not visible, 403 if visible but not theirs to run."""
    campaign = get_campaign_for_user(user, code)
    if not can_manage(user, campaign):
        raise PermissionDenied
    return campaign


def get_campaign_unit_for_user(
    user: AnyUser, campaign: Campaign, code: str, roles: Iterable[str] | None = None
) -> Unit:
    """A unit assessed in ``campaign`` on which the user holds one of ``roles``; 404 otherwise."""
    unit = get_unit_for_user(user, code, roles)
    if unit.group_id != campaign.group_id:
        raise Http404
    return unit


def get_evidence_for_user(user: AnyUser, campaign: Campaign, pk: int) -> Evidence:
    """An evidence file the user may open: its own unit's people, Home Affairs, viewers over the unit, or an
    appraiser covering its leaf once the unit's draft is no longer private. 404 for everyone else."""
    from parindex.assessments.appraisal import appraiser_scope, area_of
    from parindex.assessments.workflow import draft_is_private

    evidence = Evidence.objects.select_related("unit", "criterion").filter(campaign_id=campaign.pk, pk=pk).first()
    if evidence is None:
        raise Http404
    unit = evidence.unit
    if has_role(user, unit, UNIT_ROLES):
        return evidence
    assessment = Assessment.objects.select_related("campaign").filter(campaign_id=campaign.pk, unit=unit).first()
    if assessment is None or draft_is_private(assessment):
        raise Http404
    if has_role(user, unit, WATCH_ROLES):
        return evidence
    if has_role(user, unit, (Role.APPRAISER,)):
        by_id = scoring_setup(campaign).by_id
        if appraiser_scope(user, campaign).covers_leaf(unit.pk, area_of(evidence.criterion, by_id)):
            return evidence
    raise Http404


def get_leaf_history_target(user: AnyUser, campaign: Campaign, unit_code: str, leaf_id: int) -> tuple[Unit, Criterion]:
    """A leaf of a unit whose history the user may read: the unit's own people always; Home Affairs, viewers and
    the appraiser covering the leaf once the draft is no longer private. 404 for everyone else."""
    from parindex.assessments.appraisal import appraiser_scope, area_of
    from parindex.assessments.workflow import draft_is_private

    unit = get_campaign_unit_for_user(user, campaign, unit_code)
    criteria = scoring_setup(campaign).by_id
    leaf = criteria.get(leaf_id)
    if leaf is None or not leaf.is_leaf:
        raise Http404
    if has_role(user, unit, UNIT_ROLES):
        return unit, leaf
    assessment = Assessment.objects.select_related("campaign").filter(campaign_id=campaign.pk, unit=unit).first()
    if assessment is None or draft_is_private(assessment):
        raise Http404
    if has_role(user, unit, WATCH_ROLES):
        return unit, leaf
    if appraiser_scope(user, campaign).covers_leaf(unit.pk, area_of(leaf, criteria)):
        return unit, leaf
    raise Http404


def get_appraisal_unit_for_user(user: AnyUser, campaign: Campaign, unit_code: str) -> tuple[Unit, Scope | None]:
    """A unit's appraisal sheet: the unit, and the user's appraiser scope (None: reads everything, edits nothing, as
    Home Affairs and viewers do). Outsiders get 404, people without a reading role 403; nobody sees a draft (the page
    checks the draft)."""
    from parindex.assessments.appraisal import appraiser_scope

    unit = get_campaign_unit_for_user(user, campaign, unit_code)
    scope = appraiser_scope(user, campaign)
    if scope.covers_unit(unit.pk):
        return unit, scope
    if has_role(user, unit, READER_ROLES):
        return unit, None
    raise PermissionDenied


def get_rw_appraisal_leaf_for_user(
    user: AnyUser, campaign: Campaign, unit_code: str, leaf_id: int
) -> tuple[Unit, Scope, Criterion]:
    """A leaf the user may appraise: in a unit or an area assigned to them. 403 otherwise."""
    from parindex.assessments.appraisal import area_of

    unit, scope = get_appraisal_unit_for_user(user, campaign, unit_code)
    criteria = scoring_setup(campaign).by_id
    leaf = criteria.get(leaf_id)
    if leaf is None or not leaf.is_leaf:
        raise PermissionDenied
    if scope is None or not scope.covers_leaf(unit.pk, area_of(leaf, criteria)):
        raise PermissionDenied
    return unit, scope, leaf
