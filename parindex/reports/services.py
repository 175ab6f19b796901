"""Periodic PAR reports (báo cáo CCHC định kỳ): planning a year from its calendar, the units' submissions, Home
Affairs' reviews and where each (period, unit) pair stands.

- The calendar is data (:mod:`parindex.reports.calendar`). :func:`plan_reports` turns it into one period per kind and
  unit group; running it again changes nothing, and a deadline it moves is audited with before and after
  (:func:`set_deadline` moves one by hand, with a reason).
- A unit's officer or head sends the report as a file (checked by its content, stored privately under a random name).
  Sending after the deadline is allowed and counts as late. Home Affairs accepts or returns each submission (a return
  needs a note); a returned report is sent again as a new submission.
- A unit submitted a report when it sent its first submission that was not returned
  (:func:`~parindex.reports.models.report_done_at`); on time if that is by the deadline.

Every change is audited and announced (:data:`parindex.deadlines.signals.deadlines_changed`): the timeliness figures
are computed again after it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from uuid import uuid4

from django.core.files import File
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.assessments.evidence import max_bytes
from parindex.audit.models import Action
from parindex.audit.services import Actor, Change, record
from parindex.deadlines.core import Standing, standing
from parindex.deadlines.signals import deadlines_changed
from parindex.moments import when
from parindex.org.models import Unit, UnitGroup
from parindex.reports.calendar import YEARS, CalendarRejected, read_calendar
from parindex.reports.models import ReportPeriod, ReportSubmission, report_done_at
from parindex.review import Review
from parindex.uploads import ALLOWED, check_upload

TITLES = {
    ReportPeriod.Kind.Q1: gettext_lazy("First-quarter PAR report %(year)s"),
    ReportPeriod.Kind.H1: gettext_lazy("Six-month PAR report %(year)s"),
    ReportPeriod.Kind.Q3: gettext_lazy("Third-quarter PAR report %(year)s"),
    ReportPeriod.Kind.YEAR: gettext_lazy("Yearly PAR report %(year)s"),
}
REVIEWS = {
    Review.PENDING: gettext_lazy("awaiting review"),
    Review.ACCEPTED: gettext_lazy("accepted"),
    Review.RETURNED: gettext_lazy("returned"),
}


class ReportRefused(Exception):
    """The action is refused; the message says why, in the user's language."""


def period_title(period: ReportPeriod) -> str:
    """ "Báo cáo CCHC quý I năm 2026"."""
    return str(TITLES[ReportPeriod.Kind(period.kind)]) % {"year": period.year}


def review_label(review: str) -> str:
    return str(REVIEWS[Review(review)])


# --- planning a year ---------------------------------------------------------------------------------------------


class Outcome(models.TextChoices):
    CREATED = "created", gettext_lazy("created")
    CHANGED = "changed", gettext_lazy("deadline changed")
    UNCHANGED = "unchanged", gettext_lazy("unchanged")


@dataclass(frozen=True)
class Planned:
    """What planning did to one period; ``before`` is the deadline it replaced."""

    period: ReportPeriod
    outcome: Outcome
    before: datetime | None = None


def _period_data(period: ReportPeriod) -> dict[str, Any]:
    return {
        "year": period.year,
        "kind": period.kind,
        "group": period.group.code,
        "deadline": timezone.localtime(period.deadline).isoformat(),
    }


def _period_change(period: ReportPeriod, before: Any, after: Any) -> Change:
    return period.to_change(Action.REPORTS_PLANNED, before, after)


