"""Evidence files on a leaf: checked by content, stored privately, every upload and removal audited."""

from __future__ import annotations

from typing import IO

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.assessments.models import Campaign, Evidence
from parindex.assessments.uploads import check_upload
from parindex.assessments.workflow import (
    NotAllowed,
    State,
    assessment_for,
    explanation_block,
    self_edit_block,
)
from parindex.audit.models import Action
from parindex.audit.services import Actor, Change, record
from parindex.frameworks.models import Criterion
from parindex.org.models import Unit


def max_bytes() -> int:
    return int(settings.EVIDENCE_MAX_MB) * 1024 * 1024


def _stage_now(campaign: Campaign, unit: Unit) -> Evidence.Stage:
    """Files are added while self-assessing, or while answering an explanation request; never at other times."""
    assessment = assessment_for(campaign, unit, lock=True)
    if assessment.state == State.EXPLANATION_REQUESTED:
        if block := explanation_block(assessment):
            raise NotAllowed(block)
        return Evidence.Stage.EXPLANATION
    if block := self_edit_block(assessment):
        raise NotAllowed(block)
    return Evidence.Stage.SELF


def _change(action: str, evidence: Evidence, before: object, after: object) -> Change:
    return Change(
        action,
        "evidence",
        evidence.pk,
        evidence.name,
        before,
        after,
        campaign_id=evidence.campaign_id,
        unit_id=evidence.unit_id,
        criterion_id=evidence.criterion_id,
    )


def _describe(evidence: Evidence) -> dict[str, object]:
    return {"name": evidence.name, "size": evidence.size, "sha256": evidence.sha256, "stage": evidence.stage}


@transaction.atomic
def add_evidence(
    campaign: Campaign, unit: Unit, leaf: Criterion, stream: IO[bytes], name: str, actor: Actor
) -> Evidence:
    """Check the file (type by content, size, not empty), store it under a random name and audit the upload.

    Raises :class:`~parindex.assessments.uploads.UploadRejected` or :class:`NotAllowed` with the reason.
    """
    if not leaf.is_leaf or leaf.framework_id != campaign.framework_id:
        raise NotAllowed(_("Evidence is attached to a sub-criterion of this campaign's set."))
    stage = _stage_now(campaign, unit)
    checked = check_upload(stream, name, max_bytes())
    evidence = Evidence(
        campaign=campaign,
        unit=unit,
        criterion=leaf,
        name=checked.name,
        kind=checked.kind,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        stage=stage,
        uploaded_by=actor.user,
    )
    evidence.file.save(checked.name, File(stream, name=checked.name), save=False)
    evidence.save()
    record(actor, _change(Action.EVIDENCE_ADDED, evidence, None, _describe(evidence)))
    return evidence


@transaction.atomic
def remove_evidence(evidence: Evidence, actor: Actor) -> None:
    """Take a file off the leaf. The stored file is kept (marked removed) so the audit trail can still show it."""
    if evidence.removed_at is not None:
        return
    stage = _stage_now(evidence.campaign, evidence.unit)
    if evidence.stage != stage:
        raise NotAllowed(_("This file belongs to an earlier step and can no longer be removed."))
    evidence.removed_at = timezone.now()
    evidence.save(update_fields=["removed_at"])
    record(actor, _change(Action.EVIDENCE_REMOVED, evidence, _describe(evidence), None))
