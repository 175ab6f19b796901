"""A unit's improvement plan after a campaign's results were published (kế hoạch khắc phục), its actions on the leaves
the unit lost points on, and each action's completion report.

A plan's state only moves along :attr:`Plan.MOVES`, by :meth:`Plan.move_to`, which saves and audits the move; whether a
move may happen now (the user's role, the results published, actions present) is decided by
:mod:`parindex.plans.services`. An action is done when its accepted completion report was *sent*, as an assigned task
is: a report sent by the deadline and accepted after it is on time.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.assessments.models import Campaign
from parindex.audit.models import Action
from parindex.audit.services import Actor, Audited, record
from parindex.deadlines.core import Standing, standing
from parindex.frameworks.models import Criterion
from parindex.org.models import Unit
from parindex.privatefiles import private_storage
from parindex.review import SentForReview

# An action's deadline is a day; it falls due at the end of that working day, local time (as a task's usually does).
DUE_TIME = time(17, 0)


def due_moment(day: date) -> datetime:
    """17:00 of ``day``, local time, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, DUE_TIME))


class PlanMoveRefused(ValueError):
    """A plan was asked to make a move :attr:`Plan.MOVES` does not list (a fault of the caller: the services refuse
    what is not possible now in the user's language first)."""


class Plan(Audited, models.Model):
    """One unit's improvement plan for one published campaign: drafted by the unit's officers, submitted by its head,
    accepted or returned (with a reason) by Home Affairs over the campaign."""

    audit_type = "plan"

    class State(models.TextChoices):
        DRAFT = "draft", _("Being drafted")
        SUBMITTED = "submitted", _("Awaiting review")
        RETURNED = "returned", _("Returned for changes")
        ACCEPTED = "accepted", _("Accepted")

    # Every move a plan makes: from a state, the states it may go to. An accepted plan is final: its actions are
    # carried out and reported on one by one.
    MOVES: ClassVar[dict[str, frozenset[str]]] = {
        State.DRAFT: frozenset({State.SUBMITTED}),
        State.SUBMITTED: frozenset({State.ACCEPTED, State.RETURNED}),
        State.RETURNED: frozenset({State.SUBMITTED}),
        State.ACCEPTED: frozenset(),
    }
    # The states in which the unit adds, changes and removes actions.
    EDITABLE: ClassVar[tuple[str, ...]] = (State.DRAFT, State.RETURNED)

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="plans")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="plans")
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        ordering = ["campaign", "unit__code"]
        verbose_name = _("improvement plan")
        verbose_name_plural = _("improvement plans")
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="plan_unique_per_unit")]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.unit_id}: {self.state}"

    def audit_repr(self) -> str:
        return f"{self.campaign.code}/{self.unit.code}"

    def audit_scope(self) -> dict[str, int | None]:
        return {"campaign_id": self.campaign_id, "unit_id": self.unit_id}

    @property
    def editable(self) -> bool:
        return self.state in self.EDITABLE

    @classmethod
    def check_move(cls, before: str, to: str) -> None:
        """Refuse (:class:`PlanMoveRefused`) a move :attr:`MOVES` does not list."""
        if to not in cls.MOVES.get(before, frozenset()):
            raise PlanMoveRefused(f"a plan does not move from {before!s} to {to!s}")

    def move_to(self, state: str, actor: Actor, reason: str = "", now: datetime | None = None) -> None:
        """Move the plan to ``state`` (if :attr:`MOVES` lists it), stamp who and when (a submission, or a review with
        its ``reason``), save and audit the move."""
        before, to = self.state, self.State(state)
        self.check_move(before, to)
        now = now or timezone.now()
        self.state = to
        if to == self.State.SUBMITTED:
            self.submitted_at, self.submitted_by = now, actor.user
        else:
            self.reviewed_at, self.reviewed_by, self.review_note = now, actor.user, reason
        self.save()
        record(actor, self.to_change(Action.PLAN_STATE, {"state": before}, {"state": to.value}), reason)


class PlanAction(Audited, models.Model):
    """One action of a plan on one leaf the unit lost points on: what will be done, by whom, by which day."""

    audit_type = "plan_action"

    class Status(models.TextChoices):
        RUNNING = "running", _("in progress")
        WAITING = "waiting", _("completion report awaiting review")
        DONE_ON_TIME = "done_on_time", _("completed on time")
        DONE_LATE = "done_late", _("completed late")
        OVERDUE = "overdue", _("overdue, not completed")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("sub-criterion"), on_delete=models.PROTECT, related_name="plan_actions"
    )
    what = models.TextField(_("planned action"))
    person = models.CharField(_("person in charge"), max_length=200)
    deadline = models.DateField(_("completion deadline"))
    completed_at = models.DateTimeField(
        _("completed at"), null=True, blank=True, help_text=_("When the accepted completion report was sent.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["plan", "criterion__position", "deadline", "pk"]
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")

    def __str__(self) -> str:
        return f"{self.plan_id}/{self.criterion_id}: {self.what[:60]}"

    def audit_repr(self) -> str:
        return f"{self.plan.campaign.code}/{self.plan.unit.code}/{self.criterion.code}"

    def audit_scope(self) -> dict[str, int | None]:
        return {"campaign_id": self.plan.campaign_id, "unit_id": self.plan.unit_id, "criterion_id": self.criterion_id}

    def snapshot(self) -> dict[str, Any]:
        """The action as the audit log keeps it."""
        return {
            "criterion": self.criterion.code,
            "what": self.what,
            "person": self.person,
            "deadline": self.deadline.isoformat(),
        }

    @property
    def due_at(self) -> datetime:
        return due_moment(self.deadline)

    def standing(self, now: datetime | None = None) -> Standing:
        return standing(self.due_at, self.completed_at, now or timezone.now())

    def status(self, now: datetime | None = None, waiting: bool = False) -> str:
        """Where the action stands; ``waiting``: a completion report of it awaits review."""
        current = self.standing(now)
        if current is Standing.ON_TIME:
            return self.Status.DONE_ON_TIME
        if current is Standing.LATE:
            return self.Status.DONE_LATE
        if waiting:
            return self.Status.WAITING
        return self.Status.OVERDUE if current is Standing.OVERDUE else self.Status.RUNNING


class ActionReport(Audited, SentForReview):
    """A unit's report that an action is done, with its evidence file; Home Affairs accepts or returns it."""

    audit_type = "plan_action_report"

    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="reports")
    text = models.TextField(_("what was done"))
    file = models.FileField(_("evidence of completion"), storage=private_storage, upload_to="plans/%Y/", max_length=300)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("completion report of a plan action")
        verbose_name_plural = _("completion reports of plan actions")

    def __str__(self) -> str:
        return f"{self.action_id} {self.submitted_at:%d/%m/%Y}"

    def audit_repr(self) -> str:
        return self.action.audit_repr()

    def audit_scope(self) -> dict[str, int | None]:
        return self.action.audit_scope()
