"""The publication decisions issued from the results: what was typed in (number, date, signer, legal bases…), who
issued it and when, and the files as issued (Word, and PDF when LibreOffice was there), kept in the private storage.

A campaign's public page offers the PDF of the last decision issued over it, as long as that decision is still the
current one: issued after the campaign's results were last locked (a re-opening and a new lock make it stale)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.assessments.models import Campaign
from parindex.audit.services import Audited
from parindex.privatefiles import private_storage
from parindex.publication.documents.decision import Authority, DecisionMeta


class DecisionQuerySet(models.QuerySet["Decision"]):
    def covering(self, campaign: Campaign) -> DecisionQuerySet:
        return self.filter(campaigns=campaign).order_by("-issued_at", "-pk")


class Decision(Audited, models.Model):
    """A publication decision (quyết định phê duyệt và công bố) as issued over one or more campaigns."""

    audit_type = "decision"

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text=_("The campaign it was issued from; it may cover others of the same year."),
    )
    campaigns = models.ManyToManyField(Campaign, verbose_name=_("campaigns covered"), related_name="+")
    number = models.CharField(_("number and symbol"), max_length=60)
    issued_on = models.DateField(_("date of the decision"))
    issuer = models.CharField(_("issuing body"), max_length=255)
    place = models.CharField(_("place name"), max_length=100)
    authority = models.CharField(_("decided by"), max_length=20, choices=Authority.choices)
    signer = models.CharField(_("signer"), max_length=150)
    title = models.CharField(_("signer's title"), max_length=100)
    legal_bases = models.JSONField(_("legal bases"), default=list)
    recipients = models.JSONField(_("recipients"), default=list)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_by_name = models.CharField(_("issued by"), max_length=150)
    docx = models.FileField(_("Word file"), storage=private_storage, upload_to="decisions/%Y/", max_length=300)
    pdf = models.FileField(
        _("PDF file"), storage=private_storage, upload_to="decisions/%Y/", blank=True, max_length=300
    )
    pdf_problem = models.CharField(_("why there is no PDF"), max_length=255, blank=True)
    # The audit chain's head hash printed on the decision (parindex verify-audit --head checks it later).
    audit_head = models.CharField(_("audit log verification code"), max_length=64, blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("publication decision")
        verbose_name_plural = _("publication decisions")

    def __str__(self) -> str:
        return self.number

    def audit_repr(self) -> str:
        return self.number

    def audit_scope(self) -> dict[str, int | None]:
        return {"campaign_id": self.campaign_id}

    def snapshot(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "issued_on": self.issued_on.isoformat(),
            "issuer": self.issuer,
            "authority": self.authority,
            "signer": self.signer,
            "title": self.title,
            "legal_bases": list(self.legal_bases),
            "recipients": list(self.recipients),
            "pdf": bool(self.pdf),
        }

    def meta(self) -> DecisionMeta:
        """What was typed in, to fill the next decision's form (or to build this one again)."""
        return DecisionMeta(
            number=self.number,
            issued_on=self.issued_on,
            signer=self.signer,
            title=self.title,
            authority=self.authority,
            issuer=self.issuer,
            place=self.place,
            legal_bases=tuple(self.legal_bases),
            recipients=tuple(self.recipients),
        )

    def is_current_for(self, campaign: Campaign) -> bool:
        """Issued after the campaign's results were last locked (not stale after a re-opening)."""
        return campaign.locked_at is None or campaign.locked_at <= self.issued_at

    @property
    def file_stem(self) -> str:
        """ "quyet-dinh-771-QD-UBND": the number, safe for a file name."""
        safe = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in self.number.replace("Đ", "D"))
        return "quyet-dinh-" + "-".join(part for part in safe.split("-") if part)
