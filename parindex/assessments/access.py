"""Which campaigns and results a user may see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from parindex.assessments.models import Campaign
from parindex.org.access import AnyUser, units_for_user


def campaigns_for_user(user: AnyUser) -> QuerySet[Campaign]:
    """Campaigns that assess at least one unit in the user's scope."""
    groups = units_for_user(user).filter(group__isnull=False).values("group_id")
    return Campaign.objects.filter(group_id__in=groups).select_related("framework", "group")


def get_campaign_for_user(user: AnyUser, code: str) -> Campaign:
    try:
        return campaigns_for_user(user).get(code=code)
    except Campaign.DoesNotExist:
        raise Http404 from None
