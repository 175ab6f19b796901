"""Timeliness, as DHIS2 counts it but from real dates: for every deadline-bearing thing due by now (periodic
reports, assigned tasks in charge, self-assessments), per unit and period of its deadline, how many were expected,
done, and done on time. The figures join the indicators (so ``source: indicator:<code>`` leaves and the dashboard
use them) and roll up to parent units like every indicator."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.assessments.models import Assessment, Campaign
from parindex.dbbulk import insert_rows
from parindex.deadlines import Standing, standing
from parindex.indicators.models import Figure, Indicator, period_kind
from parindex.org.models import Unit
from parindex.reports.models import ReportPeriod, ReportSubmission, report_done_at
from parindex.tasks.models import TaskUnit

CODES = (
    Indicator.REPORTS_SUBMITTED,
    Indicator.REPORTS_ON_TIME,
    Indicator.TASKS_COMPLETED,
    Indicator.TASKS_ON_TIME,
    Indicator.SELF_ASSESSMENT_ON_TIME,
)


@dataclass(frozen=True)
class Item:
    """One deadline a unit owed: its kind, the unit, when it was due and when it was done (None: not yet), with what
    the pages and reminders say of it."""

    kind: str
    key: str
    unit_id: int
    due: datetime
    done: datetime | None
    subject: str = ""
    link: str = ""

    def standing(self, now: datetime) -> Standing:
        return standing(self.due, self.done, now)


def report_items(now: datetime, periods: Iterable[ReportPeriod] | None = None) -> list[Item]:
    """Every (periodic report, unit of its group) pair, with when the unit submitted it."""
    periods = list(periods if periods is not None else ReportPeriod.objects.select_related("group"))
    group_units: dict[int, list[int]] = defaultdict(list)
    for pk, group_id in Unit.objects.filter(is_active=True, group__isnull=False).values_list("pk", "group_id"):
        group_units[group_id].append(pk)
    sent: dict[tuple[int, int], list[ReportSubmission]] = defaultdict(list)
    for submission in ReportSubmission.objects.filter(period__in=periods).only(
        "period_id", "unit_id", "submitted_at", "review"
    ):
        sent[(submission.period_id, submission.unit_id)].append(submission)
    codes = dict(Unit.objects.filter(group__isnull=False).values_list("pk", "code"))
    return [
        Item(
            "report",
            f"{period.pk}:{unit_id}",
            unit_id,
            period.deadline,
            report_done_at(sent[(period.pk, unit_id)]),
            _("Periodic PAR report: %(period)s") % {"period": f"{period.get_kind_display()} {period.year}"},
            reverse("assignments:report-unit", args=[period.pk, codes[unit_id]]),
        )
        for period in periods
        for unit_id in group_units[period.group_id]
    ]


def task_items() -> list[Item]:
    """Every task's unit in charge, with when its accepted completion report was sent."""
    parts = TaskUnit.objects.filter(role=TaskUnit.Role.LEAD).select_related("task")
    return [
        Item(
            "task",
            str(p.pk),
            p.unit_id,
            p.task.deadline,
            p.completed_at,
            _("Task %(code)s: %(content)s") % {"code": p.task.code, "content": p.task.content[:120]},
            reverse("assignments:task", args=[p.task_id]),
        )
        for p in parts
    ]


def self_assessment_items() -> list[Item]:
    """Every unit's self-assessment of a campaign with a deadline (the unit's own, if it was given an exception)."""
    items = []
    assessments = Assessment.objects.select_related("campaign", "unit").filter(campaign__self_closes_at__isnull=False)
    for a in assessments:
        due = a.deadline_override or a.campaign.self_closes_at
        assert due is not None
        items.append(
            Item(
                "self_assessment",
                str(a.pk),
                a.unit_id,
                due,
                a.submitted_at,
                _("Self-assessment: %(campaign)s") % {"campaign": a.campaign.name},
                # Opens the right page for whoever follows it: the unit's sheet, or its appraisal page for others.
                reverse("assessments:unit-open", args=[a.campaign.code, a.unit.code]),
            )
        )
    return items


EXPLANATION = "explanation"


def explanation_items(unit_ids: Iterable[int]) -> list[Item]:
    """Explanations the units owe the appraisal council: asked for in a running campaign that set an explanation
    deadline. Shown on the unit's to-do list; not a timeliness figure (the council's round 2 follows either way)."""
    asked = Assessment.objects.select_related("campaign", "unit").filter(
        unit_id__in=list(unit_ids),
        state=Assessment.State.EXPLANATION_REQUESTED,
        campaign__status=Campaign.Status.OPEN,
        campaign__explanation_closes_at__isnull=False,
    )
    return [
        Item(
            EXPLANATION,
            str(a.pk),
            a.unit_id,
            a.campaign.explanation_closes_at,
            None,
            _("Explanation to the appraisal council: %(campaign)s") % {"campaign": a.campaign.name},
            reverse("assessments:unit-open", args=[a.campaign.code, a.unit.code]),
        )
        for a in asked
        if a.campaign.explanation_closes_at is not None
    ]


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
        "report": (Indicator.REPORTS_SUBMITTED, Indicator.REPORTS_ON_TIME),
        "task": (Indicator.TASKS_COMPLETED, Indicator.TASKS_ON_TIME),
        "self_assessment": (None, Indicator.SELF_ASSESSMENT_ON_TIME),
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
    return [*report_items(now), *task_items(), *self_assessment_items()]


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
