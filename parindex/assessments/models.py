"""Campaigns and their calendar, each unit's assessment and its state, scores, evidence, questions and results."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any, ClassVar
from uuid import uuid4

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.assessments.signals import step_taken
from parindex.audit.models import Action
from parindex.audit.services import Actor, Audited, Change, record, record_many
from parindex.dbbulk import update_many
from parindex.frameworks.models import Criterion, Framework
from parindex.org.models import Unit, UnitGroup
from parindex.privatefiles import private_storage
from parindex.scoring.numbers import plain


class Campaign(Audited, models.Model):
    """A yearly assessment (đợt đánh giá) of one unit group against one version of a criteria set."""

    audit_type = "campaign"

    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        LOCKED = "locked", _("Results locked")
        PUBLISHED = "published", _("Published")

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    framework = models.ForeignKey(
        Framework, verbose_name=_("criteria set"), on_delete=models.PROTECT, related_name="campaigns"
    )
    group = models.ForeignKey(
        UnitGroup, verbose_name=_("unit group"), on_delete=models.PROTECT, related_name="campaigns"
    )
    # Every campaign-wide right (calendar, appraisers, exceptions, results, the overview) is decided on this unit:
    # the committee that runs the campaign, above every unit it assesses.
    owner = models.ForeignKey(
        Unit,
        verbose_name=_("running unit"),
        on_delete=models.PROTECT,
        related_name="run_campaigns",
        help_text=_("The committee that runs the campaign; it is above every unit of the group."),
    )
    year = models.PositiveIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The calendar. Empty dates mean "no such limit" (a campaign opened from the command line for an import).
    self_opens_at = models.DateTimeField(_("self-assessment opens"), null=True, blank=True)
    self_closes_at = models.DateTimeField(_("self-assessment closes"), null=True, blank=True)
    round1_ends_at = models.DateTimeField(_("appraisal round 1 ends"), null=True, blank=True)
    explanation_closes_at = models.DateTimeField(_("explanation window closes"), null=True, blank=True)
    round2_ends_at = models.DateTimeField(_("appraisal round 2 ends"), null=True, blank=True)
    publish_on = models.DateField(_("publication date"), null=True, blank=True)
    # The lateness policy, chosen per campaign.
    zero_if_not_self_assessed = models.BooleanField(
        _("items not self-assessed by the deadline are appraised at 0"), default=True
    )
    late_deduction = models.DecimalField(
        _("points deducted for a late submission"), max_digits=6, decimal_places=2, default=Decimal(0)
    )
    unrank_if_not_submitted = models.BooleanField(_("a unit that submitted nothing is left unranked"), default=False)
    rating_rules = models.ForeignKey(
        "ratings.RatingRuleSet",
        verbose_name=_("head-rating rules"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    locked_at = models.DateTimeField(_("results locked at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(self_opens_at__isnull=True)
                | models.Q(self_closes_at__isnull=True)
                | models.Q(self_opens_at__lt=models.F("self_closes_at")),
                name="campaign_self_window_in_order",
            ),
            models.CheckConstraint(condition=models.Q(late_deduction__gte=0), name="campaign_deduction_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_repr(self) -> str:
        return self.code

    def audit_scope(self) -> dict[str, int | None]:
        return {"campaign_id": self.pk}

    def units(self) -> models.QuerySet[Unit]:
        return Unit.objects.filter(group=self.group, is_active=True)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def calendar(self) -> list[tuple[str, Any]]:
        """(label, date) of each step, in order, for display."""
        return [
            (str(_("Self-assessment opens")), self.self_opens_at),
            (str(_("Self-assessment closes")), self.self_closes_at),
            (str(_("Appraisal round 1 ends")), self.round1_ends_at),
            (str(_("Explanation window closes")), self.explanation_closes_at),
            (str(_("Appraisal round 2 ends")), self.round2_ends_at),
            (str(_("Publication")), self.publish_on),
        ]

    def explanation_open(self, now: datetime | None = None) -> bool:
        return self.explanation_closes_at is None or (now or timezone.now()) < self.explanation_closes_at


def stage_snapshot(points: Decimal | None, not_applicable: bool) -> dict[str, Any]:
    """What the audit log keeps of one stage of a score."""
    return {"score": None if points is None else str(points), "not_applicable": not_applicable}


class Score(Audited, models.Model):
    """A unit's score on one leaf in a campaign: what it declared, what the council appraised, and the final figure.

    ``final_score`` / ``final_na`` are what the results use: the appraised figure once there is one, until then
    the self score (a provisional result). They are kept by :mod:`parindex.assessments.services`, never by hand.
    """

    audit_type = "score"

    # The unique (campaign, unit, criterion) index already starts with the campaign: no separate index for it.
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="scores", db_index=False)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    self_value = models.DecimalField(_("declared value"), max_digits=14, decimal_places=4, null=True, blank=True)
    self_score = models.DecimalField(_("self score"), max_digits=9, decimal_places=2, null=True, blank=True)
    self_na = models.BooleanField(_("declared not applicable"), default=False)
    appraised_score = models.DecimalField(_("appraised score"), max_digits=9, decimal_places=2, null=True, blank=True)
    appraised_na = models.BooleanField(_("appraised not applicable"), default=False)
    final_score = models.DecimalField(_("final score"), max_digits=9, decimal_places=2, null=True, blank=True)
    final_na = models.BooleanField(_("not applicable"), default=False)
    note = models.TextField(_("explanation"), blank=True, help_text=_("The unit's account of its self score."))
    appraisal_note = models.TextField(_("appraiser's reason"), blank=True)
    round1_score = models.DecimalField(_("round 1 score"), max_digits=9, decimal_places=2, null=True, blank=True)
    round1_na = models.BooleanField(_("round 1 not applicable"), default=False)
    # Set when locking the results wrote this appraised 0 under the lateness policy; re-opening takes it back.
    zeroed_by_lock = models.BooleanField(_("set to 0 by the lock"), default=False, db_default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit", "criterion"], name="score_unique_per_leaf"),
            models.CheckConstraint(
                condition=models.Q(self_score__gte=0) | models.Q(self_score__isnull=True),
                name="score_self_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(appraised_score__gte=0) | models.Q(appraised_score__isnull=True),
                name="score_appraised_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.code}/{self.unit.code}/{self.criterion.code}"

    @property
    def is_appraised(self) -> bool:
        return self.appraised_score is not None or self.appraised_na

    def resolve_final(self) -> None:
        if self.is_appraised:
            self.final_score, self.final_na = self.appraised_score, self.appraised_na
        else:
            self.final_score, self.final_na = self.self_score, self.self_na

    def snapshot(self, stage: str) -> dict[str, Any]:
        """The audited view of one stage of this score."""
        if stage == "self":
            state = stage_snapshot(self.self_score, self.self_na)
            if self.self_value is not None:
                state["value"] = plain(self.self_value)
            return state
        return stage_snapshot(self.appraised_score, self.appraised_na)

    @classmethod
    def entry(
        cls,
        action: str,
        campaign_id: int,
        unit_id: int,
        criterion_id: int,
        before: Any,
        after: Any,
        object_repr: str | None = None,
    ) -> Change:
        """The audit entry of a change to the score of (campaign, unit, leaf), from ids only: imports insert plain
        rows (no instance, 350,000 of them). Named "unit id/leaf id" unless ``object_repr`` says otherwise."""
        return Change(
            action,
            cls.audit_type,
            f"{campaign_id}:{unit_id}:{criterion_id}",
            f"{unit_id}/{criterion_id}" if object_repr is None else object_repr,
            before,
            after,
            campaign_id=campaign_id,
            unit_id=unit_id,
            criterion_id=criterion_id,
        )

    def to_change(self, action: str, before: Any, after: Any, **extra: Any) -> Change:
        return self.entry(action, self.campaign_id, self.unit_id, self.criterion_id, before, after, **extra)


class Result(Audited, models.Model):
    """A unit's computed result in a campaign: points, index, area sub-indices, rank in its group and band."""

    audit_type = "result"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="results")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="results")
    base_points = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal(0))
    bonus = models.DecimalField(_("bonus"), max_digits=9, decimal_places=2, default=Decimal(0))
    penalty = models.DecimalField(_("penalty"), max_digits=9, decimal_places=2, default=Decimal(0))
    points = models.DecimalField(_("points"), max_digits=9, decimal_places=2, default=Decimal(0))
    max_points = models.DecimalField(_("maximum points"), max_digits=9, decimal_places=2, default=Decimal(0))
    index = models.DecimalField(_("index"), max_digits=7, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    band = models.CharField(_("band"), max_length=20, blank=True)
    areas = models.JSONField(_("area sub-indices"), default=dict, help_text="{area code: [points, max, index]}")
    missing = models.PositiveIntegerField(_("leaves not scored"), default=0)
    deduction = models.DecimalField(_("late deduction"), max_digits=9, decimal_places=2, default=Decimal(0))
    unranked = models.BooleanField(_("left unranked"), default=False)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["campaign", "rank", "unit__code"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="result_unique_per_unit")]
        indexes = [models.Index(fields=["campaign", "rank"], name="result_campaign_rank_idx")]

    def __str__(self) -> str:
        return f"{self.campaign.code}/{self.unit.code}: {self.index}"

    def audit_id(self) -> str:
        return f"{self.campaign_id}:{self.unit_id}"

    def audit_repr(self) -> str:
        return f"{self.campaign_id}/{self.unit_id}"

    def audit_scope(self) -> dict[str, int | None]:
        return {"campaign_id": self.campaign_id, "unit_id": self.unit_id}

    def snapshot(self) -> dict[str, Any]:
        state: dict[str, Any] = {
            "points": str(self.points),
            "max_points": str(self.max_points),
            "index": None if self.index is None else str(self.index),
            "rank": self.rank,
            "band": self.band,
        }
        # Only where the lateness policy applies, so ordinary entries stay as short as before.
        if self.deduction:
            state["deduction"] = str(self.deduction)
        if self.unranked:
            state["unranked"] = True
        return state


