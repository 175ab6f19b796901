"""What the gaps app adds to the cycle's pages, which never import it: the "where you lost points" section on the
unit's sheet once the results are published, and each unit's top leaves in the overview once they are locked."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from parindex.assessments.access import can_manage
from parindex.assessments.models import Assessment, Campaign
from parindex.gaps.analysis import campaign_tops, target_text, unit_gap_report
from parindex.org.access import AnyUser
from parindex.org.models import Unit


def unit_sheet_gaps(sender: Any, campaign: Campaign, unit: Unit, assessment: Assessment, **kwargs: Any) -> dict:
    """The unit sees where it lost its points with its published result (its final figures, rank and band)."""
    if not campaign.is_published:
        return {}
    report = unit_gap_report(campaign, unit)
    return {"gaps": report, "gaps_targets": target_text(report) if report is not None else []}


def overview_gaps(sender: Any, campaign: Campaign, user: AnyUser, unit_ids: Iterable[int], **kwargs: Any) -> dict:
    """Per unit, the leaves that give the most points back, once the results are final (locked or published)."""
    if campaign.is_open:
        return {}
    return {"gap_tops": campaign_tops(campaign, unit_ids), "can_mark_effort": can_manage(user, campaign)}
