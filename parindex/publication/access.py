"""Who may issue and download publication decisions, and what the public may open."""

from __future__ import annotations

from django.http import Http404

from parindex.assessments.access import get_rw_campaign_for_user
from parindex.assessments.models import Campaign
from parindex.org.access import AnyUser
from parindex.publication.models import Decision
from parindex.publication.services import current_decision


def get_rw_decision_campaign_for_user(user: AnyUser, code: str) -> Campaign:
    """A campaign whose decision the user may issue: Home Affairs or an administrator over its running unit (404 if
    the campaign is not visible, 403 if visible but not theirs to run). Whether its results are locked yet is the
    page's to say."""
    return get_rw_campaign_for_user(user, code)


def get_decision_for_user(user: AnyUser, code: str, pk: int) -> Decision:
    """A decision issued over a campaign the user runs, whatever its state (a stale one included); 404 otherwise."""
    campaign = get_rw_campaign_for_user(user, code)
    decision = Decision.objects.filter(pk=pk, campaigns=campaign).first()
    if decision is None:
        raise Http404
    return decision


def get_public_decision(code: str) -> Decision:
    """The current decision of a published campaign, if it has a PDF: what anyone may open without logging in."""
    campaign = Campaign.objects.filter(code=code, status=Campaign.Status.PUBLISHED).first()
    decision = None if campaign is None else current_decision(campaign)
    if decision is None or not decision.pdf:
        raise Http404
    return decision
