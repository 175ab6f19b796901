"""The demo's 2021 publication decision: issued by Home Affairs over both published 2021 campaigns, as on the
campaign's page, so the public pages offer its PDF (or say it is not available where LibreOffice is not installed)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from parindex.assessments.models import Campaign
from parindex.audit.services import Actor
from parindex.publication.documents.decision import DecisionMeta
from parindex.publication.models import Decision
from parindex.publication.services import issue_decision

DEMO_DECISION = DecisionMeta(
    number="1568/QĐ-UBND",
    issued_on=date(2021, 12, 31),
    signer="Nguyễn Văn Bình",
    title="Phó Chủ tịch",
)


def load_decision(codes: Sequence[str], home_affairs: Actor) -> None:
    """Issue the decision once (a second load keeps the first)."""
    campaigns = list(
        Campaign.objects.filter(code__in=codes).select_related("group", "framework", "owner", "rating_rules")
    )
    campaigns.sort(key=lambda campaign: list(codes).index(campaign.code))
    if not campaigns or any(c.is_open for c in campaigns):
        return
    if Decision.objects.filter(number=DEMO_DECISION.number, campaigns=campaigns[0]).exists():
        return
    issue_decision(campaigns, DEMO_DECISION, home_affairs)
