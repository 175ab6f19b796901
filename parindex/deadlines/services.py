"""Planning and sending reminders about every open deadline (tasks in charge, periodic reports, self-assessments).

``plan`` writes a row for each reminder that falls due within the horizon (one per recipient, or one for the unit
when nobody can be reached), idempotently: the unique constraints make planning twice harmless. ``send_due`` claims
due rows one by one with a conditional UPDATE (``claimed_at IS NULL``), so two workers never send the same reminder;
a reminder whose deadline was met meanwhile is cancelled instead of sent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.deadlines.core import Level, Schedule, slots
from parindex.deadlines.models import STEP, Holiday, Kind, Reminder, ReminderSchedule, ReminderStep
from parindex.deadlines.registry import Item
from parindex.deadlines.timeliness import all_items
from parindex.org.models import Membership, Role, Unit

# Reminders missed by more than this (a worker that was down, an item created late) are not sent in a burst.
GRACE = timedelta(days=1)


def schedules() -> dict[str, Schedule]:
    """The schedule of each kind of deadline with its steps, in one query; the default one for a kind without."""
    settings_of: dict[str, tuple[bool, int, int, int]] = {}
    before: dict[str, list[int]] = defaultdict(list)
    rows = ReminderSchedule.objects.values_list(
        "kind", "on_the_day", "every_days_after", "escalate_after", "max_after", "steps__days_before"
    ).order_by("kind", "-steps__days_before")
    for kind, on_the_day, every_days_after, escalate_after, max_after, days in rows:
        settings_of[kind] = (on_the_day, every_days_after, escalate_after, max_after)
        if days is not None:  # a schedule without steps comes once, with no days
            before[kind].append(days)
    result = {}
    for kind in Kind.values:
        if kind not in settings_of:
            result[kind] = Schedule()
            continue
        on_the_day, every_days_after, escalate_after, max_after = settings_of[kind]
        result[kind] = Schedule(
            before_days=tuple(before[kind]),
            on_the_day=on_the_day,
            every_days_after=every_days_after,
            escalate_after=escalate_after,
            max_after=max_after,
        )
    return result


def default_schedules() -> int:
    """Give each kind of deadline without a stored schedule the default one, steps included; returns how many."""
    default = Schedule()
    made = 0
    for kind in Kind.values:
        schedule, created = ReminderSchedule.objects.get_or_create(
            kind=kind,
            defaults={
                "on_the_day": default.on_the_day,
                "every_days_after": default.every_days_after,
                "escalate_after": default.escalate_after,
                "max_after": default.max_after,
            },
        )
        if created:
            steps = [ReminderStep(schedule=schedule, days_before=n) for n in default.before_days]
            ReminderStep.objects.bulk_create(steps)
            made += 1
    return made


def open_items(now: datetime) -> list[Item]:
    """Deadlines still owed: not done, and still running (a self-assessment only while its campaign is open)."""
    return [item for item in all_items(now) if item.done is None and item.running]


class Recipients:
    """Who a reminder of each level goes to, read once for all units."""

    def __init__(self) -> None:
        self.by_unit: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for unit_id, role, user_id in Membership.objects.filter(user__is_active=True).values_list(
            "unit_id", "role", "user_id"
        ):
            self.by_unit[unit_id][role].append(user_id)
        self.paths = dict(Unit.objects.values_list("pk", "path"))

    def __call__(self, level: Level, unit_id: int) -> list[int]:
        own = self.by_unit.get(unit_id, {})
        heads = own.get(Role.HEAD, [])
        if level is Level.UNIT:
            users = [*own.get(Role.OFFICER, []), *heads]
        elif level is Level.HEAD:
            users = list(heads)
        else:
            ancestors = [int(p) for p in self.paths.get(unit_id, "").strip("/").split("/") if p and int(p) != unit_id]
            leaders = [u for a in ancestors for u in self.by_unit.get(a, {}).get(Role.VIEWER, [])]
            users = [*leaders, *heads]
        return sorted(set(users))


def plan(now: datetime | None = None, horizon: timedelta = timedelta(hours=1), dry_run: bool = False) -> int:
    """Write the reminders due by ``now + horizon`` that are not written yet; returns how many rows it added (with
    ``dry_run``: how many it would add)."""
    now = now or timezone.now()
    zone = ZoneInfo(settings.TIME_ZONE)
    items = open_items(now)
    if not items:
        return 0
    years = {timezone.localtime(i.due).year for i in items}
    days_off = set(Holiday.objects.filter(day__year__in=years | {y + 1 for y in years}).values_list("day", flat=True))
    plans = schedules()
    recipients = Recipients()
    rows: list[Reminder] = []
    for item in items:
        for slot in slots(item.due, plans[item.kind], zone, days_off):
            if slot.at > now + horizon or slot.at < now - GRACE:
                continue
            people: list[int | None] = [*recipients(slot.level, item.unit_id)] or [None]
            for user_id in people:
                rows.append(
                    Reminder(
                        kind=item.kind,
                        object_key=item.key,
                        unit_id=item.unit_id,
                        subject=item.subject[:300],
                        link=item.link,
                        deadline=item.due,
                        step=slot.step,
                        level=slot.level.value,
                        recipient_id=user_id,
                        due_at=slot.at,
                    )
                )
    if dry_run:
        existing = set(
            Reminder.objects.filter(object_key__in={r.object_key for r in rows}).values_list(
                "kind", "object_key", "step", "recipient_id"
            )
        )
        return sum(1 for r in rows if (r.kind, r.object_key, r.step, r.recipient_id) not in existing)
    before = Reminder.objects.count()
    Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return Reminder.objects.count() - before


def claim(pk: int, now: datetime) -> bool:
    """Take one due reminder; the UPDATE matches only an unclaimed row, so exactly one worker wins it."""
    return Reminder.objects.filter(pk=pk, claimed_at__isnull=True).update(claimed_at=now) == 1


@dataclass
class Sent:
    sent: int = 0
    cancelled: int = 0
    emailed: int = 0


def send_due(now: datetime | None = None, dry_run: bool = False) -> Sent:
    """Send every due reminder and step notice this worker wins (e-mail where the person has an address; the in-app
    notice is the row itself). A reminder whose deadline was met meanwhile is cancelled; a step notice never is."""
    now = now or timezone.now()
    outcome = Sent()
    due = list(
        Reminder.objects.filter(due_at__lte=now, claimed_at__isnull=True, cancelled_at__isnull=True)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)
    )
    if dry_run:
        outcome.sent = len(due)
        return outcome
    still_open = {(i.kind, i.key) for i in open_items(now)}
    for pk in due:
        if not claim(pk, now):
            continue
        reminder = Reminder.objects.select_related("recipient", "unit").get(pk=pk)
        if reminder.kind != STEP and (reminder.kind, reminder.object_key) not in still_open:
            Reminder.objects.filter(pk=pk).update(cancelled_at=now)
            outcome.cancelled += 1
            continue
        emailed = _email(reminder, now)
        Reminder.objects.filter(pk=pk).update(sent_at=now, emailed=emailed)
        outcome.sent += 1
        outcome.emailed += int(emailed)
    return outcome


def _email(reminder: Reminder, now: datetime) -> bool:
    user = reminder.recipient
    if user is None or not user.email:
        return False
    if reminder.kind == STEP or reminder.deadline is None:
        subject = _("[PAR index] %(subject)s") % {"subject": reminder.subject}
        body = _("%(unit)s: %(subject)s\n\nOpen: %(link)s\n") % {
            "unit": reminder.unit.name,
            "subject": reminder.subject,
            "link": settings.SITE_URL + reminder.link,
        }
        return _send(subject, body, user.email)
    late = now > reminder.deadline
    subject = (_("[PAR index] Overdue: %(subject)s") if late else _("[PAR index] Reminder: %(subject)s")) % {
        "subject": reminder.subject
    }
    body = _("%(unit)s: %(subject)s\nDeadline: %(deadline)s\nReminder no. %(step)s.\n\nOpen: %(link)s\n") % {
        "unit": reminder.unit.name,
        "subject": reminder.subject,
        "deadline": timezone.localtime(reminder.deadline).strftime("%H:%M %d/%m/%Y"),
        "step": reminder.step,
        "link": settings.SITE_URL + reminder.link,
    }
    return _send(subject, body, user.email)


def _send(subject: str, body: str, address: str) -> bool:
    try:
        send_mail(subject[:200], body, None, [address])
    except OSError:
        return False  # the in-app notice still stands; the next reminder tries again
    return True


def reminder_counts(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """How many times each deadline was reminded (distinct reminders sent, whatever the number of recipients)."""
    wanted = set(keys)
    if not wanted:
        return {}
    counts = (
        Reminder.objects.filter(sent_at__isnull=False, object_key__in={k for _kind, k in wanted})
        .values("kind", "object_key")
        .annotate(steps=Count("step", distinct=True))
    )
    return {(c["kind"], c["object_key"]): c["steps"] for c in counts if (c["kind"], c["object_key"]) in wanted}


def unread_count(user_id: int) -> int:
    return Reminder.objects.filter(recipient_id=user_id, sent_at__isnull=False, read_at__isnull=True).count()
