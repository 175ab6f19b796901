"""What the ratings app adds to the assessment cycle, through the cycle's signals: the head's rating card on the
unit's pages, and the head ratings stored with locked results (and removed when they are re-opened)."""

from __future__ import annotations

from typing import Any

from parindex.assessments.models import Assessment, Campaign
from parindex.audit.services import Actor
from parindex.org.models import Unit
from parindex.ratings.services import discard_ratings, store_ratings, unit_rating


def unit_sheet_rating(sender: Any, campaign: Campaign, unit: Unit, assessment: Assessment, **kwargs: Any) -> dict:
    """The head's rating card beside the unit's self-assessment sheet (none without a rule set)."""
    return {"rating": unit_rating(campaign, unit.pk) if campaign.rating_rules_id else None}


def store_with_the_lock(sender: Any, campaign: Campaign, actor: Actor, reason: str, **kwargs: Any) -> None:
    """Locking the results rates every unit's head and stores it with them (audited in the lock's transaction)."""
    store_ratings(campaign, actor, reason)


def discard_on_reopening(sender: Any, campaign: Campaign, actor: Actor, reason: str, **kwargs: Any) -> None:
    """Re-opening the results removes the ratings stored with the lock (audited with the re-opening's reason)."""
    discard_ratings(campaign, actor, reason)
