"""Evidence files on a leaf: checked by content, stored privately, every upload and removal audited."""

from __future__ import annotations

from typing import IO

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.assessments.models import Campaign, Evidence
from parindex.assessments.workflow import (
    NotAllowed,
    State,
    assessment_for,
    explanation_block,
    self_edit_block,
)
from parindex.audit.models import Action
from parindex.audit.services import Actor, record
from parindex.frameworks.models import Criterion
from parindex.org.models import Unit
from parindex.uploads import check_upload


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


@transaction.atomic
def add_evidence(
    campaign: Campaign, unit: Unit, leaf: Criterion, stream: IO[bytes], name: str, actor: Actor
) -> Evidence:
    """Check the file (type by content, size, not empty), store it under a random name and audit the upload.

    Raises :class:`~parindex.uploads.UploadRejected` or :class:`NotAllowed` with the reason.
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
    record(actor, evidence.to_change(Action.EVIDENCE_ADDED, None, evidence.snapshot()))
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
    record(actor, evidence.to_change(Action.EVIDENCE_REMOVED, evidence.snapshot(), None))
