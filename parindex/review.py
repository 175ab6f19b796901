"""What units send for review, shared by the apps whose units send things (tasks' reports, periodic reports): who
sent it and when, and the office's answer (accepted or returned, by whom, when, why). Imports nothing of parindex."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Review(models.TextChoices):
    PENDING = "pending", _("awaiting review")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned")


class SentForReview(models.Model):
    """Something a unit sends (when, by whom) that the office in charge accepts or returns (when, by whom, why)."""

    submitted_at = models.DateTimeField(_("sent at"), default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    review = models.CharField(_("review"), max_length=20, choices=Review.choices, default=Review.PENDING)
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        abstract = True
