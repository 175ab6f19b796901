"""Improvement plans: starting one, its actions, submitting it, Home Affairs' review, the completion reports and their
review, and where each unit stands (the review list and ``plan-status``).

Rules:

* A plan follows the publication: none is started, changed or submitted while the campaign's results are not
  published (a plan started before a re-opening stays, read-only, until they are published again).
* An action names a leaf the unit lost points on (:mod:`parindex.plans.losses`), what will be done, a person in
  charge and a deadline (a day, not past). The unit's officers and head add, change and remove actions while the plan
  is drafted or returned; the head submits it (with at least one action); Home Affairs over the campaign accepts it or
  returns it with a reason.
* Once the plan is accepted, its actions run through the deadlines app (:mod:`parindex.plans.deadlines`): the unit
  reports each one done with its evidence file; Home Affairs accepts the report (the action is completed at the
  moment the report was *sent*) or returns it with a reason, and the unit sends another.
* Every change is audited; what moves a deadline or a completion (a plan accepted, a report accepted) announces it
  with :data:`parindex.deadlines.signals.deadlines_changed`, and the timeliness figures follow.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePosixPath
from typing import IO, Any
from uuid import uuid4

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from parindex.assessments.models import Campaign, Result
from parindex.audit.models import Action
from parindex.audit.services import Actor, record
from parindex.deadlines.signals import deadlines_changed
from parindex.frameworks.models import Criterion
from parindex.org.models import Unit
from parindex.plans.losses import Loss, losses
from parindex.plans.models import ActionReport, Plan, PlanAction, due_moment
from parindex.review import Review
from parindex.scoring.numbers import ZERO
from parindex.uploads import check_upload


class PlanRefused(Exception):
    """The change is refused; the message says why, in the user's language."""


def max_bytes() -> int:
    return int(settings.EVIDENCE_MAX_MB) * 1024 * 1024


