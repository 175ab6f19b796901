"""Timeliness, as DHIS2 counts it but from real dates: for every deadline-bearing thing due by now (periodic
reports, assigned tasks in charge, self-assessments), per unit and period of its deadline, how many were expected,
done, and done on time, rolled up to the units above. Plain counting over the registered providers: the indicators
app stores the counts as its timeliness figures (:mod:`parindex.indicators.timeliness`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from django.utils import timezone

from parindex.deadlines import registry
from parindex.deadlines.kinds import SCHEDULED, DeadlineKind
from parindex.deadlines.registry import Item


class Measure(StrEnum):
    DONE = "done"  # done by now, of those due by now
    ON_TIME = "on_time"  # done by their deadline, of those due by now


# What is counted per kind: a self-assessment counts only for being on time (submitting late is not "done" later).
MEASURES: dict[DeadlineKind, tuple[Measure, ...]] = {
    DeadlineKind.REPORT: (Measure.DONE, Measure.ON_TIME),
    DeadlineKind.TASK: (Measure.DONE, Measure.ON_TIME),
    DeadlineKind.SELF_ASSESSMENT: (Measure.ON_TIME,),
    DeadlineKind.PLAN_ACTION: (Measure.DONE, Measure.ON_TIME),
}

Key = tuple[int, str, DeadlineKind, Measure]  # unit, period ("2026", "2026-Q1", "2026-01"), kind, measure


def periods(moment: datetime) -> list[str]:
    """The year, quarter and month a deadline falls in (local time)."""
    local = timezone.localtime(moment)
    return [f"{local.year}", f"{local.year}-Q{(local.month - 1) // 3 + 1}", f"{local.year}-{local.month:02d}"]


def counts(items: Iterable[Item], tree: list[tuple[int, int]], now: datetime) -> dict[Key, list[int]]:
    """(unit, period, kind, measure) → [numerator, denominator], rolled up along ``tree`` ((ancestor, unit) pairs,
    each unit with itself included), for the items due by ``now``."""
    ancestors: dict[int, list[int]] = defaultdict(list)
    for ancestor, unit_id in tree:
        ancestors[unit_id].append(ancestor)
    found: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    for item in items:
        if item.due > now or item.kind not in MEASURES:
            continue  # not expected yet, or not counted
        finished = item.done is not None and item.done <= now
        on_time = finished and item.done is not None and item.done <= item.due
        for unit_id in ancestors.get(item.unit_id, [item.unit_id]):
            for period in periods(item.due):
                for measure in MEASURES[item.kind]:
                    entry = found[(unit_id, period, item.kind, measure)]
                    entry[0] += int(finished if measure is Measure.DONE else on_time)
                    entry[1] += 1
    return found


def all_items(now: datetime) -> list[Item]:
    """Every deadline reminded of and counted (periodic reports, tasks in charge, self-assessments), done or not, from
    the providers the apps registered (:mod:`parindex.deadlines.registry`)."""
    return registry.items(now, SCHEDULED)
