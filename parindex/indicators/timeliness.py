"""The timeliness figures among the indicators: the deadlines app counts, from real dates, what each unit was due and
did on time (:mod:`parindex.deadlines.timeliness`); this module stores those counts as indicator figures, so
``source: indicator:<code>`` leaves and the dashboard use them and they roll up to parent units like every indicator.
They are computed again whenever the deadlines app announces a change (connected in this app's ``ready``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from parindex.dbbulk import insert_rows
from parindex.deadlines import timeliness
from parindex.deadlines.kinds import DeadlineKind
from parindex.deadlines.timeliness import Measure
from parindex.indicators import figures as indicator_figures
from parindex.indicators.models import Figure, Indicator, period_kind
from parindex.indicators.services import tree_pairs
from parindex.org.models import Unit

# The indicator each count is stored as.
INDICATOR_OF: dict[tuple[DeadlineKind, Measure], Indicator] = {
    (DeadlineKind.REPORT, Measure.DONE): Indicator.REPORTS_SUBMITTED,
    (DeadlineKind.REPORT, Measure.ON_TIME): Indicator.REPORTS_ON_TIME,
    (DeadlineKind.TASK, Measure.DONE): Indicator.TASKS_COMPLETED,
    (DeadlineKind.TASK, Measure.ON_TIME): Indicator.TASKS_ON_TIME,
    (DeadlineKind.SELF_ASSESSMENT, Measure.ON_TIME): Indicator.SELF_ASSESSMENT_ON_TIME,
    (DeadlineKind.PLAN_ACTION, Measure.DONE): Indicator.PLAN_ACTIONS_DONE,
    (DeadlineKind.PLAN_ACTION, Measure.ON_TIME): Indicator.PLAN_ACTIONS_ON_TIME,
}
CODES = tuple(INDICATOR_OF.values())


def refresh(now: datetime | None = None) -> int:
    """Compute every timeliness figure again and replace the stored ones; returns how many."""
    now = now or timezone.now()
    counts = timeliness.counts(timeliness.all_items(now), tree_pairs(), now)
    rows = [
        (unit, period, period_kind(period), str(INDICATOR_OF[(kind, measure)]), n, d)
        for (unit, period, kind, measure), (n, d) in counts.items()
    ]
    with transaction.atomic():
        Figure.objects.filter(indicator__in=CODES).delete()
        insert_rows(Figure, ["unit", "period", "kind", "indicator", "numerator", "denominator"], rows)
    return len(rows)


def on_deadlines_changed(sender: object, **kwargs: object) -> None:
    """Something moved a deadline or a completion, or time passed
    (:data:`parindex.deadlines.signals.deadlines_changed`): the figures are computed again at once."""
    refresh()


def unit_todo_figures(sender: object, unit: Unit, now: datetime, **kwargs: Any) -> dict[str, object]:
    """A unit's timeliness this year, shown on its to-do list."""
    year = str(timezone.localtime(now).year)
    found = {r.indicator: r for r in indicator_figures.rows([year], [unit.pk], [str(c) for c in CODES])}
    return {"figures": [found.get(str(c)) for c in CODES]}