def show_day(value: date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _require_published(campaign: Campaign) -> None:
    if not campaign.is_published:
        raise PlanRefused(
            _("The results of %(campaign)s are not published: an improvement plan follows their publication.")
            % {"campaign": campaign.name}
        )


def plan_of(campaign: Campaign, unit: Unit) -> Plan | None:
    return Plan.objects.filter(campaign=campaign, unit=unit).first()


@transaction.atomic
def start_plan(campaign: Campaign, unit: Unit, actor: Actor, now: datetime | None = None) -> Plan:
    """The unit's plan for ``campaign``, started (drafted, audited) if it has none."""
    _require_published(campaign)
    # get_or_create: two officers adding their first actions at once end up with one plan, not an error.
    plan, created = Plan.objects.get_or_create(
        campaign=campaign, unit=unit, defaults={"created_by": actor.user, "created_at": now or timezone.now()}
    )
    if created:
        record(actor, plan.to_change(Action.PLAN_STATE, None, {"state": plan.state}))
    return plan


# --- actions ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionInput:
    """What an action says: the leaf, what will be done, who is in charge, by which day."""

    leaf: Criterion
    what: str
    person: str
    deadline: date


def check_action(campaign: Campaign, unit: Unit, data: ActionInput, now: datetime | None = None) -> list[str]:
    """Every reason the action cannot be saved as given (empty: it can)."""
    problems: list[str] = []
    if data.leaf.framework_id != campaign.framework_id or not data.leaf.is_leaf:
        problems.append(_("Choose a sub-criterion of the campaign's criteria set."))
    elif data.leaf.pk not in {loss.leaf.pk for loss in losses(campaign, unit)}:
        problems.append(
            _(
                "%(unit)s lost no points on %(code)s %(name)s: a plan's actions are on the sub-criteria where it lost "
                "points."
            )
            % {"unit": unit.name, "code": data.leaf.code, "name": data.leaf.name}
        )
    if not data.what.strip():
        problems.append(_("Say what will be done."))
    if not data.person.strip():
        problems.append(_("Name the person in charge."))
    today = timezone.localtime(now or timezone.now()).date()
    if data.deadline < today:
        problems.append(_("The deadline %(date)s has already passed.") % {"date": show_day(data.deadline)})
    return problems


def _editable(plan: Plan) -> None:
    _require_published(plan.campaign)
    if not plan.editable:
        raise PlanRefused(
            _("The plan is %(state)s: its actions change only while it is drafted or returned.")
            % {"state": plan.get_state_display().lower()}
        )


@transaction.atomic
def save_action(
    campaign: Campaign,
    unit: Unit,
    data: ActionInput,
    actor: Actor,
    action: PlanAction | None = None,
    now: datetime | None = None,
) -> PlanAction:
    """Add an action to the unit's plan (started if needed), or change ``action``; audited with what it said before.
    Raises :class:`PlanRefused` listing every problem."""
    _require_published(campaign)
    plan = start_plan(campaign, unit, actor, now) if action is None else action.plan
    plan = Plan.objects.select_for_update().select_related("campaign", "unit").get(pk=plan.pk)
    _editable(plan)
    problems = check_action(campaign, unit, data, now)
    if problems:
        raise PlanRefused(" ".join(problems))
    before = action.snapshot() if action is not None else None
    if action is None:
        action = PlanAction(plan=plan, created_at=now or timezone.now())
    action.plan = plan
    action.criterion = data.leaf
    action.what = data.what.strip()
    action.person = " ".join(data.person.split())
    action.deadline = data.deadline
    after = action.snapshot()
    if before == after:
        return action
    action.save()
    record(actor, action.to_change(Action.PLAN_ACTION_CHANGED, before, after))
    return action


@transaction.atomic
def remove_action(action: PlanAction, actor: Actor) -> None:
    plan = Plan.objects.select_for_update().select_related("campaign", "unit").get(pk=action.plan_id)
    _editable(plan)
    action.plan = plan
    record(actor, action.to_change(Action.PLAN_ACTION_CHANGED, action.snapshot(), None))
    action.delete()


# --- the plan's review -----------------------------------------------------------------------------------------


@transaction.atomic
def submit_plan(plan: Plan, actor: Actor, now: datetime | None = None) -> Plan:
    """The head sends the plan to Home Affairs (drafted or returned, with at least one action)."""
    plan = Plan.objects.select_for_update().select_related("campaign", "unit").get(pk=plan.pk)
    _editable(plan)
    if not plan.actions.exists():
        raise PlanRefused(_("Add at least one action before submitting the plan."))
    plan.move_to(Plan.State.SUBMITTED, actor, now=now)
    return plan


@transaction.atomic
def review_plan(plan: Plan, accept: bool, note: str, actor: Actor, now: datetime | None = None) -> Plan:
    """Home Affairs accepts the submitted plan (its actions' deadlines start to run) or returns it, saying why."""
    plan = Plan.objects.select_for_update().select_related("campaign", "unit").get(pk=plan.pk)
    note = note.strip()
    if plan.state != Plan.State.SUBMITTED:
        raise PlanRefused(_("The plan is not awaiting review (%(state)s).") % {"state": plan.get_state_display()})
    if not accept and not note:
        raise PlanRefused(_("Say why the plan is returned: the unit reads it before submitting it again."))
    plan.move_to(Plan.State.ACCEPTED if accept else Plan.State.RETURNED, actor, note, now)
    if accept:
        deadlines_changed.send(sender=Plan)
    return plan


# --- completion reports ----------------------------------------------------------------------------------------


def waiting_report(action: PlanAction) -> ActionReport | None:
    return action.reports.filter(review=Review.PENDING).first()


@transaction.atomic
def send_action_report(
    action: PlanAction, text: str, upload: IO[bytes] | None, name: str, actor: Actor, now: datetime | None = None
) -> ActionReport:
    """The unit reports an action of its accepted plan done, with its evidence file (checked by its content).
    Raises :class:`PlanRefused`, or :class:`~parindex.uploads.UploadRejected` for a bad file."""
    now = now or timezone.now()
    action = (
        PlanAction.objects.select_for_update(of=("self",))
        .select_related("plan__campaign", "plan__unit", "criterion")
        .get(pk=action.pk)
    )
    if action.plan.state != Plan.State.ACCEPTED:
        raise PlanRefused(_("An action is reported done once Home Affairs has accepted the plan."))
    if action.completed_at is not None:
        raise PlanRefused(_("This action is already completed."))
    waiting = waiting_report(action)
    if waiting is not None:
        raise PlanRefused(
            _("The report sent on %(date)s awaits review: wait for Home Affairs' answer before sending another one.")
            % {"date": show_day(timezone.localtime(waiting.submitted_at).date())}
        )
    text = text.strip()
    if not text:
        raise PlanRefused(_("Say what was done."))
    if upload is None:
        raise PlanRefused(_("Attach the evidence of completion."))
    checked = check_upload(upload, name, max_bytes())
    report = ActionReport(action=action, text=text, submitted_at=now, submitted_by=actor.user)
    # A random folder keeps names from colliding or being guessed; the name itself stays readable.
    report.file.save(f"{uuid4().hex}/{checked.name}", File(upload, name=checked.name), save=False)
    report.save()
    after = {"text": text, "file": checked.name, "size": checked.size, "sha256": checked.sha256}
    record(actor, report.to_change(Action.PLAN_ACTION_REPORTED, None, after))
    return report


@transaction.atomic
def review_action_report(
    report: ActionReport, accept: bool, note: str, actor: Actor, now: datetime | None = None
) -> ActionReport:
    """Accept a completion report (the action is completed when the report was sent) or return it, saying why."""
    now = now or timezone.now()
    report = (
        ActionReport.objects.select_for_update(of=("self",))
        .select_related("action__plan__campaign", "action__plan__unit", "action__criterion")
        .get(pk=report.pk)
    )
    note = note.strip()
    if report.review != Review.PENDING:
        raise PlanRefused(_("This report was already reviewed (%(review)s).") % {"review": report.get_review_display()})
    if not accept and not note:
        raise PlanRefused(_("Say why the report is returned: the unit reads it before sending a new one."))
    report.review = Review.ACCEPTED if accept else Review.RETURNED
    report.review_note, report.reviewed_at, report.reviewed_by = note, now, actor.user
    report.save(update_fields=["review", "review_note", "reviewed_at", "reviewed_by"])
    after: dict[str, Any] = {"review": report.review, "note": note}
    action = report.action
    if accept:
        action.completed_at = report.submitted_at
        action.save(update_fields=["completed_at"])
        after["completed_at"] = timezone.localtime(report.submitted_at).isoformat()
    record(actor, report.to_change(Action.PLAN_ACTION_REVIEWED, {"review": Review.PENDING}, after), note)
    if accept:
        deadlines_changed.send(sender=Plan)
    return report


def report_file_name(report: ActionReport) -> str:
    return PurePosixPath(report.file.name or "").name if report.file else ""


# --- what the pages and the command show -----------------------------------------------------------------------


@dataclass
class ActionView:
    """An action as the plan page shows it: its status and its reports (oldest first)."""

    action: PlanAction
    status: str
    reports: list[ActionReport]

    @property
    def status_label(self) -> str:
        return str(PlanAction.Status(self.status).label)

    @property
    def waiting(self) -> bool:
        return any(r.review == Review.PENDING for r in self.reports)

    @property
    def report_rows(self) -> list[tuple[ActionReport, str]]:
        return [(r, report_file_name(r)) for r in self.reports]


@dataclass
class LeafPlan:
    """A leaf the unit lost points on, with the plan's actions on it."""

    loss: Loss
    actions: list[ActionView] = field(default_factory=list)


def action_views(actions: list[PlanAction], now: datetime) -> list[ActionView]:
    """``actions`` come with their reports prefetched: no query here."""
    views = []
    for action in actions:
        reports = list(action.reports.all())
        waiting = any(r.review == Review.PENDING for r in reports)
        views.append(ActionView(action, action.status(now, waiting), reports))
    return views


def plan_leaves(campaign: Campaign, unit: Unit, views: list[ActionView]) -> list[LeafPlan]:
    """Every leaf the unit lost points on, in the set's order, each with its actions."""
    by_leaf: dict[int, list[ActionView]] = defaultdict(list)
    for view in views:
        by_leaf[view.action.criterion_id].append(view)
    return [LeafPlan(loss, by_leaf.get(loss.leaf.pk, [])) for loss in losses(campaign, unit)]


@dataclass
class UnitStatus:
    """One unit's line of the review list and of ``plan-status``."""

    unit: Unit
    plan: Plan | None
    result: Result | None
    actions: int = 0
    done: int = 0
    on_time: int = 0
    overdue: int = 0
    waiting: int = 0  # completion reports awaiting review

    @property
    def state(self) -> str:
        return self.plan.state if self.plan is not None else "none"

    @property
    def state_label(self) -> str:
        return str(self.plan.get_state_display()) if self.plan is not None else _("Not filed")

    @property
    def lost(self) -> Decimal | None:
        if self.result is None:
            return None
        return max(ZERO, self.result.max_points - self.result.points)

    @property
    def to_review(self) -> bool:
        return self.waiting > 0 or self.state == Plan.State.SUBMITTED


def status_rows(campaign: Campaign, now: datetime | None = None) -> list[UnitStatus]:
    """Each unit of the campaign with its plan and its actions' counts, by unit code. Four queries."""
    now = now or timezone.now()
    units = list(campaign.units().order_by("code").only("pk", "code", "name"))
    results = {r.unit_id: r for r in Result.objects.filter(campaign=campaign).only("unit_id", "points", "max_points")}
    plans = {p.unit_id: p for p in Plan.objects.filter(campaign=campaign)}
    rows = {u.pk: UnitStatus(u, plans.get(u.pk), results.get(u.pk)) for u in units}
    by_plan = {p.pk: rows[p.unit_id] for p in plans.values() if p.unit_id in rows}
    waiting = Counter(
        ActionReport.objects.filter(action__plan__campaign=campaign, review=Review.PENDING).values_list(
            "action__plan_id", flat=True
        )
    )
    for plan_id, deadline, completed_at in PlanAction.objects.filter(plan__campaign=campaign).values_list(
        "plan_id", "deadline", "completed_at"
    ):
        row = by_plan.get(plan_id)
        if row is None:
            continue
        due = due_moment(deadline)
        row.actions += 1
        row.done += int(completed_at is not None)
        row.on_time += int(completed_at is not None and completed_at <= due)
        # Deadlines run once the plan is accepted: an action of a plan still under discussion is not overdue.
        running = row.state == Plan.State.ACCEPTED
        row.overdue += int(running and completed_at is None and due < now)
    for plan_id, count in waiting.items():
        if plan_id in by_plan:
            by_plan[plan_id].waiting = count
    return list(rows.values())
