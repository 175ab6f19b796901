"""Who sees the results across years, and who keeps the area mappings and the province's figures.

The committee's readers (Home Affairs staff, administrators and leaders, that is viewers) see every unit group whose
campaigns are run by a unit in their scope, and every unit in their scope. A unit's own head sees the unit's own
trend; the group's figures (its mean, the other units) only where they may see them anyway: once published, or
when they oversee the campaign. Home Affairs staff and administrators of a committee that runs campaigns keep the
area mappings between criteria sets and the index the province published for their committee.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from parindex.assessments.models import Campaign
from parindex.insights.models import AreaMapping, ProvinceStanding
from parindex.org.access import AnyUser, get_unit_for_user, has_role, holds_any_role, memberships, units_for_user
from parindex.org.models import MANAGER_ROLES, READER_ROLES, Role, Unit, UnitGroup

VIEW_ROLES = READER_ROLES
EDIT_ROLES = MANAGER_ROLES
# Besides the readers, the head of a unit sees the unit's own trend.
UNIT_TREND_ROLES = (*READER_ROLES, Role.HEAD)


def can_see_insights(user: AnyUser) -> bool:
    """The leaders' pages across units (the menu entry)."""
    return holds_any_role(user, VIEW_ROLES)


def own_trend_unit(user: AnyUser) -> str:
    """The code of the unit whose trend a head (who reads no other unit) may open from the menu, or ""."""
    heads = memberships(user, (Role.HEAD,))
    return heads[0].unit.code if heads and heads[0].unit.group_id else ""


def overseen_campaigns(user: AnyUser) -> QuerySet[Campaign]:
    """Campaigns run by a unit in the user's reading scope (they read every unit of those)."""
    if not can_see_insights(user):
        raise PermissionDenied
    return Campaign.objects.filter(owner__in=units_for_user(user, VIEW_ROLES)).select_related(
        "group", "framework", "owner"
    )


def get_group_for_user(user: AnyUser, code: str) -> tuple[UnitGroup, list[Campaign]]:
    """A unit group and its campaigns the user oversees; 403 without a reading role, 404 if none is theirs."""
    campaigns = list(overseen_campaigns(user).filter(group__code=code))
    if not campaigns:
        raise Http404
    return campaigns[0].group, campaigns


def get_trend_unit_for_user(user: AnyUser, code: str) -> tuple[Unit, list[Campaign]]:
    """A unit whose trend the user may read (a reader over it, or its head) and its group's campaigns; 404 else."""
    unit = get_unit_for_user(user, code, UNIT_TREND_ROLES)
    if unit.group_id is None:
        raise Http404
    campaigns = list(Campaign.objects.filter(group_id=unit.group_id).select_related("group", "framework", "owner"))
    if not campaigns:
        raise Http404
    return unit, campaigns


def oversees(user: AnyUser, campaign: Campaign) -> bool:
    """Whether the user reads every unit of ``campaign`` (a reader over the committee that runs it)."""
    return has_role(user, campaign.owner, VIEW_ROLES)


def sees_group(user: AnyUser, campaign: Campaign) -> bool:
    """Whether the user may see the group's figures of ``campaign`` (its mean, the other units)."""
    return campaign.is_published or oversees(user, campaign)


def committees_for_editing(user: AnyUser) -> QuerySet[Unit]:
    """The committees (units that run campaigns) whose province figures the user may record."""
    return Unit.objects.filter(
        pk__in=Campaign.objects.filter(owner__in=units_for_user(user, EDIT_ROLES)).values("owner_id")
    ).order_by("name")


def can_edit(user: AnyUser) -> bool:
    """Home Affairs staff or an administrator of a committee that runs campaigns."""
    return holds_any_role(user, EDIT_ROLES) and committees_for_editing(user).exists()


def get_rw_mapping_for_user(user: AnyUser, pk: int) -> AreaMapping:
    if not can_edit(user):
        raise PermissionDenied
    try:
        return AreaMapping.objects.get(pk=pk)
    except AreaMapping.DoesNotExist:
        raise Http404 from None


def standings_for_user(user: AnyUser) -> QuerySet[ProvinceStanding]:
    """The province's figures for the committees whose campaigns the user oversees."""
    owners = overseen_campaigns(user).values("owner_id")
    return ProvinceStanding.objects.filter(unit_id__in=owners).select_related("unit")


def get_rw_standing_for_user(user: AnyUser, pk: int) -> ProvinceStanding:
    """A recorded figure of a committee the user keeps; 403 without the right, 404 outside their scope."""
    if not can_edit(user):
        raise PermissionDenied
    try:
        return ProvinceStanding.objects.select_related("unit").get(pk=pk, unit__in=committees_for_editing(user))
    except ProvinceStanding.DoesNotExist:
        raise Http404 from None
