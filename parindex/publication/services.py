"""Issuing the publication decision: build it from the locked or published results, convert it to PDF when
LibreOffice is installed, keep both files and what was typed in, audited.

The PDF is made once, when the decision is issued, and kept in the private storage: the public page serves that
file and never starts LibreOffice for an anonymous visitor. A decision issued where LibreOffice is missing keeps its
Word file and the reason there is no PDF; issuing it again once LibreOffice is installed makes the PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from parindex.assessments.models import Campaign
from parindex.audit import chain
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor, record_many
from parindex.publication.documents import nd30, pdf
from parindex.publication.documents.decision import (
    DEFAULT_RECIPIENTS,
    DEFAULT_TITLE,
    Authority,
    DecisionMeta,
    build_decision,
    check_campaigns,
    default_legal_bases,
)
from parindex.publication.models import Decision


@dataclass(frozen=True)
class Issued:
    """A decision as issued: its record (None on a dry run), its Word file, and its PDF (None without LibreOffice)."""

    decision: Decision | None
    docx: bytes
    pdf: bytes | None
    pdf_problem: str = ""


def covered_campaigns(campaign: Campaign) -> list[Campaign]:
    """The campaigns one decision over ``campaign`` may cover: those of its year run by the same committee whose
    results are locked or published, ``campaign`` first, then by unit group order."""
    others = (
        Campaign.objects.filter(year=campaign.year, owner_id=campaign.owner_id)
        .exclude(status=Campaign.Status.OPEN)
        .exclude(pk=campaign.pk)
        .select_related("group", "framework", "owner", "rating_rules")
        .order_by("group__order", "code")
    )
    return [campaign, *others]


def last_decision(campaign: Campaign) -> Decision | None:
    return Decision.objects.covering(campaign).select_related("issued_by").first()


def current_decision(campaign: Campaign) -> Decision | None:
    """The last decision over ``campaign`` if it is still current (issued after the last lock)."""
    decision = last_decision(campaign)
    return decision if decision is not None and decision.is_current_for(campaign) else None


def publication_head(campaign: Campaign, decision: Decision | None) -> str:
    """The audit chain's head hash at the campaign's publication: the one printed on its decision, else the hash of
    the entry that published its results (the chain's head when they were published); "" before either."""
    if decision is not None and decision.audit_head:
        return decision.audit_head
    published = (
        AuditEntry.objects.filter(campaign_id=campaign.pk, action=Action.RESULTS_PUBLISHED)
        .order_by("-id")
        .values_list("hash", flat=True)
        .first()
    )
    return published or ""


def prefilled(campaigns: Sequence[Campaign], meta: DecisionMeta) -> DecisionMeta:
    """``meta`` with every blank filled in: from the last decision issued over the first campaign (issuing body,
    place, signer, title, who decides, legal bases, recipients), else from the data (the running unit) and the usual
    wording."""
    last = last_decision(campaigns[0])
    issuer_name = meta.issuer or (last.issuer if last else "") or campaigns[0].owner.name
    same_issuer = last is not None and last.issuer == issuer_name
    place = meta.place or (last.place if last and same_issuer else "") or nd30.Issuer.from_unit_name(issuer_name).place
    issuer = nd30.Issuer.from_unit_name(issuer_name, place=place)
    return replace(
        meta,
        issuer=issuer_name,
        place=place,
        signer=meta.signer or (last.signer if last else ""),
        title=meta.title or (last.title if last else "") or DEFAULT_TITLE,
        authority=meta.authority or (last.authority if last else "") or Authority.COMMITTEE,
        legal_bases=meta.legal_bases
        or (tuple(last.legal_bases) if last else tuple(default_legal_bases(issuer, campaigns[0].year))),
        recipients=meta.recipients or (tuple(last.recipients) if last else tuple(DEFAULT_RECIPIENTS)),
    )


def issue_decision(
    campaigns: Sequence[Campaign],
    meta: DecisionMeta,
    actor: Actor,
    make_pdf: bool = True,
    dry_run: bool = False,
) -> Issued:
    """Build the decision (refused unless every campaign is locked or published), make its PDF when ``make_pdf``
    and LibreOffice is installed, and, unless ``dry_run``, keep it with both files, audited under each campaign."""
    check_campaigns(campaigns)
    meta = prefilled(campaigns, meta)
    audit_head = chain.head()[1]  # the audited history up to here is what the decision publishes
    docx = build_decision(campaigns, meta, audit_head)
    made: bytes | None = None
    problem = ""
    if make_pdf:
        try:
            made = pdf.docx_to_pdf(docx)
        except pdf.ConversionError as error:
            problem = str(error)[:255]
    if dry_run:
        return Issued(None, docx, made, problem)
    with transaction.atomic():
        decision = Decision(
            campaign=campaigns[0],
            number=meta.number.strip(),
            issued_on=meta.issued_on,
            issuer=meta.issuer,
            place=meta.place,
            authority=meta.authority,
            signer=meta.signer,
            title=meta.title,
            legal_bases=list(meta.legal_bases),
            recipients=list(meta.recipients),
            issued_by=actor.user,
            issued_by_name=actor.name[:150],
            pdf_problem=problem if make_pdf else _("no PDF was asked for"),
            audit_head=audit_head,
        )
        stem = decision.file_stem
        decision.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
        if made is not None:
            decision.pdf.save(f"{stem}.pdf", ContentFile(made), save=False)
        decision.save()
        decision.campaigns.set(campaigns)
        after = {**decision.snapshot(), "campaigns": [c.code for c in campaigns]}
        record_many(
            actor,
            [decision.to_change(Action.DECISION_ISSUED, None, after, campaign_id=c.pk) for c in campaigns],
        )
    return Issued(decision, docx, made, problem)
