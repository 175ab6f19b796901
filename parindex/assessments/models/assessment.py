"""One unit's assessment in a campaign: its step in the cycle, the allowed moves, its deadline."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.assessments.models.campaign import Campaign
from parindex.assessments.signals import step_taken
from parindex.audit.models import Action
from parindex.audit.services import Actor, Audited, Change, record, record_many
from parindex.dbbulk import update_many
from parindex.org.models import Unit


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
