"""The audit log: one append-only record of every change that matters (scores, results, sets, units)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NoReturn

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    SCORE_SELF = "score.self", _("Self score changed")
    SCORE_APPRAISED = "score.appraised", _("Appraised score changed")
    RESULT_COMPUTED = "result.computed", _("Result recomputed")
    FRAMEWORK_LOADED = "framework.loaded", _("Criteria set loaded")
    CAMPAIGN_OPENED = "campaign.opened", _("Campaign opened")
    UNIT_CHANGED = "unit.changed", _("Unit created or changed")
    CAMPAIGN_CHANGED = "campaign.changed", _("Campaign calendar or policy changed")
    STATE_CHANGED = "assessment.state", _("Assessment state changed")
    EXCEPTION_GRANTED = "assessment.exception", _("Deadline exception granted")
    EVIDENCE_ADDED = "evidence.added", _("Evidence uploaded")
    EVIDENCE_REMOVED = "evidence.removed", _("Evidence removed")
    EXPLANATION_ASKED = "question.asked", _("Explanation requested")
    EXPLANATION_ANSWERED = "question.answered", _("Explanation given")
    NOTE_CHANGED = "score.note", _("Explanation or reason changed")
    ASSIGNMENT_CHANGED = "assignment.changed", _("Appraiser assignment changed")
    RESULTS_LOCKED = "campaign.locked", _("Results locked")
    RESULTS_PUBLISHED = "campaign.published", _("Results published")
    RESULTS_REOPENED = "campaign.reopened", _("Results reopened")
    RATING_RULES_LOADED = "rating_rules.loaded", _("Head-rating rules loaded")
    DISCIPLINE_CHANGED = "discipline.changed", _("Disciplinary case recorded or changed")
    DISCIPLINE_REMOVED = "discipline.removed", _("Disciplinary case removed")
    HEAD_RATED = "rating.computed", _("Head rating computed")
    INDICATORS_IMPORTED = "indicators.imported", _("Operational data imported")
    TARGET_CHANGED = "indicators.target", _("Indicator target changed")
    TASK_CHANGED = "task.changed", _("Assigned task created or changed")
    TASK_REPORTED = "task.reported", _("Task progress or completion reported")
    TASK_REVIEWED = "task.reviewed", _("Task completion accepted or returned")
    REPORTS_PLANNED = "reports.planned", _("Periodic report calendar set")
    REPORT_SUBMITTED = "report.submitted", _("Periodic report submitted")
    REPORT_REVIEWED = "report.reviewed", _("Periodic report accepted or returned")
    SURVEY_LOADED = "survey.loaded", _("Survey questionnaire loaded")
    SURVEY_SAMPLE_DRAWN = "survey.sample", _("Survey respondents drawn")
    SURVEY_RESPONSES_IMPORTED = "survey.imported", _("Survey responses imported")
    SURVEY_RESPONSE_RECORDED = "survey.response", _("Survey response recorded")
    SURVEY_RESPONSE_REVIEWED = "survey.reviewed", _("Flagged survey response reviewed")
    PLAN_STATE = "plan.state", _("Improvement plan drafted, submitted, accepted or returned")
    PLAN_ACTION_CHANGED = "plan.action", _("Improvement plan action added, changed or removed")
    PLAN_ACTION_REPORTED = "plan.reported", _("Improvement plan action reported done")
    PLAN_ACTION_REVIEWED = "plan.reviewed", _("Improvement plan action completion accepted or returned")
    DECISION_ISSUED = "decision.issued", _("Publication decision issued")
    EFFORT_CHANGED = "effort.changed", _("Effort mark of a sub-criterion changed")
    AREA_MAPPING_CHANGED = "insights.mapping", _("Area mapping between criteria sets changed")
    PROVINCE_STANDING_CHANGED = "insights.standing", _("Index published by the province recorded or changed")
    API_TOKEN_ISSUED = "api.token_issued", _("API token issued")
    API_TOKEN_REVOKED = "api.token_revoked", _("API token revoked")


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("the audit log is append-only")

    def delete(self) -> NoReturn:
        raise PermissionError("the audit log is append-only")

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        """Entries written in bulk join the chain like any other (their ``seq``, ``prev_hash`` and ``hash`` set)."""
        from parindex.audit import chain

        entries = list(objs)
        with transaction.atomic(savepoint=False):
            chain.seal(entries)
            return super().bulk_create(entries, *args, **kwargs)


class AuditEntry(models.Model):
    """Who changed what, when, from which value to which, and why. Never updated, never deleted."""

    at = models.DateTimeField(_("at"), default=timezone.now)
    # PROTECT, not SET_NULL: clearing the actor would rewrite entries (refused, and it would break the chain);
    # a person who leaves is deactivated, never deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("by (name)"), max_length=150, help_text="Kept when the user account is removed.")
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=40)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=255)
    campaign_id = models.BigIntegerField(null=True, blank=True)
    unit_id = models.BigIntegerField(null=True, blank=True)
    # Set on entries about one leaf (a score, a file, a question) so a leaf's history is one filter on its unit's.
    criterion_id = models.BigIntegerField(null=True, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # The hash chain (:mod:`parindex.audit.chain`): the entry's place in it (1, 2, 3, … with no gap), the hash of the
    # entry before it and its own hash over its content and that one. Set when the entry is written, never by hand.
    seq = models.BigIntegerField(_("position in the chain"), default=0)
    prev_hash = models.CharField(_("previous entry's hash"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]  # ids grow with time; an index on ``at`` would slow every bulk write
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        # Imports write one entry per score (350,000 rows), so the log keeps a single index: score and result
        # entries carry their campaign and unit, which narrows a leaf's history to one unit's few hundred entries.
        indexes = [models.Index(fields=["campaign_id", "unit_id"], name="audit_campaign_unit_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("the audit log is append-only")
        from parindex.audit import chain

        with transaction.atomic(savepoint=False):
            chain.seal([self])
            super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("the audit log is append-only")


class ChainHead(models.Model):
    """The end of the audit chain: one row (id 1), the last entry's place and hash.

    Every append locks this row (a conditional update, or an upsert when the end has moved), so two transactions
    writing entries at once queue instead of forking the chain; it also tells ``verify-audit`` how long the chain
    should be (a deleted last entry is noticed)."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"{self.seq} {self.hash[:16]}"