class MoveRefused(ValueError):
    """An assessment was asked to make a move :attr:`Assessment.MOVES` does not list (a fault of the caller: the
    services decide which moves are possible now and refuse the others in the user's language first)."""


class Assessment(Audited, models.Model):
    """One unit's assessment in a campaign: where it stands in the cycle, and its deadline (with any exception).

    The state only moves along :attr:`MOVES`, by :meth:`move_to` (one unit) or :meth:`move_many` (publishing,
    re-opening), which save and audit every move. Whether a move may happen now (the calendar, the user's role and
    scope) is decided by the services that call them: :mod:`~parindex.assessments.workflow` (the unit),
    :mod:`~parindex.assessments.appraisal` (the council) and :mod:`~parindex.assessments.lifecycle` (Home Affairs).
    """

    audit_type = "assessment"

    class State(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("Self-assessing")
        SUBMITTED = "submitted", _("Submitted")
        APPRAISING = "appraising", _("Being appraised")
        EXPLANATION_REQUESTED = "explanation_requested", _("Explanation requested")
        EXPLAINED = "explained", _("Explained")
        APPRAISED = "appraised", _("Appraised")
        PUBLISHED = "published", _("Published")

    # Every move the cycle makes: from a state, the states it may go to.
    MOVES: ClassVar[dict[str, frozenset[str]]] = {
        # The first self score starts it; once its deadline passed without a submission, the council appraises what
        # is there (round 1 starts, or closes); publishing moves every unit.
        State.NOT_STARTED: frozenset(
            {State.IN_PROGRESS, State.APPRAISING, State.EXPLANATION_REQUESTED, State.APPRAISED, State.PUBLISHED}
        ),
        # Submitted by the head; or, past the deadline, appraised as it stands (as above).
        State.IN_PROGRESS: frozenset(
            {State.SUBMITTED, State.APPRAISING, State.EXPLANATION_REQUESTED, State.APPRAISED, State.PUBLISHED}
        ),
        # Withdrawn by the head to edit; the council starts round 1, or closes it (to an explanation or appraised).
        State.SUBMITTED: frozenset(
            {State.IN_PROGRESS, State.APPRAISING, State.EXPLANATION_REQUESTED, State.APPRAISED, State.PUBLISHED}
        ),
        # Round 1 closes: questions go to the unit, or the appraisal ends.
        State.APPRAISING: frozenset({State.EXPLANATION_REQUESTED, State.APPRAISED, State.PUBLISHED}),
        # The unit sends its explanation; or round 2 ends once the window closed without one.
        State.EXPLANATION_REQUESTED: frozenset({State.EXPLAINED, State.APPRAISED, State.PUBLISHED}),
        # Round 2 ends.
        State.EXPLAINED: frozenset({State.APPRAISED, State.PUBLISHED}),
        State.APPRAISED: frozenset({State.PUBLISHED}),
        # Re-opening published results puts each unit back at the step it stood at when they were locked.
        State.PUBLISHED: frozenset(
            {
                State.NOT_STARTED,
                State.IN_PROGRESS,
                State.SUBMITTED,
                State.APPRAISING,
                State.EXPLANATION_REQUESTED,
                State.EXPLAINED,
                State.APPRAISED,
            }
        ),
    }

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assessments", db_index=False)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="assessments")
    state = models.CharField(_("state"), max_length=30, choices=State.choices, default=State.NOT_STARTED)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    late = models.BooleanField(_("submitted late"), default=False)
    deadline_override = models.DateTimeField(_("exception: self-assessment closes"), null=True, blank=True)
    override_reason = models.TextField(_("reason for the exception"), blank=True)
    # The step the unit stood at when the results were locked: re-opening puts it back there.
    state_before_lock = models.CharField(
        _("step before the results were locked"), max_length=30, choices=State.choices, blank=True, db_default=""
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["campaign", "unit__code"]
        verbose_name = _("unit assessment")
        verbose_name_plural = _("unit assessments")
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="assessment_unique_per_unit")]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.unit_id}: {self.state}"

    def audit_repr(self) -> str:
        return f"{self.campaign.code}/{self.unit_id}"

    def audit_scope(self) -> dict[str, int | None]:
        return {"campaign_id": self.campaign_id, "unit_id": self.unit_id}

    @classmethod
    def check_move(cls, before: str, to: str) -> None:
        """Refuse (:class:`MoveRefused`) a move :attr:`MOVES` does not list."""
        if to not in cls.MOVES.get(before, frozenset()):
            raise MoveRefused(f"an assessment does not move from {before!s} to {to!s}")

    def move_to(self, state: str, actor: Actor, reason: str = "") -> None:
        """Move this unit's assessment to ``state`` (if :attr:`MOVES` lists it), save and audit the move; once the
        transaction commits, :data:`~parindex.assessments.signals.step_taken` announces it."""
        before, to = self.state, self.State(state)
        self.check_move(before, to)
        self.state = to
        self.save()
        record(actor, self.to_change(Action.STATE_CHANGED, {"state": before}, {"state": to.value}), reason)
        transaction.on_commit(
            lambda: step_taken.send(Assessment, assessment=self, before=before, after=to, actor=actor), robust=True
        )

    @classmethod
    def move_many(
        cls, campaign: Campaign, moves: Iterable[tuple[Assessment, str]], actor: Actor, reason: str = ""
    ) -> int:
        """Move many units of ``campaign`` at once (publishing moves every unit, re-opening puts each back at its
        kept step): every move checked against :attr:`MOVES` before anything is written, then one write and one
        audit write for thousands of units. No ``step_taken`` is sent, as before: nobody is told each unit's step
        when the results are published or re-opened. Returns how many moved."""
        now = timezone.now()
        moved: list[Assessment] = []
        changes: list[Change] = []
        for assessment, state in moves:
            before, to = assessment.state, cls.State(state)
            cls.check_move(before, to)
            assessment.campaign = campaign
            assessment.state, assessment.updated_at = to, now
            moved.append(assessment)
            changes.append(assessment.to_change(Action.STATE_CHANGED, {"state": before}, {"state": to.value}))
        update_many(cls, ["state", "updated_at"], moved)
        record_many(actor, changes, reason)
        return len(moved)

    def closes_at(self) -> datetime | None:
        """When this unit's self-assessment closes: the campaign's deadline, or the exception granted to it."""
        if self.deadline_override is not None:
            return self.deadline_override
        return self.campaign.self_closes_at

    def self_window_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        opens, closes = self.campaign.self_opens_at, self.closes_at()
        return (opens is None or now >= opens) and (closes is None or now < closes)

    def self_window_closed(self, now: datetime | None = None) -> bool:
        closes = self.closes_at()
        return closes is not None and (now or timezone.now()) >= closes


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


