"""Timeliness, as DHIS2 counts it but from real dates: for every deadline-bearing thing due by now (periodic
reports, assigned tasks in charge, self-assessments), per unit and period of its deadline, how many were expected,
done, and done on time. The figures join the indicators (so ``source: indicator:<code>`` leaves and the dashboard
use them) and roll up to parent units like every indicator."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from parindex.dbbulk import insert_rows
from parindex.deadlines import registry
from parindex.deadlines.kinds import SCHEDULED, DeadlineKind
from parindex.deadlines.registry import Item
from parindex.indicators.models import Figure, Indicator, period_kind

CODES = (
    Indicator.REPORTS_SUBMITTED,
    Indicator.REPORTS_ON_TIME,
    Indicator.TASKS_COMPLETED,
    Indicator.TASKS_ON_TIME,
    Indicator.SELF_ASSESSMENT_ON_TIME,
)


def _periods(moment: datetime) -> list[str]:
    local = timezone.localtime(moment)
    return [f"{local.year}", f"{local.year}-Q{(local.month - 1) // 3 + 1}", f"{local.year}-{local.month:02d}"]


def figures(items: Iterable[Item], tree: list[tuple[int, int]], now: datetime) -> dict[tuple[int, str, str], list[int]]:
    """(unit, period, indicator) → [numerator, denominator], rolled up, for the items due by ``now``."""
    ancestors: dict[int, list[int]] = defaultdict(list)
    for ancestor, unit_id in tree:
        ancestors[unit_id].append(ancestor)
    counts: dict[tuple[int, str, str], list[int]] = defaultdict(lambda: [0, 0])
    codes = {
        DeadlineKind.REPORT: (Indicator.REPORTS_SUBMITTED, Indicator.REPORTS_ON_TIME),
        DeadlineKind.TASK: (Indicator.TASKS_COMPLETED, Indicator.TASKS_ON_TIME),
        DeadlineKind.SELF_ASSESSMENT: (None, Indicator.SELF_ASSESSMENT_ON_TIME),
    }
    for item in items:
        if item.due > now:
            continue  # not expected yet
        done, on_time = codes[item.kind]
        finished = item.done is not None and item.done <= now
        for unit_id in ancestors.get(item.unit_id, [item.unit_id]):
            for period in _periods(item.due):
                if done is not None:
                    entry = counts[(unit_id, period, done)]
                    entry[0] += int(finished)
                    entry[1] += 1
                entry = counts[(unit_id, period, on_time)]
                entry[0] += int(finished and item.done is not None and item.done <= item.due)
                entry[1] += 1
    return counts


def all_items(now: datetime) -> list[Item]:
    """Every deadline reminded of and counted (periodic reports, tasks in charge, self-assessments), done or not, from
    the providers the apps registered (:mod:`parindex.deadlines.registry`)."""
    return registry.items(now, SCHEDULED)


def refresh(now: datetime | None = None) -> int:
    """Compute every timeliness figure again and replace the stored ones; returns how many."""
    from parindex.indicators.services import tree_pairs

    now = now or timezone.now()
    counts = figures(all_items(now), tree_pairs(), now)
    with transaction.atomic():
        Figure.objects.filter(indicator__in=CODES).delete()
        insert_rows(
            Figure,
            ["unit", "period", "kind", "indicator", "numerator", "denominator"],
            [(u, p, period_kind(p), str(code), n, d) for (u, p, code), (n, d) in counts.items()],
        )
    return len(counts)


def on_deadlines_changed(sender: object, **kwargs: object) -> None:
    """Tasks and periodic reports announce each change that moves a deadline or a completion (their
    ``deadlines_changed`` signals, connected in this app's ``ready``): the figures are computed again at once."""
    refresh()
