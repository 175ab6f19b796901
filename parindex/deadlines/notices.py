"""Notices without a deadline of their own (a step of a cycle was taken: a unit submitted, results were published),
written as reminder rows of kind ``step`` so the ``send-reminders`` worker sends them like reminders (e-mail where the
person has an address; the bell shows the row once sent). The apps whose steps they are decide who hears of what
(:mod:`parindex.assessments.notices`)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max
from django.utils import timezone

from parindex.deadlines.core import Level
from parindex.deadlines.models import STEP, Reminder


def notify(
    scope: str | int,
    event: str,
    audience: dict[int, set[int]],
    subject: str,
    link: str,
    deadline: datetime | None = None,
) -> int:
    """Write one notice per person (``audience``: unit → people) about one step of ``scope`` (a campaign's pk), due
    now; returns how many. A step taken again (a resubmission after a withdrawal, a publication after a re-opening) is
    a new notice, numbered after the last one. Two queries whatever the number of units."""
    keys = {unit_id: f"{scope}:{unit_id}:{event}" for unit_id, users in audience.items() if users}
    if not keys:
        return 0
    last = dict(
        Reminder.objects.filter(kind=STEP, object_key__in=list(keys.values()))
        .values("object_key")
        .annotate(last=Max("step"))
        .values_list("object_key", "last")
    )
    now = timezone.now()
    rows = [
        Reminder(
            kind=STEP,
            object_key=key,
            unit_id=unit_id,
            subject=subject[:300],
            link=link,
            deadline=deadline,
            step=last.get(key, 0) + 1,
            level=Level.UNIT.value,
            recipient_id=user_id,
            due_at=now,
        )
        for unit_id, key in sorted(keys.items())
        for user_id in sorted(audience[unit_id])
    ]
    Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)