def plan_reports(
    year: int,
    groups: Iterable[UnitGroup],
    actor: Actor,
    calendar_path: Path | str | None = None,
    *,
    keep_deadlines: bool = False,
) -> list[Planned]:
    """Create each calendar report's period of ``year`` for every group (idempotent). An existing period whose
    deadline differs from the calendar's gets the calendar's, audited with before and after, unless
    ``keep_deadlines`` (deadlines set by hand stay). Raises :class:`CalendarRejected` before writing anything."""
    calendar = read_calendar(calendar_path)
    if not YEARS[0] <= year <= YEARS[1]:
        raise CalendarRejected(
            [_("the year must be between %(low)s and %(high)s") % {"low": YEARS[0], "high": YEARS[1]}]
        )
    deadlines = calendar.deadlines(year)
    groups = sorted(set(groups), key=lambda g: (g.order, g.code))
    reason = _("Calendar: %(name)s") % {"name": calendar.name}
    done: list[Planned] = []
    with transaction.atomic():
        existing = {
            (p.kind, p.group_id): p
            for p in ReportPeriod.objects.select_for_update().filter(year=year, group__in=groups)
        }
        for group in groups:
            for entry in calendar.entries:
                deadline = deadlines[entry.kind]
                period = existing.get((entry.kind, group.pk))
                if period is None:
                    period = ReportPeriod.objects.create(year=year, kind=entry.kind, group=group, deadline=deadline)
                    record(actor, _period_change(period, None, _period_data(period)), reason)
                    done.append(Planned(period, Outcome.CREATED))
                elif period.deadline != deadline and not keep_deadlines:
                    period.group = group
                    before = period.deadline
                    _move(period, deadline, actor, reason)
                    done.append(Planned(period, Outcome.CHANGED, before))
                else:
                    period.group = group
                    done.append(Planned(period, Outcome.UNCHANGED))
    if any(p.outcome != Outcome.UNCHANGED for p in done):
        deadlines_changed.send(sender=ReportPeriod)
    return done


def _move(period: ReportPeriod, deadline: datetime, actor: Actor, reason: str) -> None:
    before = {"deadline": timezone.localtime(period.deadline).isoformat()}
    period.deadline = deadline
    period.save(update_fields=["deadline"])
    record(actor, _period_change(period, before, {"deadline": timezone.localtime(deadline).isoformat()}), reason)


def set_deadline(period: ReportPeriod, deadline: datetime, actor: Actor, reason: str) -> bool:
    """Move one period's deadline (audited with before, after and the reason); False when it is the same."""
    if not reason.strip():
        raise ReportRefused(_("Say why the deadline changes."))
    with transaction.atomic():
        locked = ReportPeriod.objects.select_for_update().get(pk=period.pk)
        if locked.deadline == deadline:
            return False
        period.deadline = locked.deadline
        _move(period, deadline, actor, reason.strip())
    deadlines_changed.send(sender=ReportPeriod)
    return True


# --- where a unit's report stands ----------------------------------------------------------------------------------


class Status(models.TextChoices):
    NOT_SUBMITTED = "not_submitted", gettext_lazy("not submitted")
    ON_TIME = "on_time", gettext_lazy("submitted on time")
    LATE = "late", gettext_lazy("submitted late")
    RETURNED = "returned", gettext_lazy("returned, to be sent again")
    ACCEPTED = "accepted", gettext_lazy("accepted")


# Late and missing first: what Home Affairs has to chase.
_RANK = {
    (Status.NOT_SUBMITTED, Standing.OVERDUE): 0,
    (Status.RETURNED, Standing.OVERDUE): 1,
    (Status.LATE, Standing.LATE): 2,
    (Status.ACCEPTED, Standing.LATE): 3,
    (Status.RETURNED, Standing.PENDING): 4,
    (Status.NOT_SUBMITTED, Standing.PENDING): 5,
    (Status.ON_TIME, Standing.ON_TIME): 6,
    (Status.ACCEPTED, Standing.ON_TIME): 7,
}