class Question(Audited, models.Model):
    """An appraiser's request for an explanation on one leaf (yêu cầu giải trình), and the unit's answer.

    Its audit entries (the question, the answer) are filed under the leaf it is about."""

    audit_type = "question"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="questions", db_index=False)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="questions")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="questions")
    text = models.TextField(_("question"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]
        verbose_name = _("explanation request")
        verbose_name_plural = _("explanation requests")
        indexes = [models.Index(fields=["campaign", "unit"], name="question_unit_idx")]

    def __str__(self) -> str:
        return self.text[:60]

    def audit_repr(self) -> str:
        return f"{self.unit.code}/{self.criterion.code}"

    def audit_scope(self) -> dict[str, int | None]:
        return {"campaign_id": self.campaign_id, "unit_id": self.unit_id, "criterion_id": self.criterion_id}


class AppraiserAssignment(models.Model):
    """Who appraises what in a campaign: a council member assigned to a whole unit, or to one area for every unit."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appraisals")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(
        Criterion, null=True, blank=True, on_delete=models.CASCADE, related_name="+", limit_choices_to={"depth": 1}
    )

    class Meta:
        verbose_name = _("appraiser assignment")
        verbose_name_plural = _("appraiser assignments")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(unit__isnull=True) & models.Q(area__isnull=False))
                | (models.Q(unit__isnull=False) & models.Q(area__isnull=True)),
                name="assignment_unit_or_area",
            ),
            models.UniqueConstraint(fields=["campaign", "user", "unit"], name="assignment_unique_unit"),
            models.UniqueConstraint(fields=["campaign", "user", "area"], name="assignment_unique_area"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.unit_id or self.area_id}"
