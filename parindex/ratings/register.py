"""Keeping the disciplinary cases register: every change audited, and the stored head ratings it affects kept in
step with it.

A case counts against the head in the year of its decision. Ratings of an open campaign are computed on the fly, so
they follow the register by themselves. Ratings stored with locked, unpublished results are re-rated at once (each
changed rating audited with the register change as its reason). Published ratings are not touched: changing a
published result goes through an audited re-opening, so the caller is told which published campaigns the change
concerns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from parindex.assessments.models import Campaign
from parindex.audit.models import Action
from parindex.audit.services import Actor, record
from parindex.ratings.models import DisciplinaryCase
from parindex.ratings.services import store_ratings

CASE_FIELDS = ("unit", "decided_on", "decision_number", "kind", "official", "summary")


@dataclass
class Effect:
    """What a register change did to stored ratings."""

    rerated: list[Campaign] = field(default_factory=list)
    published: list[Campaign] = field(default_factory=list)


def _follow(touched: set[tuple[int, int]], actor: Actor, reason: str) -> Effect:
    """Bring stored ratings of the campaigns covering (unit, year) pairs in step with the register."""
    effect = Effect()
    seen: set[int] = set()
    for unit_id, year in sorted(touched):
        campaigns = Campaign.objects.filter(year=year, results__unit_id=unit_id, rating_rules__isnull=False)
        for campaign in campaigns.exclude(status=Campaign.Status.OPEN).select_related("framework", "rating_rules"):
            if campaign.pk in seen:
                continue
            seen.add(campaign.pk)
            if campaign.is_published:
                effect.published.append(campaign)
            else:
                store_ratings(campaign, actor, reason)
                effect.rerated.append(campaign)
    return effect


@transaction.atomic
def save_case(case: DisciplinaryCase, actor: Actor, reason: str = "") -> Effect:
    """Write a new or edited case and audit it with what it said before (read back from the database)."""
    touched: set[tuple[int, int]] = set()
    before = None
    if case.pk is not None:
        stored = DisciplinaryCase.objects.select_related("unit").get(pk=case.pk)
        before = stored.snapshot()
        touched.add((stored.unit_id, stored.decided_on.year))
    elif actor.user is not None:
        case.created_by = actor.user
    case.save()
    after = case.snapshot()
    if before == after:
        return Effect()
    record(actor, case.to_change(Action.DISCIPLINE_CHANGED, before, after), reason)
    touched.add((case.unit_id, case.decided_on.year))
    return _follow(touched, actor, _("Disciplinary register: decision %(number)s") % {"number": case.decision_number})


@transaction.atomic
def remove_case(case: DisciplinaryCase, actor: Actor, reason: str) -> Effect:
    """Delete a case entered in error; the audit keeps what it said."""
    before = case.snapshot()
    touched = {(case.unit_id, case.decided_on.year)}
    change = case.to_change(Action.DISCIPLINE_REMOVED, before, None)
    case.delete()
    record(actor, change, reason)
    return _follow(
        touched, actor, _("Disciplinary register: decision %(number)s removed") % {"number": before["decision_number"]}
    )