@dataclass(frozen=True)
class ReportState:
    """One unit's report for one period: its submissions (oldest first), when it counts as submitted, its standing
    against the deadline and its status."""

    period: ReportPeriod
    unit: Unit
    submissions: tuple[ReportSubmission, ...]
    done_at: datetime | None
    standing: Standing
    status: Status

    @property
    def latest(self) -> ReportSubmission | None:
        return self.submissions[-1] if self.submissions else None

    @property
    def alarm(self) -> bool:
        """Late or missing: shown in red, listed first."""
        return self.standing in (Standing.LATE, Standing.OVERDUE)

    @property
    def rank(self) -> int:
        return _RANK.get((self.status, self.standing), 5)

    @property
    def can_send(self) -> bool:
        return self.status in (Status.NOT_SUBMITTED, Status.RETURNED)

    @property
    def awaiting_review(self) -> ReportSubmission | None:
        latest = self.latest
        return latest if latest is not None and latest.review == Review.PENDING else None

    @property
    def label(self) -> str:
        if self.status == Status.NOT_SUBMITTED:
            if self.standing == Standing.OVERDUE:
                return _("Not submitted, deadline passed")
            return _("Not submitted yet")
        if self.status == Status.RETURNED:
            if self.standing == Standing.OVERDUE:
                return _("Returned, not sent again; deadline passed")
            return _("Returned, waiting for a new submission")
        if self.status == Status.ACCEPTED:
            return _("Accepted, submitted late") if self.standing == Standing.LATE else _("Accepted, on time")
        if self.status == Status.LATE:
            return _("Submitted late, awaiting review")
        return _("Submitted on time, awaiting review")

    @property
    def css(self) -> str:
        """The badge's classes (red for late and missing)."""
        if self.alarm:
            return "state st-missed"
        return {
            Status.NOT_SUBMITTED: "state",
            Status.ON_TIME: "state state-submitted",
            Status.RETURNED: "state state-explanation_requested",
            Status.ACCEPTED: "state state-appraised",
        }.get(self.status, "state")

    @property
    def send_warning(self) -> str:
        """What the send form says before sending (empty while the deadline has not passed)."""
        if timezone.now() <= self.period.deadline:
            return ""
        return _("The deadline (%(deadline)s) has passed: a report sent now counts as late.") % {
            "deadline": when(self.period.deadline)
        }

    @property
    def send_block(self) -> str:
        """Why the unit cannot send now (empty when it can)."""
        latest = self.latest
        if latest is None or self.can_send:
            return ""
        if latest.review == Review.ACCEPTED:
            return _("The report has been accepted; nothing more to send.")
        return _(
            "The report sent at %(when)s awaits review by Home Affairs. If it needs correcting, they return it "
            "and it can be sent again."
        ) % {"when": when(latest.submitted_at)}


def report_state(
    period: ReportPeriod, unit: Unit, submissions: Sequence[ReportSubmission], now: datetime | None = None
) -> ReportState:
    ordered = tuple(sorted(submissions, key=lambda s: (s.submitted_at, s.pk or 0)))
    done_at = report_done_at(list(ordered))
    current = standing(period.deadline, done_at, now or timezone.now())
    latest = ordered[-1] if ordered else None
    if latest is None:
        status = Status.NOT_SUBMITTED
    elif latest.review == Review.RETURNED:
        status = Status.RETURNED
    elif latest.review == Review.ACCEPTED:
        status = Status.ACCEPTED
    else:
        status = Status.LATE if current == Standing.LATE else Status.ON_TIME
    return ReportState(period, unit, ordered, done_at, current, status)


def report_states(
    periods: Sequence[ReportPeriod], units: Iterable[Unit], now: datetime | None = None, *, details: bool = False
) -> dict[tuple[int, int], ReportState]:
    """(period id, unit id) → state, for each unit of each period's group, in two queries whatever their number
    (the units, then the submissions; with ``details``, the senders and reviewers come with them)."""
    now = now or timezone.now()
    units = list(units)
    sent: dict[tuple[int, int], list[ReportSubmission]] = defaultdict(list)
    if periods and units:
        rows = ReportSubmission.objects.filter(period__in=list(periods), unit__in=[u.pk for u in units])
        if details:
            rows = rows.select_related("submitted_by", "reviewed_by")
        else:
            rows = rows.only("pk", "period_id", "unit_id", "submitted_at", "review")
        for submission in rows:
            sent[(submission.period_id, submission.unit_id)].append(submission)
    states = {}
    for period in periods:
        for unit in units:
            if unit.group_id == period.group_id:
                states[(period.pk, unit.pk)] = report_state(period, unit, sent[(period.pk, unit.pk)], now)
    return states


def ordered_states(states: Iterable[ReportState]) -> list[ReportState]:
    """Late and missing first (red), then what awaits the unit, then what is done; by unit code within each."""
    return sorted(states, key=lambda s: (s.rank, s.unit.code))


@dataclass(frozen=True)
class Tally:
    """A period's figures over the units counted."""

    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    returned: int = 0
    awaiting_review: int = 0
    accepted: int = 0

    @property
    def alarm(self) -> int:
        return self.late + self.missing


