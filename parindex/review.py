"""What units send for review, shared by the apps whose units send things (tasks' reports, periodic reports): who
sent it and when, and the office's answer (accepted or returned, by whom, when, why). Imports nothing of parindex."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
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


class ReviewForm(forms.Form):
    """The office's answer to what a unit sent: accept it, or return it with a note the unit reads before sending it
    again. Each app says, in ``return_needs``, what a return must explain."""

    DECISIONS: Any = (("accept", _("Accept")), ("return", _("Return")))
    return_needs: str | Promise = _("Say why it is returned.")

    decision = forms.ChoiceField(label=_("decision"), choices=())
    note = forms.CharField(
        label=_("review note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision = self.fields["decision"]
        assert isinstance(decision, forms.ChoiceField)
        decision.choices = list(self.DECISIONS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not str(data.get("note") or "").strip():
            self.add_error("note", str(self.return_needs))
        return data
