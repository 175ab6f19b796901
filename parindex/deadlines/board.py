"""The deadline board of Home Affairs and a unit's own to-do list: every deadline-bearing thing in one place, with the
reminders sent about it. Its URLs are in the "assignments" namespace (parindex/urls.py), as before tasks and periodic
reports became apps of their own. What other apps show beside a unit's to-do list (its timeliness figures) comes
through :data:`parindex.deadlines.signals.unit_todo_context`."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.deadlines import registry
from parindex.deadlines.core import Standing
from parindex.deadlines.kinds import DeadlineKind
from parindex.deadlines.models import STEP, Kind, Reminder
from parindex.deadlines.registry import Item
from parindex.deadlines.services import open_items, reminder_counts
from parindex.deadlines.signals import unit_todo_context
from parindex.deadlines.timeliness import all_items
from parindex.org.access import get_unit_for_user, holds_any_role, units_for_user
from parindex.org.models import READER_ROLES, Unit

SOON = timedelta(days=7)


def _rows(
    items: list[Item], units: dict[int, Unit], counts: dict[tuple[str, str], int], now: datetime
) -> list[dict[str, object]]:
    return [
        {
            "item": i,
            "kind": Kind(i.kind).label,
            "unit": units.get(i.unit_id),
            "reminded": counts.get((i.kind, i.key), 0),
            "days_late": max(0, (now - i.due).days),
        }
        for i in items
    ]


def _label(kind: str) -> str:
    return _("explanation") if kind == DeadlineKind.EXPLANATION else str(Kind(kind).label)


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """What is overdue (longest first), what falls due within a week, which units are late, reminders sent."""
    if not holds_any_role(request.user, READER_ROLES):
        raise PermissionDenied
    now = timezone.now()
    scope = units_for_user(request.user, READER_ROLES)
    units = {u.pk: u for u in scope.only("pk", "code", "name")}
    items = [i for i in open_items(now) if i.unit_id in units]
    overdue = sorted((i for i in items if i.standing(now) is Standing.OVERDUE), key=lambda i: (i.due, i.unit_id))
    soon = sorted((i for i in items if now <= i.due <= now + SOON), key=lambda i: (i.due, i.unit_id))
    counts = reminder_counts((i.kind, i.key) for i in [*overdue, *soon])
    late_units = Counter(i.unit_id for i in overdue).most_common()
    sent = (
        Reminder.objects.filter(unit_id__in=list(units), sent_at__isnull=False)
        .exclude(kind=STEP)
        .select_related("unit", "recipient")
        .order_by("-sent_at", "-pk")[:40]
    )
    context = {
        "now": now,
        "overdue": _rows(overdue, units, counts, now),
        "soon": _rows(soon, units, counts, now),
        "late_units": [(units[u], n) for u, n in late_units],
        "sent": sent,
    }
    return render(request, "deadlines/board.html", context)


@login_required
def todo(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's open deadlines (overdue first), what it finished lately, and its timeliness this year."""
    unit = get_unit_for_user(request.user, code)
    now = timezone.now()
    mine = [i for i in all_items(now) if i.unit_id == unit.pk]
    running = {(i.kind, i.key) for i in open_items(now) if i.unit_id == unit.pk}
    asked = [i for i in registry.items(now, [DeadlineKind.EXPLANATION]) if i.unit_id == unit.pk]
    open_ = sorted([*(i for i in mine if (i.kind, i.key) in running), *asked], key=lambda i: i.due)
    done = sorted(
        (i for i in mine if i.done is not None and i.done >= now - timedelta(days=90)), key=lambda i: i.done or now
    )[::-1]
    counts = reminder_counts((i.kind, i.key) for i in [*open_, *done])
    context: dict[str, object] = {"figures": []}
    for _receiver, extra in unit_todo_context.send(sender=Unit, unit=unit, now=now):
        if isinstance(extra, dict):
            context.update(extra)
    context |= {
        "unit": unit,
        "now": now,
        "open": [
            {"item": i, "kind": _label(i.kind), "reminded": counts.get((i.kind, i.key), 0), "overdue": i.due < now}
            for i in open_
        ],
        "done": [
            {
                "item": i,
                "kind": Kind(i.kind).label,
                "reminded": counts.get((i.kind, i.key), 0),
                "late": i.done and i.done > i.due,
            }
            for i in done
        ],
        "year": timezone.localtime(now).year,
    }
    return render(request, "deadlines/todo.html", context)