def tally(states: Iterable[ReportState]) -> Tally:
    states = list(states)
    return Tally(
        expected=len(states),
        submitted=sum(1 for s in states if s.done_at is not None),
        on_time=sum(1 for s in states if s.standing == Standing.ON_TIME),
        late=sum(1 for s in states if s.standing == Standing.LATE),
        missing=sum(1 for s in states if s.standing == Standing.OVERDUE),
        returned=sum(1 for s in states if s.status == Status.RETURNED),
        awaiting_review=sum(1 for s in states if s.awaiting_review is not None),
        accepted=sum(1 for s in states if s.status == Status.ACCEPTED),
    )


# --- sending and reviewing ---------------------------------------------------------------------------------------


def _submission_change(action: str, submission: ReportSubmission, before: Any, after: Any) -> Change:
    return submission.to_change(action, before, after)


def _submissions(period: ReportPeriod, unit: Unit) -> list[ReportSubmission]:
    return list(ReportSubmission.objects.filter(period=period, unit=unit).order_by("submitted_at", "pk"))


def submit_report(
    period: ReportPeriod,
    unit: Unit,
    stream: IO[bytes],
    name: str,
    actor: Actor,
    note: str = "",
    at: datetime | None = None,
) -> ReportSubmission:
    """Store a unit's report (the file checked by its content and size) and audit it. Sending after the deadline is
    allowed and counts as late. Refused while a submission awaits review or after one was accepted.

    Raises :class:`~parindex.uploads.UploadRejected` or :class:`ReportRefused` with the reason."""
    at = at or timezone.now()
    with transaction.atomic():
        # One sender at a time per unit: two officers clicking at once must not both send.
        locked = Unit.objects.select_for_update().filter(pk=unit.pk, is_active=True, group_id=period.group_id)
        if not list(locked.values_list("pk", flat=True)):
            raise ReportRefused(_("%(unit)s does not send this report.") % {"unit": unit.name})
        state = report_state(period, unit, _submissions(period, unit), at)
        if not state.can_send:
            raise ReportRefused(state.send_block)
        checked = check_upload(stream, name, max_bytes())
        submission = ReportSubmission(
            period=period,
            unit=unit,
            original_name=checked.name,
            note=note.strip(),
            submitted_at=at,
            submitted_by=actor.user,
        )
        extension = ALLOWED[checked.kind][1][0]
        submission.file.save(f"{uuid4().hex}.{extension}", File(stream, name=checked.name), save=False)
        submission.save()
        after = {
            "name": checked.name,
            "size": checked.size,
            "sha256": checked.sha256,
            "note": submission.note,
            "submitted_at": timezone.localtime(at).isoformat(),
            "deadline": timezone.localtime(period.deadline).isoformat(),
            "late": at > period.deadline,
        }
        record(actor, _submission_change(Action.REPORT_SUBMITTED, submission, None, after))
    deadlines_changed.send(sender=ReportPeriod)
    return submission


def review_report(
    submission: ReportSubmission, accept: bool, note: str, actor: Actor, at: datetime | None = None
) -> ReportSubmission:
    """Accept or return a submission awaiting review (a return needs a note saying what to correct); audited."""
    note = note.strip()
    if not accept and not note:
        raise ReportRefused(_("Say what the unit must correct before returning the report."))
    with transaction.atomic():
        rows = ReportSubmission.objects.select_related("period__group", "unit")
        # Only the submission's row: locking the joined period would serialise every review of the period.
        locked = rows.select_for_update(of=("self",)).get(pk=submission.pk)
        if locked.review != Review.PENDING:
            raise ReportRefused(
                _("This submission was already reviewed (%(review)s).") % {"review": review_label(locked.review)}
            )
        before = {"review": locked.review}
        locked.review = Review.ACCEPTED if accept else Review.RETURNED
        locked.review_note = note
        locked.reviewed_at = at or timezone.now()
        locked.reviewed_by = actor.user
        locked.save(update_fields=["review", "review_note", "reviewed_at", "reviewed_by"])
        after = {"review": locked.review, "note": note}
        record(actor, _submission_change(Action.REPORT_REVIEWED, locked, before, after), note)
    deadlines_changed.send(sender=ReportPeriod)
    for field in ("review", "review_note", "reviewed_at", "reviewed_by"):
        setattr(submission, field, getattr(locked, field))
    return submission
