"""Who may see where a unit lost its points, and who marks the effort of each sub-criterion.

A unit's own people (officers, head) see it once the results are published, with their final rank and band; Home
Affairs and the leaders over the campaign's running unit, or over the unit, once the results are locked. Home Affairs
(those who run the campaign) mark the effort of its set's sub-criteria.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from parindex.assessments.access import (
    WATCH_ROLES,
    can_oversee,
    get_campaign_for_user,
    get_campaign_unit_for_user,
    get_rw_campaign_for_user,
)
from parindex.assessments.models import Campaign
from parindex.org.access import AnyUser, has_role
from parindex.org.models import UNIT_ROLES, Unit


def may_see_unit_gap(user: AnyUser, campaign: Campaign, unit: Unit) -> bool:
    if campaign.is_published and has_role(user, unit, UNIT_ROLES):
        return True
    return not campaign.is_open and (can_oversee(user, campaign) or has_role(user, unit, WATCH_ROLES))


def get_unit_gap_for_user(user: AnyUser, code: str, unit_code: str) -> tuple[Campaign, Unit]:
    """The campaign and unit whose gap the user may read: 404 for a campaign or unit they do not see, or before the
    results are final for them; 403 for someone who sees the unit but not its results (an appraiser)."""
    campaign = get_campaign_for_user(user, code)
    unit = get_campaign_unit_for_user(user, campaign, unit_code)
    if may_see_unit_gap(user, campaign, unit):
        return campaign, unit
    if campaign.is_open or (has_role(user, unit, UNIT_ROLES) and not campaign.is_published):
        raise Http404
    raise PermissionDenied


def get_rw_effort_campaign_for_user(user: AnyUser, code: str) -> Campaign:
    """A campaign whose set's effort marks the user keeps (Home Affairs running it): 404 / 403 as for its settings."""
    return get_rw_campaign_for_user(user, code)
