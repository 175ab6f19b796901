"""Evidence files a unit attaches to its leaves, kept in private storage."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.assessments.models.campaign import Campaign
from parindex.audit.services import Audited
from parindex.frameworks.models import Criterion
from parindex.org.models import Unit
from parindex.privatefiles import private_storage


def evidence_storage() -> Storage:
    """Evidence lives in its own private storage (``STORAGES["evidence"]``), never under a public URL."""
    return private_storage()


def evidence_path(instance: Evidence, filename: str) -> str:
    # Stored under a random name: the original name (Vietnamese, spaces, anything) is kept in the row only.
    suffix = PurePosixPath(filename).suffix.lower()
    return f"{instance.campaign_id}/{instance.unit_id}/{uuid4().hex}{suffix}"


class Evidence(Audited, models.Model):
    """A file a unit attaches to a leaf as evidence (tài liệu kiểm chứng), for its self score or its explanation.

    Removing a file only marks it removed: the file and the row stay, so the audit trail can always show them.
    """

    audit_type = "evidence"

    class Stage(models.TextChoices):
        SELF = "self", _("Self-assessment")
        EXPLANATION = "explanation", _("Explanation")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="evidence", db_index=False)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="evidence_files")
    file = models.FileField(storage=evidence_storage, upload_to=evidence_path, max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=10)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.SELF)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        indexes = [models.Index(fields=["campaign", "unit", "criterion"], name="evidence_leaf_idx")]

    def __str__(self) -> str:
        return self.name

    def audit_repr(self) -> str:
        return self.name

    def audit_scope(self) -> dict[str, int | None]:
        return {"campaign_id": self.campaign_id, "unit_id": self.unit_id, "criterion_id": self.criterion_id}

    def snapshot(self) -> dict[str, Any]:
        """What the audit log keeps of a file: its name, size, fingerprint and stage."""
        return {"name": self.name, "size": self.size, "sha256": self.sha256, "stage": self.stage}
